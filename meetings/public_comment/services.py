"""Writes for public comment: settings, sign-ups, the clerk's list and live queue, the
lottery and retention. Each checks permission itself, refuses bad input with a translated
ValidationError and changes nothing when it refuses.

The last place: every sign-up takes a row lock on the meeting's settings row
(``select_for_update``) before counting the places taken, so on PostgreSQL concurrent
sign-ups are counted one after another and exactly ``speaker_cap`` get a place.
"""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from advisory.models import Membership, MembershipRole, Recommendation
from cms.models import Notification, ScheduledNotice, User
from cms.notifications import notification_send, scheduled_notice_create
from meetings import broadcast
from meetings.models import (
    ACTIVE_STATUSES,
    LIST_STATUSES,
    PLACE_STATUSES,
    Attendance,
    CommentLottery,
    MeetingPage,
    PublicCommentSettings,
    SignupStatus,
    SpeakerOrder,
    SpeakerSignup,
    WhenFull,
)
from meetings.notifications import COMMENT_CONFIRMED, COMMENT_PROMOTED, COMMENT_REMINDER

NAME_MAX = 120
TOPIC_MAX = 200
COMMENT_MAX = 5000


def _require_clerk(actor: User) -> None:
    if not actor.has_perm("meetings.manage_comment"):
        raise PermissionDenied


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
    _require_clerk(actor)
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


# Sign-up -----------------------------------------------------------------------------


def _agenda_titles(meeting: MeetingPage) -> list[str]:
    return [block.value["title"] for block in meeting.agenda if block.block_type == "item"]


def _renumber(meeting_id: int, ordered: list[SpeakerSignup]) -> None:
    for index, signup in enumerate(ordered, start=1):
        signup.position = index
    SpeakerSignup.objects.bulk_update(ordered, ["position"])


def _place_on_list(comment: PublicCommentSettings, signup: SpeakerSignup) -> None:
    """Give a sign-up that just took a place its position: at the end (first come), or
    after the last speaker on the same or an earlier agenda item (by agenda)."""
    meeting_id = comment.meeting_id
    others = list(
        SpeakerSignup.objects.filter(meeting_id=meeting_id, status__in=LIST_STATUSES)
        .exclude(pk=signup.pk)
        .order_by("position", "pk")
    )
    if comment.order == SpeakerOrder.AGENDA:
        titles = _agenda_titles(comment.meeting)

        def rank(item: SpeakerSignup) -> int:
            return titles.index(item.agenda_item) if item.agenda_item in titles else len(titles)

        mine = rank(signup)
        at = len(others)
        for index, other in enumerate(others):
            if rank(other) > mine:
                at = index
                break
        others.insert(at, signup)
        _renumber(meeting_id, others)
    else:
        signup.position = (others[-1].position if others else 0) + 1
        signup.save(update_fields=["position"])


def _waitlist_position(meeting_id: int) -> int:
    top = SpeakerSignup.objects.filter(meeting_id=meeting_id).aggregate(top=Max("position"))["top"]
    return (top or 0) + 1


def _reminder_key(signup: SpeakerSignup) -> str:
    return f"comment:{signup.pk}:reminder"


def _schedule_reminder(signup: SpeakerSignup, meeting: MeetingPage, now: datetime) -> None:
    remind_at = meeting.starts_at - timedelta(hours=settings.MEETINGS_REMINDER_HOURS)
    if signup.user is not None and remind_at > now:
        scheduled_notice_create(
            kind=COMMENT_REMINDER,
            send_at=remind_at,
            recipients=[signup.user],
            context={"signup_id": signup.pk},
            source_key=_reminder_key(signup),
        )


def _cancel_reminder(signup: SpeakerSignup) -> None:
    ScheduledNotice.objects.filter(source_key=_reminder_key(signup), sent_at__isnull=True).delete()


def _may_sign_up_for(actor: User, user: User) -> bool:
    """A facilitator may sign up a member of a group they facilitate."""
    facilitated = Membership.objects.filter(user=actor, role=MembershipRole.FACILITATOR).values(
        "group_id"
    )
    return Membership.objects.filter(user=user, group_id__in=facilitated).exists()


def _check_signup_fields(
    comment: PublicCommentSettings,
    *,
    called_name: str,
    agenda_item: str,
    attendance: str,
    language: str,
    comment_text: str,
) -> None:
    errors: dict[str, list[str]] = {}
    if not called_name:
        errors["called_name"] = [_("Please give the name the clerk should call.")]
    elif len(called_name) > NAME_MAX:
        errors["called_name"] = [
            _("Please keep this under %(max)d characters.") % {"max": NAME_MAX}
        ]
    if len(agenda_item) > TOPIC_MAX:
        errors["agenda_item"] = [
            _("Please keep this under %(max)d characters.") % {"max": TOPIC_MAX}
        ]
    if attendance not in Attendance.values:
        errors["attendance"] = [_("Please choose one of the options in the list.")]
    elif attendance == Attendance.REMOTE and not comment.remote_allowed:
        errors["attendance"] = [_("This meeting does not take remote comment.")]
    if language not in dict(settings.LANGUAGES):
        errors["language"] = [_("Please choose one of the languages in the list.")]
    if len(comment_text) > COMMENT_MAX:
        errors["comment_text"] = [
            _("Please keep this under %(max)d characters.") % {"max": COMMENT_MAX}
        ]
    if errors:
        raise ValidationError(errors)


