"""Writes for public comment, by task: the clerk's settings (``settings``), signing up and
cancelling (``signup``, which explains how places are taken without a global lock), the
clerk's list, live queue and lottery (``clerk``), and retention (``retention``). Each
checks permission itself, refuses bad input with a translated ValidationError and changes
nothing when it refuses. Import them from here."""

from meetings.public_comment.services.clerk import (
    CLERK_MARKS,
    lottery_draw,
    queue_advance,
    speaker_mark,
    speaker_move,
)
from meetings.public_comment.services.common import COMMENT_MAX, NAME_MAX, TOPIC_MAX
from meetings.public_comment.services.retention import comment_retention_apply
from meetings.public_comment.services.settings import SETTING_FIELDS, comment_settings_set
from meetings.public_comment.services.signup import comment_cancel, comment_signup

__all__ = [
    "CLERK_MARKS",
    "COMMENT_MAX",
    "NAME_MAX",
    "SETTING_FIELDS",
    "TOPIC_MAX",
    "comment_cancel",
    "comment_retention_apply",
    "comment_settings_set",
    "comment_signup",
    "lottery_draw",
    "queue_advance",
    "speaker_mark",
    "speaker_move",
]
