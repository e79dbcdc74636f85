"""The clerk's list during the meeting: marks (called, spoke, no-show, withdrew), the
live queue and reordering; and the lottery when the list is drawn."""

from __future__ import annotations

import secrets
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cms.models import User
from cms.notifications import notification_send
from meetings import broadcast
from meetings.models import (
    LIST_STATUSES,
    PLACE_STATUSES,
    CommentLottery,
    MeetingPage,
    PublicCommentSettings,
    SignupStatus,
    SpeakerSignup,
    WhenFull,
)
from meetings.notifications import COMMENT_PROMOTED
from meetings.public_comment.services.common import require_clerk
from meetings.public_comment.services.signup import (
    cancel_reminder,
    promote_next,
    renumber,
    schedule_reminder,
    signup_locked,
    waitlist_position,
)

CLERK_MARKS = {
    SignupStatus.CALLED,
    SignupStatus.SPOKE,
    SignupStatus.NO_SHOW,
    SignupStatus.WITHDREW,
    SignupStatus.SIGNED_UP,
}


def speaker_mark(
    *, actor: User, signup: SpeakerSignup, status: str, now: datetime | None = None
) -> SpeakerSignup:
    """The clerk marks a speaker called, spoke, no-show or withdrew (or back to waiting).
    Calling someone finishes whoever was speaking."""
    require_clerk(actor)
    if status not in CLERK_MARKS:
        raise ValidationError(_("Please choose one of the options in the list."))
    now = now or timezone.now()
    with transaction.atomic():
        comment, signup = signup_locked(signup)
        if signup.status not in LIST_STATUSES:
            raise ValidationError(_("Only people on the speakers list can be marked."))
        if status == SignupStatus.CALLED:
            SpeakerSignup.objects.filter(
                meeting_id=signup.meeting_id, status=SignupStatus.CALLED
            ).exclude(pk=signup.pk).update(status=SignupStatus.SPOKE, status_changed_at=now)
            signup.called_at = now
        signup.status = status
        signup.status_changed_at = now
        signup.save(update_fields=["status", "status_changed_at", "called_at"])
        if status == SignupStatus.WITHDREW:
            cancel_reminder(signup)
            promote_next(comment, now)
        broadcast.queue_changed(signup.meeting_id)
        if signup.needs_interpreter:
            broadcast.coverage_changed(signup.meeting_id)
    return signup


def queue_advance(
    *, actor: User, meeting: MeetingPage, now: datetime | None = None
) -> SpeakerSignup | None:
    """Next speaker: whoever is speaking has spoken; the first waiting speaker is called.
    Returns the speaker now called (None when the list is done)."""
    require_clerk(actor)
    now = now or timezone.now()
    with transaction.atomic():
        PublicCommentSettings.objects.select_for_update().get(meeting_id=meeting.canonical_id)
        SpeakerSignup.objects.filter(
            meeting_id=meeting.canonical_id, status=SignupStatus.CALLED
        ).update(status=SignupStatus.SPOKE, status_changed_at=now)
        nxt = (
            SpeakerSignup.objects.filter(
                meeting_id=meeting.canonical_id, status=SignupStatus.SIGNED_UP
            )
            .order_by("position", "pk")
            .first()
        )
        if nxt is not None:
            nxt.status = SignupStatus.CALLED
            nxt.called_at = now
            nxt.status_changed_at = now
            nxt.save(update_fields=["status", "called_at", "status_changed_at"])
        broadcast.queue_changed(meeting.canonical_id)
    return nxt


def speaker_move(*, actor: User, signup: SpeakerSignup, up: bool) -> SpeakerSignup:
    """The clerk moves a speaker one place up or down the list."""
    require_clerk(actor)
    with transaction.atomic():
        comment, signup = signup_locked(signup)
        if signup.status not in LIST_STATUSES:
            raise ValidationError(_("Only people on the speakers list can be moved."))
        ordered = list(
            SpeakerSignup.objects.filter(
                meeting_id=signup.meeting_id, status__in=LIST_STATUSES
            ).order_by("position", "pk")
        )
        index = next(i for i, s in enumerate(ordered) if s.pk == signup.pk)
        other = index - 1 if up else index + 1
        if 0 <= other < len(ordered):
            ordered[index], ordered[other] = ordered[other], ordered[index]
            renumber(signup.meeting_id, ordered)
            broadcast.queue_changed(signup.meeting_id)
    signup.refresh_from_db()
    return signup


def lottery_draw(
    *, actor: User, meeting: MeetingPage, seed: str | None = None, now: datetime | None = None
) -> CommentLottery:
    """After sign-up closes, draw the speakers among the lottery entrants with a recorded
    seed; the drawn speak in the drawn order, the others wait on the list in the drawn
    order. Re-running the draw with the seed gives the same result."""
    require_clerk(actor)
    now = now or timezone.now()
    seed = seed or secrets.token_hex(16)
    with transaction.atomic():
        comment = (
            PublicCommentSettings.objects.select_for_update()
            .select_related("meeting")
            .get(meeting_id=meeting.canonical_id)
        )
        if comment.when_full != WhenFull.LOTTERY:
            raise ValidationError(_("This meeting does not use a lottery."))
        if now < comment.closes_at:
            raise ValidationError(_("The lottery is drawn after sign-up closes."))
        if CommentLottery.objects.filter(meeting_id=comment.meeting_id).exists():
            raise ValidationError(_("The lottery for this meeting was already drawn."))
        entrants = list(
            SpeakerSignup.objects.filter(meeting_id=comment.meeting_id, status=SignupStatus.ENTERED)
            .order_by("created_at", "pk")
            .values_list("pk", flat=True)
        )
        taken = SpeakerSignup.objects.filter(
            meeting_id=comment.meeting_id, status__in=PLACE_STATUSES
        ).count()
        places = max(min(comment.speaker_cap - taken, len(entrants)), 0)
        lottery = CommentLottery(
            meeting_id=comment.meeting_id,
            seed=seed,
            entrants=entrants,
            places=places,
            drawn=[],
            drawn_by=actor,
            drawn_at=now,
        )
        lottery.drawn = lottery.replay()
        lottery.save()
        by_pk = SpeakerSignup.objects.select_related("user").in_bulk(entrants)
        start = waitlist_position(comment.meeting_id)
        losers = [pk for pk in entrants if pk not in set(lottery.drawn)]
        ordered = [*lottery.drawn, *losers]
        for offset, pk in enumerate(ordered):
            signup = by_pk[pk]
            won = offset < len(lottery.drawn)
            signup.status = SignupStatus.SIGNED_UP if won else SignupStatus.WAITLISTED
            signup.position = start + offset
            signup.status_changed_at = now
        SpeakerSignup.objects.bulk_update(
            list(by_pk.values()), ["status", "position", "status_changed_at"]
        )
        for pk in lottery.drawn:
            signup = by_pk[pk]
            schedule_reminder(signup, comment.meeting, now)
            if signup.user is not None:
                notification_send(
                    kind=COMMENT_PROMOTED,
                    recipients=[signup.user],
                    context={"signup_id": pk},
                    source_key=f"comment:{pk}:promoted",
                )
        broadcast.queue_changed(comment.meeting_id)
        broadcast.coverage_changed(comment.meeting_id)
    return lottery