def comment_signup(
    *,
    actor: User,
    meeting: MeetingPage,
    called_name: str,
    language: str,
    agenda_item: str = "",
    attendance: str = Attendance.IN_PERSON,
    needs_interpreter: bool = False,
    comment_text: str = "",
    recommendation: Recommendation | None = None,
    user: User | None = None,
    now: datetime | None = None,
) -> SpeakerSignup:
    """Sign up to speak (``user`` given: a facilitator signs up a family of their group,
    recorded as ``added_by``). Takes a place if one is left; otherwise waits on the list,
    enters the lottery, or is refused, as the board chose."""
    if not actor.has_perm("meetings.comment_signup", meeting):
        raise PermissionDenied
    speaker = user or actor
    if speaker != actor and not _may_sign_up_for(actor, speaker):
        raise PermissionDenied
    now = now or timezone.now()
    called_name = (called_name or "").strip()
    agenda_item = (agenda_item or "").strip()
    comment_text = (comment_text or "").strip()
    language = (language or "").strip()
    # Meetings are held in the default language: its speakers need no interpreter.
    needs_interpreter = bool(needs_interpreter) and language != settings.LANGUAGE_CODE
    if (
        recommendation is not None
        and not Membership.objects.filter(user=speaker, group_id=recommendation.group_id).exists()
    ):
        raise ValidationError(
            {"recommendation": [_("Please choose one of your group's recommendations.")]}
        )
    if recommendation is not None and not comment_text:
        # The comment starts from the recommendation's text; the speaker can edit it.
        comment_text = (recommendation.text or "").strip()[:COMMENT_MAX]
    meeting_id = meeting.canonical_id
    try:
        with transaction.atomic():
            comment = (
                PublicCommentSettings.objects.select_for_update()
                .select_related("meeting")
                .filter(meeting_id=meeting_id)
                .first()
            )
            if comment is None or not comment.signup_open:
                raise ValidationError(_("Sign-up to speak is not open for this meeting."))
            if now < comment.opens_at:
                raise ValidationError(_("Sign-up to speak has not opened yet."))
            if now >= comment.closes_at:
                raise ValidationError(_("Sign-up to speak has closed."))
            _check_signup_fields(
                comment,
                called_name=called_name,
                agenda_item=agenda_item,
                attendance=attendance,
                language=language,
                comment_text=comment_text,
            )
            if SpeakerSignup.objects.filter(
                meeting_id=meeting_id, user=speaker, status__in=ACTIVE_STATUSES
            ).exists():
                raise ValidationError(_("You are already signed up to speak at this meeting."))
            taken = SpeakerSignup.objects.filter(
                meeting_id=meeting_id, status__in=PLACE_STATUSES
            ).count()
            if comment.when_full == WhenFull.LOTTERY:
                status = SignupStatus.ENTERED
            elif taken < comment.speaker_cap:
                status = SignupStatus.SIGNED_UP
            elif comment.when_full == WhenFull.WAITLIST:
                status = SignupStatus.WAITLISTED
            else:
                raise ValidationError(_("Sorry, the speakers list is full."))
            signup = SpeakerSignup.objects.create(
                meeting_id=meeting_id,
                user=speaker,
                added_by=actor if speaker != actor else None,
                called_name=called_name,
                agenda_item=agenda_item,
                attendance=attendance,
                language=language,
                needs_interpreter=bool(needs_interpreter),
                comment_text=comment_text,
                recommendation=recommendation,
                status=status,
                position=_waitlist_position(meeting_id),
                status_changed_at=now,
            )
            if status == SignupStatus.SIGNED_UP:
                _place_on_list(comment, signup)
                _schedule_reminder(signup, comment.meeting, now)
            notification_send(
                kind=COMMENT_CONFIRMED,
                recipients=[speaker],
                context={"signup_id": signup.pk},
                source_key=f"comment:{signup.pk}:confirmed",
            )
            if signup.needs_interpreter:
                broadcast.coverage_changed(meeting_id)
            broadcast.queue_changed(meeting_id)
    except IntegrityError:  # the same person in two tabs at once
        raise ValidationError(_("You are already signed up to speak at this meeting.")) from None
    return signup


