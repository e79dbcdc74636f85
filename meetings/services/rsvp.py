"""Replies to a meeting invitation: who comes and what they need (language, childcare,
transport)."""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cms.models import User
from meetings import broadcast
from meetings.models import (
    MeetingPage,
    Rsvp,
    RsvpResponse,
)
from meetings.selectors import (
    interpretation_languages,
)

ACCESS_NEEDS_MAX = 1000
CHILDREN_MAX = 20


# RSVPs -------------------------------------------------------------------------------


def rsvp_set(
    *,
    actor: User,
    meeting: MeetingPage,
    response: str,
    language: str = "",
    children: int = 0,
    transport: bool = False,
    access_needs: str = "",
    now: datetime | None = None,
) -> Rsvp:
    """Reply to a meeting, or change the reply, until replies close."""
    if not actor.has_perm("meetings.rsvp", meeting):
        raise PermissionDenied
    now = now or timezone.now()
    if not meeting.replies_open(now):
        raise ValidationError(_("Replies to this meeting are closed."))
    errors: dict[str, list[str]] = {}
    if response not in RsvpResponse.values:
        errors["response"] = [_("Please choose one of the answers.")]
    language = (language or "").strip()
    if language and language not in dict(interpretation_languages()):
        errors["language"] = [_("Please choose one of the languages in the list.")]
    if children is None or children < 0 or children > CHILDREN_MAX:
        errors["children"] = [
            _("Please give a number between 0 and %(max)d.") % {"max": CHILDREN_MAX}
        ]
    access_needs = (access_needs or "").strip()
    if len(access_needs) > ACCESS_NEEDS_MAX:
        errors["access_needs"] = [
            _("Please keep this under %(max)d characters.") % {"max": ACCESS_NEEDS_MAX}
        ]
    if errors:
        raise ValidationError(errors)
    values = {
        "response": response,
        "language": language,
        "children": children or 0,
        "transport": bool(transport),
        "access_needs": access_needs,
    }
    meeting_id = meeting.canonical_id
    with transaction.atomic():
        try:
            with transaction.atomic():
                rsvp, _created = Rsvp.objects.update_or_create(
                    meeting_id=meeting_id, user=actor, defaults=values
                )
        except IntegrityError:  # a second tab replied at the same moment: update theirs
            Rsvp.objects.filter(meeting_id=meeting_id, user=actor).update(**values)
            rsvp = Rsvp.objects.get(meeting_id=meeting_id, user=actor)
        broadcast.coverage_changed(meeting_id)
    return rsvp
