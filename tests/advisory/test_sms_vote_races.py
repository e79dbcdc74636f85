"""Twenty votes texted from one number at once, over real HTTP with real threads, on
PostgreSQL (a test transaction would hide the race; SQLite serialises writers anyway)."""

import pytest
from django.db import connection

from advisory.models import Ballot, Concern, Dot, Phase, Round
from cms.models import InboundSms, SmsConversation
from cms.sms_inbound.services import conversation_set
from tests.concurrency import run_in_threads
from tests.factories import AdvisoryGroupFactory, MembershipFactory, UserFactory
from tests.sms import text

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL"),
]

PHONE = "+12025550199"


def _voting_family():
    group = AdvisoryGroupFactory()
    voter = UserFactory(
        email="", phone=PHONE, phone_verified=True, contact_channel="sms", preferred_language="so"
    )
    MembershipFactory(group=group, user=voter)
    round_ = Round.objects.create(
        group=group, title="R", phase=Phase.VOTING, dot_budget=5, max_dots_per_concern=3
    )
    concerns = [
        Concern.objects.create(round=round_, author=voter, title=f"C{i}", text="t", language="en")
        for i in range(9)
    ]
    conversation_set(
        phone=PHONE,
        user=voter,
        handler="advisory.vote",
        data={"round": round_.pk, "order": [c.pk for c in concerns]},
    )
    return voter, round_


def test_twenty_texted_votes_at_once_make_one_ballot_within_budget(live_server, twilio):
    twilio.SMS_INBOUND_RATE_LIMIT = 100
    voter, round_ = _voting_family()
    # Each text spends the whole budget differently: "1 1 1 2 2", "2 2 2 3 3", ...
    bodies = [f"{i % 9 + 1} " * 3 + f"{(i + 1) % 9 + 1} " * 2 for i in range(20)]

    results = run_in_threads(20, lambda i: text(live_server.url, PHONE, bodies[i].strip()))

    assert [status for status, _ in results] == [200] * 20  # no 500 under the race
    assert InboundSms.objects.filter(from_phone=PHONE).count() == 20
    assert Ballot.objects.filter(round=round_, member=voter).count() == 1
    assert sum(Dot.objects.filter(ballot__round=round_).values_list("count", flat=True)) == 5
    assert SmsConversation.objects.get(phone=PHONE).handler == "advisory.vote"


def test_the_same_message_retried_twenty_times_at_once_counts_once(live_server, twilio):
    twilio.SMS_INBOUND_RATE_LIMIT = 100
    voter, round_ = _voting_family()

    results = run_in_threads(20, lambda i: text(live_server.url, PHONE, "4 4", sid="SM-same"))

    assert [status for status, _ in results] == [200] * 20
    assert InboundSms.objects.filter(message_sid="SM-same").count() == 1
    ballot = Ballot.objects.get(round=round_, member=voter)
    assert list(Dot.objects.filter(ballot=ballot).values_list("count", flat=True)) == [2]
