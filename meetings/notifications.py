"""Notice kinds of the meetings app: an interpreter's confirmation, reminder and change
of assignment, and "a slot is open" for every interpreter verified for its language."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cms.audio import audio_key
from cms.languages import language_name
from cms.notifications import register_kind

SLOT_CONFIRMED = "meetings.slot_confirmed"
SLOT_REMINDER = "meetings.slot_reminder"
SLOT_UNASSIGNED = "meetings.slot_unassigned"
SLOT_OPENED = "meetings.slot_opened"


def slot_context(language: str, context: dict) -> dict:
    """The slot with its meeting's title in the reader's language where translated."""
    from meetings.models import InterpreterSlot, MeetingPage

    slot = InterpreterSlot.objects.select_related("meeting").filter(pk=context["slot_id"]).first()
    if slot is None:
        return {"url": reverse("meetings:interpreting")}
    meeting = (
        MeetingPage.objects.filter(
            translation_key=slot.meeting.translation_key, locale__language_code=language
        ).first()
        or slot.meeting
    )
    return {
        "url": reverse("meetings:interpreting"),
        "meeting_title": meeting.title,
        "place": meeting.place,
        "language_name": language_name(slot.language),
        "mode": slot.get_mode_display(),
        "starts": timezone.localtime(slot.starts_at),
        "ends": timezone.localtime(slot.ends_at),
    }


register_kind(SLOT_CONFIRMED, _("Interpreter assignments"), mutable=False, build=slot_context)
register_kind(SLOT_REMINDER, _("Reminders of my interpreter assignments"), build=slot_context)
register_kind(
    SLOT_UNASSIGNED, _("Changes to my interpreter assignments"), mutable=False, build=slot_context
)
register_kind(SLOT_OPENED, _("Open interpreter slots in my languages"), build=slot_context)


# Public comment (issue 7) -------------------------------------------------------------

COMMENT_CONFIRMED = "meetings.comment_confirmed"
COMMENT_PROMOTED = "meetings.comment_promoted"
COMMENT_REMINDER = "meetings.comment_reminder"


def signup_context(language: str, context: dict) -> dict:
    """A speaker sign-up with its meeting's title in the reader's language."""
    from meetings.models import MeetingPage, SpeakerSignup

    signup = SpeakerSignup.objects.select_related("meeting").filter(pk=context["signup_id"]).first()
    if signup is None:
        return {"url": reverse("meetings:list")}
    meeting = (
        MeetingPage.objects.filter(
            translation_key=signup.meeting.translation_key, locale__language_code=language
        ).first()
        or signup.meeting
    )
    return {
        "url": reverse("meetings:comment", args=[signup.meeting_id]),
        "meeting_title": meeting.title,
        "place": meeting.place,
        "starts": timezone.localtime(meeting.starts_at),
        "called_name": signup.called_name,
        "status": signup.status,
        "status_label": signup.get_status_display(),
        "remote": signup.attendance == "remote",
        "interpreter": language_name(signup.language) if signup.needs_interpreter else "",
        "audio_of": audio_key(signup.meeting),
    }


register_kind(
    COMMENT_CONFIRMED,
    _("Confirmations of my public-comment sign-ups"),
    mutable=False,
    build=signup_context,
)
register_kind(
    COMMENT_PROMOTED, _("A place to speak opened for me"), mutable=False, build=signup_context
)
register_kind(COMMENT_REMINDER, _("Reminders before I speak at the board"), build=signup_context)
