"""Concurrent edits of one draft on PostgreSQL with real threads: exactly one save per
base revision wins, every other is refused with the winner's version, and no text is
lost. Skipped on SQLite (which serialises writers); CI runs it on PostgreSQL."""

import pytest
from django.db import connection

from advisory.models import Recommendation, RecommendationRevision
from advisory.services import recommendations as services
from tests.concurrency import run_in_threads
from tests.factories import AdvisoryGroupFactory, MembershipFactory, UserFactory

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL"),
]


def test_ten_coauthors_saving_the_same_revision_one_wins_the_others_see_it():
    group = AdvisoryGroupFactory()
    authors = [UserFactory() for _ in range(10)]
    for author in authors:
        MembershipFactory(group=group, user=author)
    rec = services.recommendation_create(
        actor=authors[0], group=group, title="T", text="Start", language="en"
    )

    def save(index: int):
        return services.recommendation_edit(
            actor=authors[index],
            recommendation=Recommendation.objects.get(pk=rec.pk),
            base_revision=1,
            title="T",
            text=f"Text of author {index}",
        )

    results = run_in_threads(10, save)
    wins = [r for r in results if isinstance(r, Recommendation)]
    refused = [r for r in results if isinstance(r, services.StaleRevision)]
    assert len(wins) == 1 and len(refused) == 9, results
    rec.refresh_from_db()
    assert rec.revision == 2
    winner = RecommendationRevision.objects.get(recommendation=rec, number=2)
    assert rec.text == winner.text
    # Every refused author was shown the winner's text.
    assert {r.current.text for r in refused} == {winner.text}
    assert RecommendationRevision.objects.filter(recommendation=rec).count() == 2
