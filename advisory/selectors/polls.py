"""Reads for quick polls. Totals only, never who voted for what; texts in the reader's
language where a person translated them, otherwise the original marked with its language."""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count, Prefetch, QuerySet
from django.utils.translation import get_language

from advisory.models import AdvisoryGroup, Poll, PollChoice, PollVote, ResultsShown
from cms.languages import language_name


@dataclass(frozen=True)
class ChoiceResult:
    choice_id: int
    text: str
    language: str
    votes: int
    percent: int


def _polls() -> QuerySet[Poll]:
    choices = PollChoice.objects.annotate(vote_count=Count("votes")).prefetch_related(
        "translations"
    )
    return (
        Poll.objects.select_related("group")
        .annotate(voter_count=Count("votes", distinct=True))
        .prefetch_related("translations", Prefetch("choices", queryset=choices))
    )


def _can_always_see(user, poll: Poll) -> bool:
    return bool(
        user.is_authenticated and (user.is_staff or user.has_perm("advisory.manage_polls", poll))
    )


def poll_state(poll: Poll, now: datetime) -> str:
    """``upcoming``, ``open`` or ``closed``."""
    if now < poll.opens_at:
        return "upcoming"
    if now < poll.closes_at:
        return "open"
    return "closed"


def results_visible(poll: Poll, user, now: datetime, voted: bool) -> bool:
    if _can_always_see(user, poll):
        return True
    closed = poll_state(poll, now) == "closed"
    if poll.results_shown == ResultsShown.AFTER_CLOSE:
        return closed
    return voted or closed


def _translated(obj, language: str, field: str, original_language: str) -> tuple[str, str]:
    """(text, its language) for the reader's language, falling back to the original."""
    for t in obj.translations.all():
        if t.language == language:
            return getattr(t, field), language
    return getattr(obj, field), original_language


def _results(poll: Poll, language: str) -> list[ChoiceResult]:
    voters = poll.voter_count
    results = []
    for choice in poll.choices.all():
        text, text_language = _translated(choice, language, "text", poll.language)
        results.append(
            ChoiceResult(
                choice_id=choice.pk,
                text=text,
                language=text_language,
                votes=choice.vote_count,
                percent=round(100 * choice.vote_count / voters) if voters else 0,
            )
        )
    return results


def _decorate(polls: list[Poll], user, now: datetime, voted_ids: set[int]) -> list[Poll]:
    language = get_language()
    for poll in polls:
        poll.state = poll_state(poll, now)
        poll.user_voted = poll.pk in voted_ids
        poll.can_vote = (
            poll.state == "open"
            and not poll.user_voted
            and user.is_authenticated
            and user.has_perm("advisory.vote_poll", poll)
        )
        poll.shown_question, poll.shown_language = _translated(
            poll, language, "question", poll.language
        )
        poll.shown_language_name = language_name(poll.shown_language)
        poll.is_in_reader_language = poll.shown_language == language
        poll.shown_choices = [
            (choice.pk, *_translated(choice, language, "text", poll.language))
            for choice in poll.choices.all()
        ]
        poll.results_visible = results_visible(poll, user, now, poll.user_voted)
        poll.results = _results(poll, language) if poll.results_visible else None
    return polls


def _voted_ids(user, polls: QuerySet | list) -> set[int]:
    if not user.is_authenticated:
        return set()
    return set(
        PollVote.objects.filter(member=user, poll__in=[p.pk for p in polls]).values_list(
            "poll_id", flat=True
        )
    )


def polls_for_group(group: AdvisoryGroup, user, now: datetime, limit: int = 100) -> list[Poll]:
    """A group's polls, newest first, each with its state, whether the user voted, texts in
    the reader's language and (where the user may see them) the totals per choice. Five
    queries whatever the number of polls."""
    polls = list(_polls().filter(group=group)[:limit])
    return _decorate(polls, user, now, _voted_ids(user, polls))


def poll_for_group(group: AdvisoryGroup, pk: int, user, now: datetime) -> Poll | None:
    """One poll of this group (``None`` for another group's poll), decorated as in the list."""
    poll = _polls().filter(group=group, pk=pk).first()
    if poll is None:
        return None
    return _decorate([poll], user, now, _voted_ids(user, [poll]))[0]


def poll_results(poll: Poll, user, now: datetime) -> list[ChoiceResult] | None:
    """Totals per choice (counts and percentages of voters), or ``None`` while the user may
    not see them yet."""
    voted = user.is_authenticated and PollVote.objects.filter(poll=poll, member=user).exists()
    if not results_visible(poll, user, now, voted):
        return None
    fresh = _polls().get(pk=poll.pk)
    return _results(fresh, get_language())
