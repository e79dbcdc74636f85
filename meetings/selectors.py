"""Reads for meetings, each in a fixed number of queries whatever the number of rows."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet, Sum
from django.utils import timezone
from django.utils.translation import get_language

from cms import fragments
from cms.page_context import page_context
from cms.roles import ROLE_GROUPS, Role
from meetings.models import (
    BoardIndexPage,
    InterpreterLanguage,
    InterpreterProfile,
    InterpreterSlot,
    MeetingIndexPage,
    MeetingPage,
    Rsvp,
    RsvpResponse,
    SlotClaim,
)

# Languages ----------------------------------------------------------------------------


def interpretation_languages() -> list[tuple[str, str]]:
    """Languages a family can ask interpretation into: the site's, except the language
    meetings are held in (the default language)."""
    return [(c, n) for c, n in settings.LANGUAGES if c != settings.LANGUAGE_CODE]


_VERIFIED_ATTR = "_meetings_verified_languages"


def verified_languages_of(user) -> frozenset[str]:
    """The languages a coordinator has verified for this person (one query, cached)."""
    if user is None or not user.is_authenticated:
        return frozenset()
    cached = getattr(user, _VERIFIED_ATTR, None)
    if cached is None:
        cached = frozenset(
            InterpreterLanguage.objects.filter(
                profile__user=user, verified_at__isnull=False
            ).values_list("language", flat=True)
        )
        setattr(user, _VERIFIED_ATTR, cached)
    return cached


def forget_verified_languages(user) -> None:
    if hasattr(user, _VERIFIED_ATTR):
        delattr(user, _VERIFIED_ATTR)


# Meeting lists -----------------------------------------------------------------------


def _prefer_reader_locale(pages: Iterable[MeetingPage], language: str) -> list[MeetingPage]:
    """One page per meeting: the reader's translation if there is one, else the source."""
    chosen: dict = {}
    order: list = []
    for page in pages:
        key = page.translation_key
        current = chosen.get(key)
        if current is None:
            chosen[key] = page
            order.append(key)
            page.__dict__["_canonical_id"] = page.pk
            continue
        canonical = min(current.__dict__["_canonical_id"], page.pk)
        if page.locale.language_code == language and current.locale.language_code != language:
            chosen[key] = page
        chosen[key].__dict__["_canonical_id"] = canonical
    return [chosen[k] for k in order]


def meetings_listed(
    *,
    upcoming: bool,
    now: datetime | None = None,
    parent=None,
    group=None,
    kind: str | None = None,
    limit: int | None = None,
) -> list[MeetingPage]:
    """Live meetings, in the reader's language where translated, upcoming (soonest first)
    or past (latest first). ``parent`` limits to a section (in any of its translations)."""
    now = now or timezone.now()
    qs = MeetingPage.objects.live().select_related("locale", "group")
    if parent is not None:
        paths = Q()
        for section in parent.get_translations(inclusive=True).only("path"):
            paths |= Q(path__startswith=section.path)
        qs = qs.filter(paths)
    if group is not None:
        qs = qs.filter(group=group)
    if kind is not None:
        qs = qs.filter(kind=kind)
    if upcoming:
        qs = qs.filter(ends_at__gt=now).order_by("starts_at", "pk")
    else:
        qs = qs.filter(ends_at__lte=now).order_by("-starts_at", "pk")
    pages = _prefer_reader_locale(qs, get_language())
    return pages[:limit] if limit else pages


LIST_PAGE_SIZE = 30
PAST_LISTED = 20


def meeting_lists(
    number: int, *, parent=None, group=None, now: datetime | None = None
) -> tuple[dict, datetime | None]:
    """Upcoming meetings a page at a time (a district has hundreds), the latest past ones
    on the first page: the context of meetings/_meeting_lists.html, and when it goes stale
    by itself (the first listed meeting ends)."""
    now = now or timezone.now()
    listed = meetings_listed(upcoming=True, now=now, parent=parent, group=group)
    page = Paginator(listed, LIST_PAGE_SIZE).get_page(number)
    first = page.number == 1
    past = []
    if first:
        past = meetings_listed(
            upcoming=False, now=now, parent=parent, group=group, limit=PAST_LISTED
        )
    context = {
        "group": group,
        "upcoming": page.object_list,
        "page_obj": page,
        "past": past,
        "past_elsewhere": not first,
    }
    return context, min((m.ends_at for m in listed), default=None)


