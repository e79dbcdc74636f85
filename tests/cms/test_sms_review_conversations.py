"""A notice that asks a question by text makes a reply answer it, for each person who gets
it by text and only for them, in a number of queries that does not grow with the group."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cms.models import SmsConversation, SmsOptOut
from cms.notifications import notification_send
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

QUESTION = ("advisory.concern", {"round": 7})


def by_text(n: int, **fields):
    return UserFactory(
        email="", phone=f"+1202555{n:04d}", phone_verified=True, contact_channel="sms", **fields
    )


def ask(people) -> None:
    notification_send(
        kind="cms.reminder",
        recipients=people,
        context={"title": "Family meeting"},
        sms_conversation=QUESTION,
    )


def test_each_person_reached_by_text_and_only_they_get_the_question():
    fresh = by_text(1)
    asked_before = by_text(2)
    SmsConversation.objects.create(
        phone="+12025550002",
        user=asked_before,
        handler="advisory.vote",
        data={"round": 3},
        expires_at=timezone.now() + timedelta(hours=1),
    )
    stopped = by_text(3)
    SmsOptOut.objects.create(phone="+12025550003", keyword="STOP")
    by_email = UserFactory(phone="+12025550004", phone_verified=True, contact_channel="email")
    before = timezone.now()

    ask([fresh, asked_before, stopped, by_email])

    conversations = {c.phone: c for c in SmsConversation.objects.all()}
    assert set(conversations) == {"+12025550001", "+12025550002"}
    for person in (fresh, asked_before):
        conversation = conversations[str(person.phone)]
        assert conversation.user == person
        assert (conversation.handler, conversation.data) == QUESTION
        assert conversation.expires_at > before + timedelta(hours=71)
        assert conversation.updated_at >= before
    assert SmsConversation.objects.count() == 2  # the earlier question was replaced


def test_asking_a_large_group_takes_as_many_queries_as_a_small_one():
    few = [by_text(n) for n in range(10, 13)]
    many = [by_text(n) for n in range(100, 130)]
    counts = []
    for people in (few, many):
        with CaptureQueriesContext(connection) as queries:
            ask(people)
        counts.append(len(queries))
    assert counts[0] == counts[1]
    assert SmsConversation.objects.count() == 33
