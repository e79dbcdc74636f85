"""The clerk's settings of a board meeting's public comment (window, cap, minutes,
order)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from cms.models import User
from meetings import broadcast
from meetings.models import (
    MeetingPage,
    PublicCommentSettings,
    SpeakerOrder,
    WhenFull,
)
from meetings.public_comment.services.common import require_clerk

# Settings ----------------------------------------------------------------------------

SETTING_FIELDS = (
    "signup_open",
    "opens_at",
    "closes_at",
    "speaker_cap",
    "minutes_per_speaker",
    "interpreted_extra_minutes",
    "order",
    "remote_allowed",
    "when_full",
    "publish_speakers",
)


def comment_settings_set(*, actor: User, meeting: MeetingPage, **values) -> PublicCommentSettings:
    """A clerk sets how a board meeting takes public comment."""
    require_clerk(actor)
    if meeting.kind != "board":
        raise ValidationError(_("Public comment is only taken at school-board meetings."))
    unknown = set(values) - set(SETTING_FIELDS)
    if unknown:
        raise ValueError(f"unknown settings {sorted(unknown)}")
    errors: dict[str, list[str]] = {}
    opens_at, closes_at = values.get("opens_at"), values.get("closes_at")
    if opens_at is None:
        errors["opens_at"] = [_("Please give the time sign-up opens.")]
    if closes_at is None:
        errors["closes_at"] = [_("Please give the time sign-up closes.")]
    elif opens_at is not None and closes_at <= opens_at:
        errors["closes_at"] = [_("Sign-up must close after it opens.")]
    for name in ("speaker_cap", "minutes_per_speaker"):
        if name in values and (values[name] is None or values[name] < 1):
            errors[name] = [_("Please give a number of at least 1.")]
    if values.get("order", SpeakerOrder.FIRST_COME) not in SpeakerOrder.values:
        errors["order"] = [_("Please choose one of the options in the list.")]
    if values.get("when_full", WhenFull.WAITLIST) not in WhenFull.values:
        errors["when_full"] = [_("Please choose one of the options in the list.")]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        comment, _created = PublicCommentSettings.objects.update_or_create(
            meeting_id=meeting.canonical_id, defaults=values
        )
        broadcast.queue_changed(comment.meeting_id)
    return comment