def _promote_next(comment: PublicCommentSettings, now: datetime) -> SpeakerSignup | None:
    """A place freed before the meeting goes to the first on the waiting list."""
    if comment.when_full != WhenFull.WAITLIST or comment.meeting.starts_at <= now:
        return None
    taken = SpeakerSignup.objects.filter(
        meeting_id=comment.meeting_id, status__in=PLACE_STATUSES
    ).count()
    if taken >= comment.speaker_cap:
        return None
    nxt = (
        SpeakerSignup.objects.filter(meeting_id=comment.meeting_id, status=SignupStatus.WAITLISTED)
        .select_related("user")
        .order_by("position", "pk")
        .first()
    )
    if nxt is None:
        return None
    nxt.status = SignupStatus.SIGNED_UP
    nxt.status_changed_at = now
    nxt.save(update_fields=["status", "status_changed_at"])
    _place_on_list(comment, nxt)
    _schedule_reminder(nxt, comment.meeting, now)
    if nxt.user is not None:
        notification_send(
            kind=COMMENT_PROMOTED,
            recipients=[nxt.user],
            context={"signup_id": nxt.pk},
            source_key=f"comment:{nxt.pk}:promoted",
        )
    return nxt


def _locked(signup: SpeakerSignup) -> tuple[PublicCommentSettings, SpeakerSignup]:
    comment = (
        PublicCommentSettings.objects.select_for_update()
        .select_related("meeting")
        .get(meeting_id=signup.meeting_id)
    )
    return comment, SpeakerSignup.objects.select_for_update().get(pk=signup.pk)


def comment_cancel(
    *, actor: User, signup: SpeakerSignup, now: datetime | None = None
) -> SpeakerSignup:
    """The speaker (or whoever signed them up) cancels before being called."""
    if actor.pk not in (signup.user_id, signup.added_by_id) and not actor.has_perm(
        "meetings.manage_comment"
    ):
        raise PermissionDenied
    now = now or timezone.now()
    with transaction.atomic():
        comment, signup = _locked(signup)
        if signup.status not in (
            SignupStatus.ENTERED,
            SignupStatus.SIGNED_UP,
            SignupStatus.WAITLISTED,
        ):
            raise ValidationError(_("This sign-up can no longer be cancelled."))
        signup.status = SignupStatus.CANCELLED
        signup.status_changed_at = now
        signup.save(update_fields=["status", "status_changed_at"])
        _cancel_reminder(signup)
        _promote_next(comment, now)
        if signup.needs_interpreter:
            broadcast.coverage_changed(signup.meeting_id)
        broadcast.queue_changed(signup.meeting_id)
    return signup


# The clerk's list --------------------------------------------------------------------

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
    _require_clerk(actor)
    if status not in CLERK_MARKS:
        raise ValidationError(_("Please choose one of the options in the list."))
    now = now or timezone.now()
    with transaction.atomic():
        comment, signup = _locked(signup)
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
            _cancel_reminder(signup)
            _promote_next(comment, now)
        broadcast.queue_changed(signup.meeting_id)
        if signup.needs_interpreter:
            broadcast.coverage_changed(signup.meeting_id)
    return signup


def queue_advance(
    *, actor: User, meeting: MeetingPage, now: datetime | None = None
) -> SpeakerSignup | None:
    """Next speaker: whoever is speaking has spoken; the first waiting speaker is called.
    Returns the speaker now called (None when the list is done)."""
    _require_clerk(actor)
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
    _require_clerk(actor)
    with transaction.atomic():
        comment, signup = _locked(signup)
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
            _renumber(signup.meeting_id, ordered)
            broadcast.queue_changed(signup.meeting_id)
    signup.refresh_from_db()
    return signup


# Lottery -----------------------------------------------------------------------------


def lottery_draw(
    *, actor: User, meeting: MeetingPage, seed: str | None = None, now: datetime | None = None
) -> CommentLottery:
    """After sign-up closes, draw the speakers among the lottery entrants with a recorded
    seed; the drawn speak in the drawn order, the others wait on the list in the drawn
    order. Re-running the draw with the seed gives the same result."""
    _require_clerk(actor)
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
        start = _waitlist_position(comment.meeting_id)
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
            _schedule_reminder(signup, comment.meeting, now)
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


# Retention ---------------------------------------------------------------------------


NOTICE_STAGES = ("confirmed", "promoted", "reminder")


def comment_retention_apply(*, now: datetime | None = None, days: int | None = None) -> int:
    """Delete the names, account links and comment texts of sign-ups ``days`` after
    their meeting ended (PUBLIC_COMMENT_RETENTION_DAYS); the rows stay with language,
    status, interpreter need and attendance for reporting. Idempotent; returns how many
    sign-ups were cleared."""
    now = now or timezone.now()
    days = settings.PUBLIC_COMMENT_RETENTION_DAYS if days is None else days
    cutoff = now - timedelta(days=days)
    with transaction.atomic():
        due = SpeakerSignup.objects.filter(purged_at__isnull=True, meeting__ends_at__lte=cutoff)
        ids = list(due.values_list("pk", flat=True))
        # The notices about these sign-ups repeat the name to be called and the topic:
        # they go too (sent or not), with their deliveries.
        keys = [f"comment:{pk}:{stage}" for pk in ids for stage in NOTICE_STAGES]
        ScheduledNotice.objects.filter(source_key__in=keys).delete()
        Notification.objects.filter(source_key__in=keys).delete()
        cleared = SpeakerSignup.objects.filter(pk__in=ids).update(
            called_name="",
            agenda_item="",
            comment_text="",
            user=None,
            added_by=None,
            recommendation=None,
            purged_at=now,
        )
    return cleared
