"""Claims lock one slot's row, not the meeting (PostgreSQL, real threads): while one
interpreter's claim transaction is held open, another interpreter claims another slot of
the same meeting and commits. One person's claims still wait for each other, so nobody
is booked at two overlapping slots."""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from meetings import services
from meetings.models import SlotClaim
from tests.concurrency import HeldTransaction, run_in_thread
from tests.conftest import build_site
from tests.factories import AdvisoryGroupFactory, UserFactory
from tests.meetings.conftest import add_meeting, make_interpreter, publish_child

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL"),
]

QUICK = 5
BLOCKED = 1


@pytest.fixture
def two_slots():
    from advisory.models import GroupPage
    from meetings.models import MeetingIndexPage

    home = build_site()
    group = AdvisoryGroupFactory()
    group_page = publish_child(home, GroupPage(title="G", slug="g", group=group))
    index = publish_child(group_page, MeetingIndexPage(title="Meetings", slug="meetings"))
    meeting = add_meeting(index, "Locks")
    coordinator = UserFactory(roles=["coordinator"])
    slots = [
        services.slot_create(actor=coordinator, meeting=meeting, language=language)
        for language in ("vi", "vi")
    ]
    interpreters = [make_interpreter("vi", verifier=coordinator) for _ in range(2)]
    return slots, interpreters


def test_a_claim_on_another_slot_of_the_meeting_commits_while_one_is_in_flight(two_slots):
    (first_slot, second_slot), (first, second) = two_slots
    with HeldTransaction(lambda: services.slot_claim(actor=first, slot=first_slot)):
        thread, outcome = run_in_thread(lambda: services.slot_claim(actor=second, slot=second_slot))
        assert outcome["done"].wait(QUICK), "the second claim waited for the first one"
        assert isinstance(outcome.get("result"), SlotClaim)
    thread.join()
    assert SlotClaim.objects.filter(released_at__isnull=True).count() == 2


def test_a_second_claim_on_the_same_slot_waits_and_is_told_it_is_taken(two_slots):
    (slot, _other), (first, second) = two_slots
    with HeldTransaction(lambda: services.slot_claim(actor=first, slot=slot)) as held:
        thread, outcome = run_in_thread(lambda: services.slot_claim(actor=second, slot=slot))
        assert not outcome["done"].wait(BLOCKED), "claims of one slot must queue"
        held.release()
        assert outcome["done"].wait(QUICK)
    thread.join()
    assert outcome["error"].messages == ["Sorry, another interpreter has already taken this slot."]
    assert SlotClaim.objects.get(slot=slot).interpreter == first


def test_one_interpreter_claiming_two_overlapping_slots_at_once_gets_one(two_slots):
    (first_slot, second_slot), (person, _other) = two_slots
    with HeldTransaction(lambda: services.slot_claim(actor=person, slot=first_slot)) as held:
        thread, outcome = run_in_thread(lambda: services.slot_claim(actor=person, slot=second_slot))
        assert not outcome["done"].wait(BLOCKED), "one person's claims must queue"
        held.release()
        assert outcome["done"].wait(QUICK)
    thread.join()
    assert isinstance(outcome.get("error"), ValidationError)
    assert outcome["error"].messages == [
        "You are already interpreting at another slot at that time."
    ]
    assert list(SlotClaim.objects.values_list("slot_id", flat=True)) == [first_slot.pk]
