"""Reads for recommendations and answers, each in a fixed number of queries. Anything that
depends on the time (overdue) takes ``now`` as an argument."""

import difflib
from dataclasses import dataclass
from datetime import datetime

from django.core.paginator import Page, Paginator
from django.db.models import Case, Prefetch, Q, QuerySet, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _

from advisory.models import (
    AdvisoryGroup,
    Answer,
    Commitment,
    CommitmentUpdate,
    ContentTranslation,
    PdfExport,
    RankedPriority,
    Recommendation,
    RecommendationComment,
    RecommendationRevision,
    RecommendationStatus,
    Round,
)
from advisory.models.recommendations import RECOMMENDATION_FIELDS as FIELDS
from advisory.models.recommendations import summary_is_ready

# Recommendations with their answer, state and addressed leaders, ready for a list.
_LIST_RELATED = ("group", "round", "answer__state")


def _with_reader_summary(qs: QuerySet, language: str) -> QuerySet:
    return qs.prefetch_related(
        Prefetch(
            "translations",
            queryset=ContentTranslation.objects.filter(language=language),
            to_attr="reader_translations",
        )
    )


def reader_summary(recommendation: Recommendation, language: str) -> ContentTranslation | None:
    """The title and summary in the reader's language, when a person wrote or checked it."""
    if recommendation.language == language:
        return None
    rows = getattr(recommendation, "reader_translations", None)
    if rows is None:
        rows = list(recommendation.translations.filter(language=language))
    return next((t for t in rows if summary_is_ready(t)), None)


def mark(recommendations, now: datetime, language: str) -> list[Recommendation]:
    """Add what lists show: overdue flag and days, reader's title."""
    rows = list(recommendations)
    for r in rows:
        r.overdue = r.is_overdue(now)
        r.overdue_days = r.days_overdue(now)
        r.answer_state = None
        answer = _answer_or_none(r)
        if answer is not None and answer.published_at:
            r.answer_state = answer.state.label_in(language) if answer.state else ""
        translated = reader_summary(r, language)
        use_translation = translated is not None and bool(translated.title)
        r.reader_title = translated.title if use_translation else r.title
        r.reader_title_language = translated.language if use_translation else r.language
    return rows


def _answer_or_none(r) -> Answer | None:
    return getattr(r, "answer", None)  # a missing one-to-one raises an AttributeError


def recommendations_for_group(
    group: AdvisoryGroup, *, now: datetime, language: str, public_only: bool = False
) -> list[Recommendation]:
    """A group's recommendations, newest first. ``public_only`` keeps the ones visitors
    may read (submitted or answered)."""
    qs = Recommendation.objects.filter(group=group).select_related(*_LIST_RELATED)
    if public_only:
        qs = qs.exclude(status=RecommendationStatus.DRAFT)
    return mark(_with_reader_summary(qs, language), now, language)


# What a line of the leader's queue shows: title (or the reader's), group, due date,
# status and, once published, the answer's state. Only these columns are read: Django
# compares every selected column with the ORDER BY terms, so a wide select of four joined
# tables costs more than the query itself on a queue of hundreds.
_QUEUE_FIELDS = (
    "title",
    "language",
    "status",
    "due_on",
    "group__slug",
    "group__name",
    "answer__published_at",
    "answer__state__code",
    "answer__state__label",
    "answer__state__label_translations",
)


def leader_queue_rows(user) -> QuerySet:
    """Recommendations addressed to a leader (all submitted ones for staff): the open ones
    first, each due soonest first, in the database so the queue can be paged."""
    qs = Recommendation.objects.exclude(status=RecommendationStatus.DRAFT)
    if not (user.is_staff or user.is_superuser):
        qs = qs.filter(leaders=user)
    return (
        qs.select_related("group", "answer__state")
        .only(*_QUEUE_FIELDS)
        .order_by(
            Case(When(status=RecommendationStatus.SUBMITTED, then=Value(0)), default=Value(1)),
            "status",
            "due_on",
            "pk",
        )
    )


def leader_queue(user, *, now: datetime, language: str) -> list[Recommendation]:
    """The whole queue, marked for display (overdue, reader's title)."""
    return mark(_with_reader_summary(leader_queue_rows(user), language), now, language)


def leader_queue_page(user, *, now: datetime, language: str, number, per_page: int = 30) -> Page:
    """One page of the queue: a district leader can have hundreds of recommendations."""
    page = Paginator(_with_reader_summary(leader_queue_rows(user), language), per_page).get_page(
        number
    )
    page.object_list = mark(page.object_list, now, language)
    return page