def localized_meetings(canonical_ids: Iterable[int]) -> dict[int, MeetingPage]:
    """For meetings given by canonical id, the page in the reader's language where it
    exists (else the source page), in one query."""
    ids = set(canonical_ids)
    if not ids:
        return {}
    keys = MeetingPage.objects.filter(pk__in=ids).values("translation_key")
    pages = (
        MeetingPage.objects.filter(translation_key__in=keys)
        .select_related("locale", "group")
        .order_by("pk")
    )
    return {p.canonical_id: p for p in _prefer_reader_locale(pages, get_language())}


def upcoming_canonical_meetings(now: datetime | None = None) -> list[MeetingPage]:
    """Every upcoming meeting once (its canonical row), soonest first, in one query."""
    now = now or timezone.now()
    first_of_key = (
        MeetingPage.objects.filter(translation_key=OuterRef("translation_key"))
        .order_by("pk")
        .values("pk")[:1]
    )
    qs = (
        MeetingPage.objects.live()
        .filter(ends_at__gt=now, pk=first_of_key)
        .select_related("locale", "group")
        .order_by("starts_at", "pk")
    )
    pages = list(qs)
    for page in pages:
        page.__dict__["_canonical_id"] = page.pk  # the first of its key, by the filter
    return pages


# Language demand ---------------------------------------------------------------------

# A source yields (meeting_id, language, people) for the given canonical meeting ids.
# Issue 7's public-comment sign-ups add their own with register_demand_source().
DemandSource = Callable[[list[int]], Iterable[tuple[int, str, int]]]
DEMAND_SOURCES: list[DemandSource] = []


def register_demand_source(source: DemandSource) -> DemandSource:
    if source not in DEMAND_SOURCES:
        DEMAND_SOURCES.append(source)
    return source


@register_demand_source
def rsvp_demand(meeting_ids: list[int]) -> Iterable[tuple[int, str, int]]:
    rows = (
        Rsvp.objects.filter(
            meeting_id__in=meeting_ids,
            response__in=[RsvpResponse.YES, RsvpResponse.MAYBE],
        )
        .exclude(language="")
        .exclude(language=settings.LANGUAGE_CODE)
        .values("meeting_id", "language")
        .annotate(people=Count("pk"))
    )
    return [(r["meeting_id"], r["language"], r["people"]) for r in rows]


def language_demand(meetings: Iterable[MeetingPage | int]) -> dict[int, dict[str, int]]:
    """Per canonical meeting id and language, how many people need interpretation (one
    query per source)."""
    ids = [m if isinstance(m, int) else m.canonical_id for m in meetings]
    demand: dict[int, dict[str, int]] = {i: {} for i in ids}
    if not ids:
        return demand
    for source in DEMAND_SOURCES:
        for meeting_id, language, people in source(ids):
            per_meeting = demand.setdefault(meeting_id, {})
            per_meeting[language] = per_meeting.get(language, 0) + people
    return demand


# Coverage ----------------------------------------------------------------------------


def _slots_with_claims():
    active = SlotClaim.objects.filter(released_at__isnull=True).select_related("interpreter")
    return InterpreterSlot.objects.prefetch_related(
        Prefetch("claims", queryset=active, to_attr="active_claims")
    )


def _annotate_claims(slot: InterpreterSlot) -> InterpreterSlot:
    claims = getattr(slot, "active_claims", [])
    slot.claim = next((c for c in claims if not c.is_backup), None)
    slot.backup = next((c for c in claims if c.is_backup), None)
    return slot


