"""Reads for public comment, each in a fixed number of queries whatever the number of
speakers."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.db.models import Count, OuterRef, Q, Subquery
from django.utils import timezone

from advisory.models import Membership, MembershipRole
from cms.models import User
from meetings.models import (
    LIST_STATUSES,
    PLACE_STATUSES,
    CommentLottery,
    MeetingPage,
    PublicCommentSettings,
    SignupStatus,
    SpeakerSignup,
)
from meetings.selectors import register_demand_source

# Statuses whose interpreter need still counts: people who may yet speak.
DEMAND_STATUSES = [
    SignupStatus.ENTERED,
    SignupStatus.SIGNED_UP,
    SignupStatus.WAITLISTED,
    SignupStatus.CALLED,
]


@register_demand_source
def signup_demand(meeting_ids: list[int]):
    """Sign-ups needing an interpreter count as interpretation demand for their meeting,
    so the coordinator sees the gap as soon as someone signs up."""
    rows = (
        SpeakerSignup.objects.filter(
            meeting_id__in=meeting_ids, needs_interpreter=True, status__in=DEMAND_STATUSES
        )
        .exclude(language=settings.LANGUAGE_CODE)
        .values("meeting_id", "language")
        .annotate(people=Count("pk"))
    )
    return [(r["meeting_id"], r["language"], r["people"]) for r in rows]


def comment_settings_of(meeting: MeetingPage) -> PublicCommentSettings | None:
    return PublicCommentSettings.objects.filter(meeting_id=meeting.canonical_id).first()


def signup_of(user, meeting: MeetingPage) -> SpeakerSignup | None:
    """This person's current sign-up (not cancelled or withdrawn), if any."""
    if user is None or not user.is_authenticated:
        return None
    return (
        SpeakerSignup.objects.filter(meeting_id=meeting.canonical_id, user=user)
        .exclude(status__in=[SignupStatus.CANCELLED, SignupStatus.WITHDREW])
        .first()
    )


@dataclass
class PublicSummary:
    """What anyone may see: counts, never names."""

    settings: PublicCommentSettings | None
    signed_up: int = 0
    waitlisted: int = 0
    entered: int = 0
    window_open: bool = False
    before_window: bool = False

    @property
    def places_left(self) -> int:
        if self.settings is None:
            return 0
        return max(self.settings.speaker_cap - self.signed_up, 0)


_UNREAD = object()  # the settings row not read yet (None means the meeting has none)


def comment_public_summary(
    meeting: MeetingPage, now: datetime | None = None, *, comment=_UNREAD
) -> PublicSummary:
    """Counts for the public; pass ``comment`` when the caller has read the settings."""
    now = now or timezone.now()
    if comment is _UNREAD:
        comment = comment_settings_of(meeting)
    if comment is None:
        return PublicSummary(settings=None)
    counts = SpeakerSignup.objects.filter(meeting_id=meeting.canonical_id).aggregate(
        signed_up=Count("pk", filter=Q(status__in=PLACE_STATUSES)),
        waitlisted=Count("pk", filter=Q(status=SignupStatus.WAITLISTED)),
        entered=Count("pk", filter=Q(status=SignupStatus.ENTERED)),
    )
    return PublicSummary(
        settings=comment,
        window_open=comment.window_open(now),
        before_window=now < comment.opens_at,
        **counts,
    )


@dataclass
class ListedSpeaker:
    signup: SpeakerSignup
    start_minute: int
    minutes: int
    number: int


@dataclass
class SpeakersList:
    settings: PublicCommentSettings
    speakers: list[ListedSpeaker] = field(default_factory=list)
    waitlist: list[SpeakerSignup] = field(default_factory=list)
    entered: list[SpeakerSignup] = field(default_factory=list)
    withdrawn: list[SpeakerSignup] = field(default_factory=list)

    @property
    def total_minutes(self) -> int:
        return sum(s.minutes for s in self.speakers)


def _signups(meeting_id: int):
    return (
        SpeakerSignup.objects.filter(meeting_id=meeting_id)
        .select_related("user", "added_by", "recommendation")
        .order_by("position", "pk")
    )


# What the clerk's table shows of a sign-up (templates/meetings/comment/clerk_list.html).
_CLERK_ROW_FIELDS = (
    "status",
    "called_name",
    "agenda_item",
    "attendance",
    "language",
    "needs_interpreter",
    "comment_text",
    "added_by__display_name",
    "recommendation__title",
)


def clerk_rows(meeting_id: int, pks: list[int]) -> dict[int, SpeakerSignup]:
    """The full rows of these sign-ups, by pk, with only the columns the clerk's table
    shows (Django compares every selected column with the ORDER BY, so the rows are read
    unordered: the outline gives the order)."""
    return (
        SpeakerSignup.objects.filter(meeting_id=meeting_id)
        .select_related("added_by", "recommendation")
        .only(*_CLERK_ROW_FIELDS)
        .order_by()
        .in_bulk(pks)
    )


def _arrange(comment: PublicCommentSettings, rows) -> SpeakersList:
    """Sort sign-ups (in list order) into the list, with each speaker's start minute
    (cumulative, interpreted speakers taking their extra time), the waiting list, lottery
    entrants and those who cancelled or withdrew."""
    result = SpeakersList(settings=comment)
    minute = 0
    for signup in rows:
        if signup.status in LIST_STATUSES:
            minutes = comment.minutes_for(signup)
            result.speakers.append(
                ListedSpeaker(
                    signup=signup,
                    start_minute=minute,
                    minutes=minutes,
                    number=len(result.speakers) + 1,
                )
            )
            minute += minutes
        elif signup.status == SignupStatus.WAITLISTED:
            result.waitlist.append(signup)
        elif signup.status == SignupStatus.ENTERED:
            result.entered.append(signup)
        else:
            result.withdrawn.append(signup)
    return result


