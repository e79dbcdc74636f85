"""Meetings: meeting pages (Wagtail, translatable), RSVPs with language needs, the
interpreter roster, interpreter slots and the claims on them; public comment's models
(``meetings.public_comment.models``) belong to this app too and are re-exported here so
that Django registers them.

A meeting page exists once per locale (wagtail-localize copies share a translation_key).
RSVPs, slots and claims attach to ONE row per meeting, the *canonical* page: the first
page created with that translation_key (the source the others were translated from), so
the Vietnamese reader's RSVP and the English reader's count together.
"""

from meetings.blocks import AgendaBlock, AgendaItemBlock, MaterialBlock, MaterialsBlock
from meetings.models.interpreters import (
    Direction,
    InterpreterLanguage,
    InterpreterProfile,
    InterpreterSlot,
    InterpretingMode,
    SlotClaim,
)
from meetings.models.pages import BoardIndexPage, MeetingIndexPage, MeetingKind, MeetingPage
from meetings.models.rsvp import Rsvp, RsvpResponse
from meetings.public_comment.models import (
    ACTIVE_STATUSES,
    LIST_STATUSES,
    PLACE_STATUSES,
    Attendance,
    CommentLottery,
    PublicCommentSettings,
    SignupStatus,
    SpeakerOrder,
    SpeakerSignup,
    WhenFull,
)

__all__ = [
    "ACTIVE_STATUSES",
    "LIST_STATUSES",
    "PLACE_STATUSES",
    "AgendaBlock",
    "AgendaItemBlock",
    "Attendance",
    "BoardIndexPage",
    "CommentLottery",
    "Direction",
    "InterpreterLanguage",
    "InterpreterProfile",
    "InterpreterSlot",
    "InterpretingMode",
    "MaterialBlock",
    "MaterialsBlock",
    "MeetingIndexPage",
    "MeetingKind",
    "MeetingPage",
    "PublicCommentSettings",
    "Rsvp",
    "RsvpResponse",
    "SignupStatus",
    "SlotClaim",
    "SpeakerOrder",
    "SpeakerSignup",
    "WhenFull",
]
