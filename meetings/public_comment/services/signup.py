"""Signing up to speak (for oneself or, by a facilitator, for a family) and cancelling,
with the waitlist, promotion and reminders.

Places without a global lock (PostgreSQL). Only the last places need sign-ups counted
one after another; while many places remain, sign-ups go ahead side by side:

- A sign-up first takes one of ``SIGNUP_LANES`` advisory locks of its meeting
  (``cms.locking.lane_take``), so at most that many are in flight at once, then holds the
  meeting's settings row ``FOR SHARE`` (closing or changing the settings waits for it).
  It counts the places taken; if at least ``SIGNUP_LANES`` more than that remain, it
  takes one at once. That is safe: when the last sign-up to count did so, every sign-up it
  could not see was in flight and held a lane, so at most ``SIGNUP_LANES`` places (its
  own included) were unaccounted for.
- Otherwise (the last places, or the list ordered by agenda item, which renumbers the
  others) the attempt is rolled back and the sign-up takes the settings row ``FOR
  UPDATE``: it waits for every sign-up in flight and counts exactly, so concurrent
  sign-ups for the last place fill exactly ``speaker_cap``.
- A lottery counts no places at sign-up, so its entries always go side by side.

Sign-ups in flight at once may share a list position; the list is ordered by position,
then by sign-up (``pk``), which keeps first come first. On SQLite a writing transaction
holds the whole database, so sign-ups are counted one after another anyway.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from advisory.models import Membership, MembershipRole, Recommendation
from cms.locking import lane_take, select_for_share
from cms.models import ScheduledNotice, User
from cms.notifications import notification_send, scheduled_notice_create
from meetings import broadcast
from meetings.models import (
    ACTIVE_STATUSES,
    LIST_STATUSES,
    PLACE_STATUSES,
    Attendance,
    MeetingPage,
    PublicCommentSettings,
    SignupStatus,
    SpeakerOrder,
    SpeakerSignup,
    WhenFull,
)
from meetings.notifications import COMMENT_CONFIRMED, COMMENT_PROMOTED, COMMENT_REMINDER
from meetings.public_comment.services.common import (
    COMMENT_MAX,
    NAME_MAX,
    SIGNUP_LANES,
    TOPIC_MAX,
    LastPlaces,
)


def renumber(meeting_id: int, ordered: list[SpeakerSignup]) -> None:
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
        titles = comment.meeting.agenda_titles()

        def rank(item: SpeakerSignup) -> int:
            return titles.index(item.agenda_item) if item.agenda_item in titles else len(titles)

        mine = rank(signup)
        at = len(others)
        for index, other in enumerate(others):
            if rank(other) > mine:
                at = index
                break
        others.insert(at, signup)
        renumber(meeting_id, others)
    else:
        signup.position = (others[-1].position if others else 0) + 1
        signup.save(update_fields=["position"])


def waitlist_position(meeting_id: int) -> int:
    top = SpeakerSignup.objects.filter(meeting_id=meeting_id).aggregate(top=Max("position"))["top"]
    return (top or 0) + 1


def _reminder_key(signup: SpeakerSignup) -> str:
    return f"comment:{signup.pk}:reminder"


def schedule_reminder(signup: SpeakerSignup, meeting: MeetingPage, now: datetime) -> None:
    remind_at = meeting.starts_at - timedelta(hours=settings.MEETINGS_REMINDER_HOURS)
    if signup.user is not None and remind_at > now:
        scheduled_notice_create(
            kind=COMMENT_REMINDER,
            send_at=remind_at,
            recipients=[signup.user],
            context={"signup_id": signup.pk},
            source_key=_reminder_key(signup),
        )


def cancel_reminder(signup: SpeakerSignup) -> None:
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
    fields = {
        "called_name": called_name,
        "agenda_item": agenda_item,
        "attendance": attendance,
        "language": language,
        "comment_text": comment_text,
        "needs_interpreter": bool(needs_interpreter),
        "recommendation": recommendation,
    }
    try:
        try:
            with transaction.atomic():
                return _signup_attempt(meeting, actor, speaker, fields, now, optimistic=True)
        except LastPlaces:
            with transaction.atomic():
                return _signup_attempt(meeting, actor, speaker, fields, now, optimistic=False)
    except IntegrityError:  # the same person in two tabs at once
        raise ValidationError(_("You are already signed up to speak at this meeting.")) from None


def _signup_attempt(
    meeting: MeetingPage,
    actor: User,
    speaker: User,
    fields: dict,
    now: datetime,
    *,
    optimistic: bool,
) -> SpeakerSignup:
    """One try at a sign-up, inside a transaction (see the module's docstring for the
    locks). ``optimistic``: side by side with other sign-ups, or raise ``LastPlaces``
    when only the last places remain."""
    meeting_id = meeting.canonical_id
    settings_row = PublicCommentSettings.objects.filter(meeting_id=meeting_id)
    if optimistic and lane_take(key=meeting_id, lanes=SIGNUP_LANES) is None:
        optimistic = False  # no advisory locks (SQLite): the plain, serialised way
    rows = select_for_share(settings_row) if optimistic else [*settings_row.select_for_update()]
    comment = rows[0] if rows else None
    if comment is None or not comment.signup_open:
        raise ValidationError(_("Sign-up to speak is not open for this meeting."))
    if now < comment.opens_at:
        raise ValidationError(_("Sign-up to speak has not opened yet."))
    if now >= comment.closes_at:
        raise ValidationError(_("Sign-up to speak has closed."))
    _check_signup_fields(
        comment,
        called_name=fields["called_name"],
        agenda_item=fields["agenda_item"],
        attendance=fields["attendance"],
        language=fields["language"],
        comment_text=fields["comment_text"],
    )
    if SpeakerSignup.objects.filter(
        meeting_id=meeting_id, user=speaker, status__in=ACTIVE_STATUSES
    ).exists():
        raise ValidationError(_("You are already signed up to speak at this meeting."))
    if comment.when_full == WhenFull.LOTTERY:
        status = SignupStatus.ENTERED
    else:
        if optimistic and comment.order != SpeakerOrder.FIRST_COME:
            raise LastPlaces  # placing by agenda item renumbers the others: one at a time
        taken = SpeakerSignup.objects.filter(
            meeting_id=meeting_id, status__in=PLACE_STATUSES
        ).count()
        if optimistic and taken + SIGNUP_LANES > comment.speaker_cap:
            raise LastPlaces
        if taken < comment.speaker_cap:
            status = SignupStatus.SIGNED_UP
        elif comment.when_full == WhenFull.WAITLIST:
            status = SignupStatus.WAITLISTED
        else:
            raise ValidationError(_("Sorry, the speakers list is full."))
    signup = SpeakerSignup.objects.create(
        meeting_id=meeting_id,
        user=speaker,
        added_by=actor if speaker != actor else None,
        status=status,
        position=waitlist_position(meeting_id),
        status_changed_at=now,
        **fields,
    )
    if status == SignupStatus.SIGNED_UP:
        _place_on_list(comment, signup)
        schedule_reminder(signup, comment.meeting, now)
    notification_send(
        kind=COMMENT_CONFIRMED,
        recipients=[speaker],
        context={"signup_id": signup.pk},
        source_key=f"comment:{signup.pk}:confirmed",
    )
    if signup.needs_interpreter:
        broadcast.coverage_changed(meeting_id)
    broadcast.queue_changed(meeting_id)
    return signup


def promote_next(comment: PublicCommentSettings, now: datetime) -> SpeakerSignup | None:
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
    schedule_reminder(nxt, comment.meeting, now)
    if nxt.user is not None:
        notification_send(
            kind=COMMENT_PROMOTED,
            recipients=[nxt.user],
            context={"signup_id": nxt.pk},
            source_key=f"comment:{nxt.pk}:promoted",
        )
    return nxt


def signup_locked(signup: SpeakerSignup) -> tuple[PublicCommentSettings, SpeakerSignup]:
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
        comment, signup = signup_locked(signup)
        if signup.status not in (
            SignupStatus.ENTERED,
            SignupStatus.SIGNED_UP,
            SignupStatus.WAITLISTED,
        ):
            raise ValidationError(_("This sign-up can no longer be cancelled."))
        signup.status = SignupStatus.CANCELLED
        signup.status_changed_at = now
        signup.save(update_fields=["status", "status_changed_at"])
        cancel_reminder(signup)
        promote_next(comment, now)
        if signup.needs_interpreter:
            broadcast.coverage_changed(signup.meeting_id)
        broadcast.queue_changed(signup.meeting_id)
    return signup
