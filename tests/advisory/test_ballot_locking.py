"""Ballots of different members do not queue behind each other (PostgreSQL, real
threads): one member's ballot transaction is held open, with all its locks, while
another member's ballot in the same round commits. The close still waits for a ballot in
flight and counts it, and a ballot after the close is refused."""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from advisory.models import Ballot, Concern, Dot, Phase, RankedPriority, Round
from advisory.services import cycle as services
from tests.concurrency import HeldTransaction, run_in_thread
from tests.factories import AdvisoryGroupFactory, MembershipFactory, UserFactory

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL"),
]

QUICK = 5  # seconds: far longer than a ballot takes, far shorter than the held transaction
BLOCKED = 1  # seconds a waiting transaction is watched to be still waiting


@pytest.fixture
def voting():
    group = AdvisoryGroupFactory()
    facilitator = UserFactory()
    MembershipFactory(group=group, user=facilitator, role="facilitator")
    members = [UserFactory() for _ in range(3)]
    for member in members:
        MembershipFactory(group=group, user=member)
    round_ = Round.objects.create(
        group=group, title="R", phase=Phase.VOTING, dot_budget=5, max_dots_per_concern=3
    )
    concern = Concern.objects.create(
        round=round_, author=members[0], title="C", text="t", language="en"
    )
    return {"round": round_, "concern": concern, "members": members, "facilitator": facilitator}


def _cast(voting, member, dots=2):
    return lambda: services.ballot_cast(
        actor=member, round_=voting["round"], allocation={voting["concern"].pk: dots}
    )


def test_another_members_ballot_commits_while_one_is_in_flight(voting):
    first, second = voting["members"][:2]
    with HeldTransaction(_cast(voting, first)):
        thread, outcome = run_in_thread(_cast(voting, second))
        finished = outcome["done"].wait(QUICK)
        # Still inside the first member's open transaction.
        assert finished, "the second member's ballot waited for the first one's transaction"
        assert isinstance(outcome.get("result"), Ballot)
        assert Ballot.objects.filter(round=voting["round"]).count() == 1  # only B's committed
    thread.join()
    assert Ballot.objects.filter(round=voting["round"]).count() == 2


def test_one_members_second_ballot_waits_for_the_first_and_replaces_it(voting):
    member = voting["members"][0]
    with HeldTransaction(_cast(voting, member, dots=1)) as held:
        thread, outcome = run_in_thread(_cast(voting, member, dots=3))
        assert not outcome["done"].wait(BLOCKED), "the same member's ballots must not interleave"
        held.release()
        assert outcome["done"].wait(QUICK)
    thread.join()
    assert held.error is None and "error" not in outcome
    assert Ballot.objects.filter(member=member).count() == 1
    assert list(Dot.objects.filter(ballot__member=member).values_list("count", flat=True)) == [3]


def test_close_waits_for_a_ballot_in_flight_and_counts_it(voting):
    member = voting["members"][0]
    with HeldTransaction(_cast(voting, member, dots=2)) as held:
        thread, outcome = run_in_thread(
            lambda: services.round_close(actor=voting["facilitator"], round_=voting["round"])
        )
        assert not outcome["done"].wait(BLOCKED), "the close did not wait for the ballot"
        held.release()
        assert outcome["done"].wait(QUICK)
    thread.join()
    assert "error" not in outcome
    assert RankedPriority.objects.get(round=voting["round"]).dots == 2


def test_a_ballot_after_the_close_waits_for_it_and_is_refused(voting):
    member = voting["members"][0]
    close = lambda: services.round_close(actor=voting["facilitator"], round_=voting["round"])  # noqa: E731
    with HeldTransaction(close) as held:
        thread, outcome = run_in_thread(_cast(voting, member))
        assert not outcome["done"].wait(BLOCKED), "the ballot did not wait for the close"
        held.release()
        assert outcome["done"].wait(QUICK)
    thread.join()
    assert isinstance(outcome.get("error"), ValidationError)
    assert outcome["error"].messages == ["Voting is not open in this round."]
    assert not Ballot.objects.filter(round=voting["round"]).exists()
    assert Round.objects.get(pk=voting["round"].pk).phase == Phase.CLOSED


def test_ballots_of_many_members_at_once_all_count_within_their_budgets(voting):
    from tests.concurrency import run_in_threads

    members = [UserFactory() for _ in range(15)]
    for member in members:
        MembershipFactory(group=voting["round"].group, user=member)
    results = run_in_threads(
        15,
        lambda i: services.ballot_cast(
            actor=members[i], round_=voting["round"], allocation={voting["concern"].pk: 3}
        ),
    )
    assert [r for r in results if not isinstance(r, Ballot)] == []
    assert Ballot.objects.filter(round=voting["round"]).count() == 15
    assert sum(Dot.objects.values_list("count", flat=True)) == 45