def recommendation_detail(pk: int, group: AdvisoryGroup) -> Recommendation:
    return (
        Recommendation.objects.select_related(
            "group", "round", "created_by", "submitted_by", "answer__state", "answer__published_by"
        )
        .prefetch_related("authors", "leaders", "translations")
        .get(pk=pk, group=group)
    )


@dataclass
class PriorityLine:
    concern_id: int
    title: str
    language: str
    rank: int | None
    dots: int
    supporters: int
    is_tie: bool
    round_title: str
    decided_on: datetime | None
    raised_on: datetime | None = None


def linked_priorities(recommendations, language: str) -> dict[int, list[PriorityLine]]:
    """For each recommendation, the concerns it answers with their rank and vote totals,
    titles in the reader's language where a person translated them: three queries for any
    number of recommendations."""
    through = Recommendation.concerns.through
    links = list(
        through.objects.filter(recommendation__in=[r.pk for r in recommendations]).values_list(
            "recommendation_id", "concern_id"
        )
    )
    concern_ids = {c for _r, c in links}
    ranks = {
        p.concern_id: p
        for p in RankedPriority.objects.filter(concern_id__in=concern_ids).select_related(
            "concern", "round"
        )
    }
    titles = dict(
        ContentTranslation.objects.filter(concern_id__in=concern_ids, language=language)
        .exclude(title="")
        .values_list("concern_id", "title")
    )
    result: dict[int, list[PriorityLine]] = {r.pk: [] for r in recommendations}
    for rec_id, concern_id in links:
        p = ranks.get(concern_id)
        if p is None:
            continue
        result[rec_id].append(
            PriorityLine(
                concern_id=concern_id,
                title=titles.get(concern_id, p.concern.title),
                language=language if concern_id in titles else p.concern.language,
                rank=p.rank,
                dots=p.dots,
                supporters=p.supporters,
                is_tie=p.is_tie,
                round_title=p.round.title,
                decided_on=p.round.closed_at,
                raised_on=p.concern.created_at,
            )
        )
    for lines in result.values():
        lines.sort(key=lambda line: (line.rank or 0, line.concern_id))
    return result


def answer_with_commitments(recommendation: Recommendation, *, published_only: bool):
    """The answer (None when there is none, or when it is a draft and only a published one
    may be shown) with commitments and their updates."""
    qs = Answer.objects.filter(recommendation=recommendation).select_related(
        "state", "published_by"
    )
    if published_only:
        qs = qs.filter(published_at__isnull=False)
    return qs.prefetch_related(
        Prefetch(
            "commitments",
            queryset=Commitment.objects.prefetch_related(
                Prefetch("updates", queryset=CommitmentUpdate.objects.select_related("author"))
            ),
        )
    ).first()


@dataclass
class TimelineEntry:
    when: datetime
    label: str
    detail: str = ""
    detail_language: str = ""


def timeline(
    recommendation: Recommendation, answer: Answer | None, priorities: list[PriorityLine]
) -> list[TimelineEntry]:
    """The trail, each step dated: priorities decided, drafted, submitted, answered,
    commitments and their progress updates. Only a published answer appears."""
    entries = [
        TimelineEntry(
            p.raised_on,
            _("Concern raised: “%(title)s”, later priority %(rank)s")
            % {"title": p.title, "rank": p.rank},
        )
        for p in priorities
        if p.raised_on
    ]
    decided = {(p.round_title, p.decided_on) for p in priorities if p.decided_on}
    for title, when in decided:
        entries.append(
            TimelineEntry(when, _("Priorities decided in “%(round)s”") % {"round": title})
        )
    entries.append(TimelineEntry(recommendation.created_at, _("Drafting started")))
    if recommendation.submitted_at:
        leaders = ", ".join(u.display_name for u in recommendation.leaders.all())
        entries.append(
            TimelineEntry(
                recommendation.submitted_at,
                _("Submitted to %(leaders)s, answer due %(due)s")
                % {
                    "leaders": leaders,
                    "due": _date(recommendation.due_on),
                },
            )
        )
    if answer is not None and answer.published_at:
        entries.append(
            TimelineEntry(
                answer.published_at,
                _("Answered: %(state)s")
                % {"state": answer.state.label_in() if answer.state else ""},
            )
        )
        for c in answer.commitments.all():
            entries.append(
                TimelineEntry(
                    answer.published_at,
                    _("Commitment: %(what)s (%(owner)s, by %(due)s)")
                    % {"what": c.what, "owner": c.owner, "due": _date(c.due_on)},
                    detail_language=answer.language,
                )
            )
            for u in c.updates.all():
                entries.append(
                    TimelineEntry(
                        u.created_at,
                        _("Progress on “%(what)s”: %(status)s, %(percent)s%%")
                        % {"what": c.what, "status": u.get_status_display(), "percent": u.percent},
                        u.note,
                        answer.language,
                    )
                )
    return sorted(entries, key=lambda e: e.when)