def speakers_list(meeting: MeetingPage, comment: PublicCommentSettings) -> SpeakersList:
    """The whole list with every sign-up's full row (the live queue, the CSV, the PDF, the
    published record). One query."""
    return _arrange(comment, _signups(meeting.canonical_id))


def clerk_speakers_page(
    meeting: MeetingPage, comment: PublicCommentSettings, number, per_page: int
) -> tuple[SpeakersList, Page]:
    """The clerk's list a page at a time. Start minutes run over the whole list, so the
    first query reads the order, status and interpreter need of every sign-up (three small
    columns); the second reads the full rows the clerk sees: this page of the list, the
    waiting list, lottery entrants and those who left. Two queries at any length.

    The speakers off this page keep their outline row as ``signup`` (pk, status,
    needs_interpreter): enough for counts and minutes, nothing to display."""
    meeting_id = meeting.canonical_id
    outline = (
        SpeakerSignup.objects.filter(meeting_id=meeting_id)
        .order_by("position", "pk")
        .values_list("pk", "status", "needs_interpreter", named=True)
    )
    listing = _arrange(comment, outline)
    page = Paginator(listing.speakers, per_page).get_page(number)
    others = [*listing.waitlist, *listing.entered, *listing.withdrawn]
    rows = clerk_rows(meeting_id, [item.signup.pk for item in page] + [r.pk for r in others])
    # A row deleted between the two reads (a retention purge) is simply left out.
    page.object_list = [item for item in page if item.signup.pk in rows]
    for item in page.object_list:
        item.signup = rows[item.signup.pk]
    listing.waitlist = [rows[r.pk] for r in listing.waitlist if r.pk in rows]
    listing.entered = [rows[r.pk] for r in listing.entered if r.pk in rows]
    listing.withdrawn = [rows[r.pk] for r in listing.withdrawn if r.pk in rows]
    return listing, page


@dataclass
class QueueState:
    settings: PublicCommentSettings | None
    current: ListedSpeaker | None = None
    next: ListedSpeaker | None = None
    ends_at: datetime | None = None
    remaining: int = 0
    done: int = 0
    total: int = 0


def queue_state(meeting: MeetingPage) -> QueueState:
    """Now speaking, next, when the current speaker's time ends, and how many wait (two
    queries)."""
    comment = comment_settings_of(meeting)
    if comment is None:
        return QueueState(settings=None)
    listed = speakers_list(meeting, comment).speakers
    state = QueueState(settings=comment, total=len(listed))
    for item in listed:
        status = item.signup.status
        if status == SignupStatus.CALLED:
            state.current = item
        elif status == SignupStatus.SIGNED_UP:
            if state.next is None:
                state.next = item
            state.remaining += 1
        else:
            state.done += 1
    if state.current is not None and state.current.signup.called_at:
        state.ends_at = state.current.signup.called_at + timedelta(minutes=state.current.minutes)
    return state


def published_speakers(
    meeting: MeetingPage, now: datetime | None = None, *, comment=_UNREAD
) -> list | None:
    """The speakers list for the public, only after the meeting and only if the board
    publishes it; None otherwise."""
    now = now or timezone.now()
    if comment is _UNREAD:
        comment = comment_settings_of(meeting)
    if comment is None or not comment.publish_speakers or not meeting.is_past(now):
        return None
    return [
        s for s in speakers_list(meeting, comment).speakers if s.signup.status == SignupStatus.SPOKE
    ]


def recommendations_for_comment(user) -> list:
    """Recommendations of the person's groups that a comment can start from."""
    from advisory.models import Recommendation, RecommendationStatus

    if user is None or not user.is_authenticated:
        return []
    return list(
        Recommendation.objects.filter(
            group__memberships__user=user,
            status__in=[RecommendationStatus.SUBMITTED, RecommendationStatus.ANSWERED],
        )
        .select_related("group")
        .order_by("-pk")
        .distinct()[:50]
    )


def comment_report(meeting: MeetingPage) -> list[dict]:
    """How many signed up and spoke, by language and status: kept after retention."""
    return list(
        SpeakerSignup.objects.filter(meeting_id=meeting.canonical_id)
        .values("language", "status", "needs_interpreter")
        .annotate(people=Count("pk"))
        .order_by("language", "status")
    )


def board_meetings():
    """Live board meetings (the only ones with public comment), each knowing its canonical
    meeting (the first page of its translations, where sign-ups live) from the same query."""
    first_translation = (
        MeetingPage.objects.filter(translation_key=OuterRef("translation_key"))
        .order_by("pk")
        .values("pk")[:1]
    )
    # MeetingPage.canonical_id reads the annotation rather than asking again.
    return (
        MeetingPage.objects.live()
        .select_related("locale")
        .filter(kind="board")
        .annotate(_canonical_id=Subquery(first_translation))
    )


def lottery_of(meeting: MeetingPage) -> CommentLottery | None:
    return CommentLottery.objects.filter(meeting_id=meeting.canonical_id).first()


def families_facilitated_by(user) -> list:
    """The people in the groups ``user`` facilitates, whom they may sign up on their
    behalf (none for anyone else)."""
    if not user.is_authenticated:
        return []
    groups = Membership.objects.filter(user=user, role=MembershipRole.FACILITATOR).values(
        "group_id"
    )
    return list(
        User.objects.filter(memberships__group_id__in=groups, is_active=True)
        .exclude(pk=user.pk)
        .distinct()
        .order_by("display_name", "pk")
    )
