"""Replying to a meeting by text message: "Reply 1 yes, 2 maybe, 3 no", then whether the
family needs an interpreter (into their own language), childcare and transport.

Every answer goes through ``rsvp_set``, so the reply is the same record the web page edits
and follows the same rules (replies close at the cutoff, only the group's families).
Registered with the cms SMS dispatcher from ``MeetingsConfig.ready()``.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cms.languages import language_name
from cms.models import User
from cms.notifications import notification_send, register_kind
from cms.sms_inbound.registry import (
    Inbound,
    Reply,
    register_handler,
    register_prompt,
    register_starter,
)
from meetings.models import MeetingPage, Rsvp, RsvpResponse

HANDLER = "meetings.rsvp"
INVITATION = "meetings.invitation"
RESPONSES = {1: RsvpResponse.YES, 2: RsvpResponse.MAYBE, 3: RsvpResponse.NO}
YES_NO = {1: True, 2: False}


# Questions (short: each fits in two SMS segments, see tests/cms/test_sms_segments.py) --


def ask_response() -> str:
    return _("Will you come? Reply 1 yes, 2 maybe, 3 no.")


def ask_interpreter(language: str) -> str:
    return _("Do you need an interpreter into %(language)s? Reply 1 yes, 2 no.") % {
        "language": language_name(language)
    }


def ask_children() -> str:
    return _("How many children need childcare? Reply a number, 0 if none.")


def ask_transport() -> str:
    return _("Do you need help getting there? Reply 1 yes, 2 no.")


def saved() -> str:
    return _("Thank you, your reply is saved. To change it, reply 1 yes, 2 maybe, 3 no.")


def not_coming() -> str:
    return _("Thank you for telling us. If that changes, reply 1 yes or 2 maybe.")


def _options(data: dict) -> str:
    step = data.get("step", "response")
    if step == "interpreter":
        return ask_interpreter(translation.get_language() or "en")
    if step == "children":
        return ask_children()
    if step == "transport":
        return ask_transport()
    return ask_response()


# The conversation -------------------------------------------------------------------


def _needs_interpreter_question(user: User) -> bool:
    from meetings.selectors import interpretation_languages

    return user.preferred_language in dict(interpretation_languages())


def _save(inbound: Inbound, meeting: MeetingPage, **changes) -> Rsvp:
    from meetings.services import rsvp_set

    current = Rsvp.objects.filter(meeting_id=meeting.canonical_id, user=inbound.user).first()
    values = {
        "response": current.response if current else RsvpResponse.YES,
        "language": current.language if current else "",
        "children": current.children if current else 0,
        "transport": current.transport if current else False,
        "access_needs": current.access_needs if current else "",
    }
    values.update(changes)
    return rsvp_set(actor=inbound.user, meeting=meeting, **values)


def _step(meeting_id: int, step: str) -> tuple[str, dict]:
    return HANDLER, {"meeting": meeting_id, "step": step}


def handle(inbound: Inbound) -> Reply | None:
    meeting = MeetingPage.objects.filter(pk=inbound.data.get("meeting")).first()
    numbers = inbound.numbers
    if meeting is None:
        return Reply([_("This meeting is no longer on the calendar.")], next=None)
    if not numbers or len(numbers) != 1:
        return None
    number = numbers[0]
    step = inbound.data.get("step", "response")
    meeting_id = meeting.canonical_id
    try:
        if step == "response":
            if number not in RESPONSES:
                return None
            _save(inbound, meeting, response=RESPONSES[number])
            if RESPONSES[number] == RsvpResponse.NO:
                return Reply([not_coming()], next=_step(meeting_id, "response"))
            if _needs_interpreter_question(inbound.user):
                return Reply(
                    [ask_interpreter(inbound.user.preferred_language)],
                    next=_step(meeting_id, "interpreter"),
                )
            return Reply([ask_children()], next=_step(meeting_id, "children"))
        if step == "interpreter":
            if number not in YES_NO:
                return None
            language = inbound.user.preferred_language if YES_NO[number] else ""
            _save(inbound, meeting, language=language)
            return Reply([ask_children()], next=_step(meeting_id, "children"))
        if step == "children":
            from meetings.services import CHILDREN_MAX

            if not 0 <= number <= CHILDREN_MAX:
                return None
            _save(inbound, meeting, children=number)
            return Reply([ask_transport()], next=_step(meeting_id, "transport"))
        if step == "transport":
            if number not in YES_NO:
                return None
            _save(inbound, meeting, transport=YES_NO[number])
            return Reply([saved()], next=_step(meeting_id, "response"))
    except PermissionDenied:
        return Reply([_("This meeting is for the members of its group.")], next=None)
    except ValidationError as exc:
        return Reply([" ".join(exc.messages)], next=None)
    return None


# The invitation: a notice to the group, whose text ends with the question ------------------


def _invitation_context(language: str, context: dict) -> dict:
    meeting = MeetingPage.objects.filter(pk=context["meeting_id"]).first()
    if meeting is None:
        return {"url": reverse("meetings:list")}
    translated = (
        MeetingPage.objects.filter(
            translation_key=meeting.translation_key, locale__language_code=language
        ).first()
        or meeting
    )
    return {
        "url": reverse("meetings:rsvp", args=[translated.pk]),
        "meeting_title": translated.title,
        "place": translated.place,
        "starts": timezone.localtime(meeting.starts_at),
        "group": meeting.group.name if meeting.group_id else "",
    }


register_kind(
    INVITATION, gettext_lazy("Invitations to my groups' meetings"), build=_invitation_context
)


def meeting_invitation_send(*, actor: User, meeting: MeetingPage) -> int:
    """Invite the group's families to a meeting in their language and channel; those who
    get texts can answer by replying 1, 2 or 3. Returns how many were invited."""
    from advisory.selectors.groups import group_members

    if not actor.has_perm("meetings.invite", meeting):
        raise PermissionDenied
    if meeting.group_id is None:
        raise ValidationError(_("Only a group's meeting can be sent to its members."))
    if not meeting.replies_open():
        raise ValidationError(_("Replies to this meeting are closed."))
    canonical = MeetingPage.objects.get(pk=meeting.canonical_id)
    with transaction.atomic():
        sent = notification_send(
            kind=INVITATION,
            recipients=list(group_members(canonical.group)),
            context={"meeting_id": canonical.pk},
            source_key=f"meeting:{canonical.pk}:invitation",
            sms_conversation=_step(canonical.pk, "response"),
        )
    return len(sent)


def start(user: User) -> tuple[list[str], tuple[str, dict]] | None:
    """The invitation text for the person's next open meeting (``manage.py sms_simulate``)."""
    from django.template.loader import render_to_string

    from advisory.selectors.groups import groups_of

    meeting = (
        MeetingPage.objects.live()
        .filter(group__in=groups_of(user), starts_at__gt=timezone.now())
        .order_by("starts_at")
        .first()
    )
    if meeting is None:
        return None
    with translation.override(user.preferred_language):
        context = _invitation_context(user.preferred_language, {"meeting_id": meeting.canonical_id})
        text = render_to_string("meetings/notifications/invitation/sms.txt", context)
    return [" ".join(text.split())], _step(meeting.canonical_id, "response")


def _sample_invitation() -> str:
    from datetime import datetime

    from django.template.loader import render_to_string

    text = render_to_string(
        "meetings/notifications/invitation/sms.txt",
        {
            "meeting_title": "Family meeting",
            "place": "School library",
            "starts": timezone.make_aware(datetime(2026, 11, 12, 18, 0)),
            "group": "Lincoln Family Advisory",
        },
    )
    return " ".join(text.split())


def register() -> None:
    register_handler(HANDLER, handle, _options)
    register_starter("rsvp", "Meeting reply (1 yes, 2 maybe, 3 no)", start)
    register_prompt("meetings.invitation", _sample_invitation)
    register_prompt("meetings.ask_response", ask_response)
    register_prompt("meetings.ask_interpreter", lambda: ask_interpreter("so"))
    register_prompt("meetings.ask_children", ask_children)
    register_prompt("meetings.ask_transport", ask_transport)
    register_prompt("meetings.saved", saved)
    register_prompt("meetings.not_coming", not_coming)