@dataclass
class LanguageCoverage:
    language: str
    requested: int = 0
    slots: list[InterpreterSlot] = field(default_factory=list)

    @property
    def claimed(self) -> int:
        return sum(1 for s in self.slots if s.claim is not None)

    @property
    def open_slots(self) -> int:
        return len(self.slots) - self.claimed

    @property
    def is_gap(self) -> bool:
        """Families asked and nobody is (yet) interpreting: no slot, or an unclaimed one."""
        return (self.requested > 0 and not self.slots) or self.open_slots > 0

    @property
    def needs_slot(self) -> bool:
        return self.requested > 0 and not self.slots


@dataclass
class MeetingCoverage:
    meeting: MeetingPage
    rows: list[LanguageCoverage]

    @property
    def gaps(self) -> list[LanguageCoverage]:
        return [r for r in self.rows if r.is_gap]

    @property
    def covered(self) -> list[LanguageCoverage]:
        return [r for r in self.rows if not r.is_gap]


def coverage_for(meetings: list[MeetingPage]) -> list[MeetingCoverage]:
    """Languages requested, slots, claims and gaps per meeting (gaps first), in a constant
    number of queries: demand, slots, claims."""
    ids = [m.canonical_id for m in meetings]
    demand = language_demand(ids)
    slots_by_meeting: dict[int, list[InterpreterSlot]] = defaultdict(list)
    for slot in _slots_with_claims().filter(meeting_id__in=ids):
        slots_by_meeting[slot.meeting_id].append(_annotate_claims(slot))
    result = []
    for meeting in meetings:
        mid = meeting.canonical_id
        rows: dict[str, LanguageCoverage] = {}
        for language, people in demand.get(mid, {}).items():
            rows[language] = LanguageCoverage(language=language, requested=people)
        for slot in slots_by_meeting.get(mid, []):
            rows.setdefault(slot.language, LanguageCoverage(language=slot.language)).slots.append(
                slot
            )
        ordered = sorted(rows.values(), key=lambda r: (not r.is_gap, -r.requested, r.language))
        result.append(MeetingCoverage(meeting=meeting, rows=ordered))
    return result


def coverage_upcoming(now: datetime | None = None) -> list[MeetingCoverage]:
    meetings = upcoming_canonical_meetings(now)
    coverage = coverage_for(meetings)
    localized = localized_meetings(m.pk for m in meetings)
    for item in coverage:
        item.meeting = localized.get(item.meeting.pk, item.meeting)
    return coverage


# Interpreters ------------------------------------------------------------------------


def open_slots_for(user, now: datetime | None = None) -> list[InterpreterSlot]:
    """Unclaimed slots of upcoming meetings in the languages verified for this person."""
    now = now or timezone.now()
    languages = verified_languages_of(user)
    if not languages:
        return []
    taken = SlotClaim.objects.filter(slot=OuterRef("pk"), released_at__isnull=True, is_backup=False)
    slots = list(
        _slots_with_claims()
        .filter(language__in=languages, starts_at__gt=now, meeting__live=True)
        .exclude(Exists(taken))
        .order_by("starts_at", "pk")
    )
    return _with_local_meetings([_annotate_claims(s) for s in slots])


def assignments_for(user, now: datetime | None = None) -> list[SlotClaim]:
    """This person's active claims (and backups) for meetings not yet over."""
    now = now or timezone.now()
    claims = list(
        SlotClaim.objects.filter(interpreter=user, released_at__isnull=True, slot__ends_at__gt=now)
        .select_related("slot")
        .order_by("slot__starts_at", "pk")
    )
    _with_local_meetings([c.slot for c in claims])
    return claims


def _with_local_meetings(slots: list[InterpreterSlot]) -> list[InterpreterSlot]:
    localized = localized_meetings(s.meeting_id for s in slots)
    for slot in slots:
        slot.local_meeting = localized.get(slot.meeting_id)
    return slots


def slot_for_update(pk: int) -> InterpreterSlot:
    return InterpreterSlot.objects.select_related("meeting").get(pk=pk)


