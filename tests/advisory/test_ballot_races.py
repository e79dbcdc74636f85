"""Races on PostgreSQL with real threads and connections (a test transaction would hide
them). Skipped on SQLite, which serialises writers anyway; CI runs these on PostgreSQL."""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from advisory.models import Ballot, Concern, Dot, Phase, Round
from advisory.services import cycle as services
from tests.concurrency import run_in_threads
from tests.factories import AdvisoryGroupFactory, MembershipFactory, UserFactory

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL"),
]


def test_twenty_concurrent_ballots_from_one_member_make_one_ballot_within_budget():
    group = AdvisoryGroupFactory()
    voter = UserFactory()
    MembershipFactory(group=group, user=voter)
    round_ = Round.objects.create(
        group=group, title="R", phase=Phase.VOTING, dot_budget=5, max_dots_per_concern=3
    )
    concerns = [
        Concern.objects.create(round=round_, author=voter, title=f"C{i}", text="t", language="en")
        for i in range(10)
    ]

    def cast(index: int):
        # Each thread spends the whole budget differently.
        first, second = concerns[index % 10], concerns[(index + 1) % 10]
        return services.ballot_cast(
            actor=voter, round_=round_, allocation={first.pk: 3, second.pk: 2}
        )

    results = run_in_threads(20, cast)
    errors = [r for r in results if isinstance(r, Exception)]
    assert errors == []  # every submission is accepted in turn: no 500, no IntegrityError
    assert Ballot.objects.filter(round=round_, member=voter).count() == 1
    assert sum(Dot.objects.filter(ballot__round=round_).values_list("count", flat=True)) == 5


def test_ballots_racing_the_close_either_count_or_are_refused_cleanly():
    group = AdvisoryGroupFactory()
    facilitator = UserFactory()
    MembershipFactory(group=group, user=facilitator, role="facilitator")
    voters = [UserFactory() for _ in range(12)]
    for voter in voters:
        MembershipFactory(group=group, user=voter)
    round_ = Round.objects.create(group=group, title="R", phase=Phase.VOTING)
    c = Concern.objects.create(round=round_, author=voters[0], title="C", text="t", language="en")

    def work(index: int):
        if index == 0:
            return services.round_close(actor=facilitator, round_=round_)
        return services.ballot_cast(actor=voters[index - 1], round_=round_, allocation={c.pk: 1})

    results = run_in_threads(13, work)
    unexpected = [
        r for r in results if isinstance(r, Exception) and not isinstance(r, ValidationError)
    ]
    assert unexpected == []
    counted = Ballot.objects.filter(round=round_).count()
    from advisory.models import RankedPriority

    # The frozen result counts exactly the ballots that were accepted before the close.
    assert RankedPriority.objects.get(round=round_).dots == counted