def _date(value) -> str:
    from django.utils.formats import date_format

    return date_format(value, "DATE_FORMAT") if value else ""


def comments(recommendation: Recommendation) -> QuerySet:
    return RecommendationComment.objects.filter(recommendation=recommendation).select_related(
        "author"
    )


def revisions(recommendation: Recommendation) -> QuerySet:
    return RecommendationRevision.objects.filter(recommendation=recommendation).select_related(
        "author"
    )


@dataclass
class Segment:
    op: str  # "same", "added", "removed"
    text: str


def revision_diff(old: RecommendationRevision, new: RecommendationRevision) -> list[dict]:
    """Per field, the words removed and added between two revisions (difflib)."""
    from advisory.models import Recommendation as R

    labels = {name: R._meta.get_field(name).verbose_name for name in FIELDS}
    result = []
    for name in FIELDS:
        a, b = getattr(old, name), getattr(new, name)
        result.append(
            {"name": name, "label": labels[name], "changed": a != b, "segments": word_diff(a, b)}
        )
    return result


def word_diff(a: str, b: str) -> list[Segment]:
    import re

    old, new = re.findall(r"\S+\s*|\s+", a), re.findall(r"\S+\s*|\s+", b)
    segments: list[Segment] = []
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            segments.append(Segment("same", "".join(old[i1:i2])))
            continue
        if i2 > i1:
            segments.append(Segment("removed", "".join(old[i1:i2])))
        if j2 > j1:
            segments.append(Segment("added", "".join(new[j1:j2])))
    return segments


def round_report(round_: Round, *, now: datetime | None, language: str) -> list[Recommendation]:
    """Every recommendation of a round with its state, answer, commitments and linked
    priorities, for the group report: a fixed number of queries for any number of them."""
    now = now or timezone.now()
    qs = (
        Recommendation.objects.filter(round=round_)
        .select_related(*_LIST_RELATED)
        .prefetch_related(
            "leaders",
            Prefetch(
                "answer__commitments",
                queryset=Commitment.objects.prefetch_related("updates"),
            ),
        )
        .order_by("pk")
    )
    rows = mark(_with_reader_summary(qs, language), now, language)
    lines = linked_priorities(rows, language)
    for r in rows:
        r.priorities = lines[r.pk]
        answer = _answer_or_none(r)
        r.published_answer = answer if answer is not None and answer.published_at else None
    return rows


def overdue_filter(now: datetime) -> Q:
    return Q(status=RecommendationStatus.SUBMITTED, due_on__lt=timezone.localdate(now))


def reader_titles_for(concerns, language: str) -> dict[int, str]:
    return dict(
        ContentTranslation.objects.filter(
            concern_id__in=[c.pk for c in concerns], language=language
        )
        .exclude(title="")
        .values_list("concern_id", "title")
    )


@dataclass
class SummaryStatus:
    language: str
    ready: bool
    status_label: str
    is_original: bool = False
    is_machine: bool = False


def summary_statuses(recommendation: Recommendation) -> list[SummaryStatus]:
    """Per working language of the group: is there a summary a person wrote or checked?"""
    from advisory.models import TranslationStatus

    by_language = {t.language: t for t in recommendation.translations.all()}
    rows = []
    for code in recommendation.group.working_languages or []:
        if code == recommendation.language:
            ready = bool(recommendation.summary.strip())
            rows.append(
                SummaryStatus(
                    code,
                    ready,
                    _("Original") if ready else _("Not written yet"),
                    is_original=True,
                )
            )
            continue
        t = by_language.get(code)
        if t is None:
            rows.append(SummaryStatus(code, False, _("Not asked for yet")))
        else:
            label = TranslationStatus(t.status).label
            rows.append(
                SummaryStatus(code, summary_is_ready(t), str(label), is_machine=t.is_machine)
            )
    return rows


def closed_rounds(group: AdvisoryGroup) -> QuerySet[Round]:
    """The group's rounds with a frozen ranking (priorities a recommendation can answer)."""
    return Round.objects.filter(group=group, priorities__isnull=False).distinct()


def commitments_with_answer() -> QuerySet[Commitment]:
    return Commitment.objects.select_related("answer__recommendation")


def exports_with_round() -> QuerySet[PdfExport]:
    return PdfExport.objects.select_related("round")