# RSVPs -------------------------------------------------------------------------------


def rsvp_of(user, meeting: MeetingPage) -> Rsvp | None:
    if user is None or not user.is_authenticated:
        return None
    return Rsvp.objects.filter(meeting_id=meeting.canonical_id, user=user).first()


def rsvp_counts(meeting: MeetingPage) -> dict:
    """Totals for facilitators and coordinators: replies, languages, childcare, transport
    (two queries)."""
    mid = meeting.canonical_id
    totals = Rsvp.objects.filter(meeting_id=mid).aggregate(
        yes=Count("pk", filter=Q(response=RsvpResponse.YES)),
        maybe=Count("pk", filter=Q(response=RsvpResponse.MAYBE)),
        no=Count("pk", filter=Q(response=RsvpResponse.NO)),
        children=Sum("children", filter=~Q(response=RsvpResponse.NO), default=0),
        transport=Count("pk", filter=Q(transport=True) & ~Q(response=RsvpResponse.NO)),
    )
    totals["languages"] = sorted(
        language_demand([mid])[mid].items(), key=lambda item: (-item[1], item[0])
    )
    return totals


def rsvps_with_needs(meeting: MeetingPage) -> list[Rsvp]:
    return list(
        Rsvp.objects.filter(meeting_id=meeting.canonical_id)
        .select_related("user")
        .order_by("response", "language", "user__display_name", "pk")
    )


def meeting_page_context(page: MeetingPage, user) -> dict:
    now = timezone.now()
    context: dict = {
        "now": now,
        "is_past": page.is_past(now),
        "replies_open": page.replies_open(now),
        "can_rsvp": user.is_authenticated and user.has_perm("meetings.rsvp", page),
        "my_rsvp": rsvp_of(user, page),
        "can_coordinate": user.is_authenticated and user.has_perm("meetings.coordinate"),
        "can_view_needs": user.is_authenticated and user.has_perm("meetings.view_rsvp_needs", page),
    }
    if user.is_authenticated and user.has_perm("meetings.view_rsvp_counts", page):
        context["rsvp_counts"] = rsvp_counts(page)
    return context


# Page context (cms.page_context), so that the page models never import this module.


@page_context(MeetingIndexPage)
@page_context(BoardIndexPage)
def meeting_list_page_context(page: MeetingIndexPage | BoardIndexPage, request) -> dict:
    return meeting_lists(fragments.page_number(request), parent=page)[0]


@page_context(MeetingPage)
def _meeting_page(page: MeetingPage, request) -> dict:
    return meeting_page_context(page, request.user)


# Lookups and lists for the meeting views ---------------------------------------------


def live_meetings() -> QuerySet[MeetingPage]:
    return MeetingPage.objects.live().select_related("locale", "group")


def slots_with_meeting() -> QuerySet[InterpreterSlot]:
    return InterpreterSlot.objects.select_related("meeting")


def claims_with_slot() -> QuerySet[SlotClaim]:
    return SlotClaim.objects.select_related("slot")


def verified_interpreters_by_language(languages: set[str]) -> dict[str, list]:
    """Interpreters verified per language (one query), for the assign forms."""
    result: dict[str, list] = {code: [] for code in languages}
    rows = (
        InterpreterLanguage.objects.filter(
            language__in=languages,
            verified_at__isnull=False,
            profile__user__is_active=True,
            profile__user__groups__name=ROLE_GROUPS[Role.INTERPRETER],
        )
        .select_related("profile__user")
        .order_by("profile__user__display_name")
    )
    for row in rows:
        result[row.language].append(row.profile.user)
    return result


def interpreter_profile_of(user) -> InterpreterProfile | None:
    return (
        InterpreterProfile.objects.filter(user=user)
        .prefetch_related("languages__verified_by")
        .first()
    )


def interpreter_roster() -> QuerySet[InterpreterProfile]:
    return (
        InterpreterProfile.objects.select_related("user")
        .prefetch_related("languages__verified_by")
        .order_by("user__display_name", "pk")
    )
