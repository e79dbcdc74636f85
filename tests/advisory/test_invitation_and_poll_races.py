"""Races on PostgreSQL with real threads and connections: a single-use invitation is
claimed once, and a member votes once in a poll, whatever arrives at the same moment."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone

from advisory.models import Membership, PollVote
from advisory.services import invitations as invitation_services
from advisory.services import polls as poll_services
from tests.concurrency import run_in_threads
from tests.factories import AdvisoryGroupFactory, MembershipFactory, UserFactory

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL"),
]


def test_twenty_people_racing_for_one_invitation_make_one_membership():
    group = AdvisoryGroupFactory()
    facilitator = UserFactory()
    MembershipFactory(group=group, user=facilitator, role="facilitator")
    invitation = invitation_services.invitation_create(
        actor=facilitator, group=group, email="family@example.org", language="es"
    )
    people = [UserFactory() for _ in range(20)]

    def accept(index: int):
        return invitation_services.invitation_accept(actor=people[index], code=invitation.code)

    results = run_in_threads(20, accept)
    joined = [r for r in results if isinstance(r, Membership)]
    refused = [r for r in results if isinstance(r, ValidationError)]
    assert len(joined) == 1, results
    assert len(refused) == 19, results
    assert all(r.messages for r in refused)
    assert Membership.objects.filter(group=group).count() == 2
    invitation.refresh_from_db()
    assert invitation.used_by == joined[0].user


def test_twenty_submissions_of_one_members_vote_make_one_vote():
    group = AdvisoryGroupFactory()
    facilitator, voter = UserFactory(), UserFactory()
    MembershipFactory(group=group, user=facilitator, role="facilitator")
    MembershipFactory(group=group, user=voter)
    now = timezone.now()
    poll = poll_services.poll_create(
        actor=facilitator,
        group=group,
        question="Which evening?",
        language="en",
        kind="single",
        results_shown="after_vote",
        opens_at=now - timedelta(hours=1),
        closes_at=now + timedelta(days=1),
        choices=["Tuesday", "Thursday"],
    )
    choices = list(poll.choices.order_by("pk").values_list("pk", flat=True))

    def vote(index: int):
        return poll_services.poll_vote(actor=voter, poll=poll, choice_ids=[choices[index % 2]])

    results = run_in_threads(20, vote)
    votes = [r for r in results if isinstance(r, PollVote)]
    refused = [r for r in results if isinstance(r, ValidationError)]
    assert len(votes) == 1, results
    assert len(refused) == 19, results
    assert PollVote.objects.filter(poll=poll).count() == 1
    assert PollVote.objects.get(poll=poll).choices.count() == 1
