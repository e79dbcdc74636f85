"""Reads for the advisory cycle, each in a fixed number of queries."""

from django.db.models import (
    Count,
    Exists,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce

from advisory.models import (
    Ballot,
    Comment,
    Concern,
    ConcernStatus,
    ContentTranslation,
    Dot,
    Phase,
    RankedPriority,
    Round,
    Support,
    Topic,
)


def current_round(group) -> Round | None:
    """The round in progress, else the latest one."""
    rounds = list(Round.objects.filter(group=group).order_by("-created_at", "-pk")[:10])
    return next((r for r in rounds if r.phase != Phase.CLOSED), rounds[0] if rounds else None)


def _translations(language: str) -> Prefetch:
    return Prefetch(
        "translations",
        queryset=ContentTranslation.objects.filter(language=language),
        to_attr="reader_translations",
    )


def concerns_for_round(round_: Round, user, *, moderator: bool) -> QuerySet:
    """Concerns a person may see in a round, newest first: visible ones, plus hidden ones
    for the facilitator and for their own author (with the reason). A plain queryset, cheap
    to count and to page through; ``concern_cards`` adds what the list shows."""
    visibility = Q(status=ConcernStatus.VISIBLE)
    if moderator:
        visibility |= Q(status=ConcernStatus.HIDDEN)
    elif user.is_authenticated:
        visibility |= Q(status=ConcernStatus.HIDDEN, author=user)
    return (
        Concern.objects.filter(visibility, round=round_)
        .select_related("author")
        .order_by("-created_at", "-pk")
    )


def supported_concern_ids(user, concern_ids: list[int]) -> set[int]:
    """Which of these concerns the person supports."""
    if not concern_ids or not user.is_authenticated:
        return set()
    return set(
        Support.objects.filter(user=user, concern_id__in=concern_ids).values_list(
            "concern_id", flat=True
        )
    )


def concern_cards(ids: list[int], user, language: str) -> list[Concern]:
    """These concerns (one page's, in this order) with authors, topics, the reader's
    translation, supporter and comment counts and whether the reader supports each:
    counted per row with correlated subqueries, so only these rows are counted."""

    def count(model):
        return Coalesce(
            Subquery(
                model.objects.filter(concern=OuterRef("pk"))
                .values("concern")
                .annotate(n=Count("pk"))
                .values("n"),
                output_field=IntegerField(),
            ),
            Value(0),
        )

    rows = (
        Concern.objects.filter(pk__in=ids)
        .select_related("author")
        .prefetch_related("topics", _translations(language))
        .annotate(
            support_count=count(Support),
            comment_count=count(Comment),
            supported_by_me=Exists(
                Support.objects.filter(concern=OuterRef("pk"), user_id=getattr(user, "pk", None))
            ),
        )
    )
    by_id = {c.pk: c for c in rows}
    return [by_id[pk] for pk in ids if pk in by_id]


def concern_comments(concern: Concern, language: str) -> QuerySet:
    return (
        Comment.objects.filter(concern=concern)
        .select_related("author")
        .prefetch_related(_translations(language))
    )


def my_ballot(round_: Round, user) -> dict[int, int]:
    """The person's own dots (never anyone else's)."""
    ballot = Ballot.objects.filter(round=round_, member=user).first()
    if ballot is None:
        return {}
    return dict(Dot.objects.filter(ballot=ballot).values_list("concern_id", "count"))


def ranking_queryset(round_: Round):
    """Visible concerns of a round with their dots and supporters, best first, in one
    aggregate query (correlated subqueries, so sums are never multiplied by joins)."""
    dots = (
        Dot.objects.filter(concern=OuterRef("pk"))
        .values("concern")
        .annotate(total=Sum("count"))
        .values("total")
    )
    supporters = (
        Support.objects.filter(concern=OuterRef("pk"))
        .values("concern")
        .annotate(total=Count("pk"))
        .values("total")
    )
    return (
        Concern.objects.filter(round=round_, status=ConcernStatus.VISIBLE)
        .annotate(
            dot_total=Coalesce(Subquery(dots, output_field=IntegerField()), Value(0)),
            supporter_total=Coalesce(Subquery(supporters, output_field=IntegerField()), Value(0)),
        )
        .order_by("-dot_total", "-supporter_total", "created_at", "pk")
    )


def live_totals(round_: Round) -> QuerySet:
    """Totals only (votes are secret), best first."""
    return ranking_queryset(round_)


def frozen_priorities(round_: Round) -> QuerySet:
    return RankedPriority.objects.filter(round=round_).select_related("concern")


def ballot_count(round_: Round) -> int:
    return Ballot.objects.filter(round=round_, dots__isnull=False).distinct().count()


def reader_titles(concern_ids, language: str) -> dict[int, str]:
    """Concern titles translated into the reader's language, where a translation exists."""
    return dict(
        ContentTranslation.objects.filter(concern_id__in=list(concern_ids), language=language)
        .exclude(title="")
        .values_list("concern_id", "title")
    )


# Lookups for the cycle's pages (the views authorise what these return) ----------------


def rounds_with_group() -> QuerySet[Round]:
    return Round.objects.select_related("group")


def concerns_with_context() -> QuerySet[Concern]:
    return Concern.objects.select_related("round__group", "author", "merged_into")


def recent_rounds(group, limit: int = 10) -> QuerySet[Round]:
    return group.rounds.all()[:limit]


def group_topics(group) -> list[Topic]:
    return list(Topic.objects.filter(group=group))


def merge_targets(concern: Concern) -> QuerySet[Concern]:
    """The visible concerns of the same round that ``concern`` could be merged into."""
    return Concern.objects.filter(round=concern.round, status=ConcernStatus.VISIBLE).exclude(
        pk=concern.pk
    )


def ballot_concerns(round_: Round, only: set[int] | None = None) -> list[Concern]:
    """The concerns on a round's ballot, oldest first: only what the form needs (a round
    can hold a thousand concerns). ``only`` keeps those of these ids (a cast ballot reads
    just the concerns it puts dots on)."""
    qs = Concern.objects.filter(round=round_, status=ConcernStatus.VISIBLE)
    if only is not None:
        qs = qs.filter(pk__in=only)
    return list(qs.only("pk", "title").order_by("created_at", "pk"))


def reader_translation(concern: Concern, language: str) -> ContentTranslation | None:
    return concern.translations.filter(language=language).first()


def support_state(concern: Concern, user) -> tuple[int, bool]:
    """How many support the concern, and whether ``user`` does."""
    return concern.supports.count(), concern.supports.filter(user=user).exists()
