"""Thirty interpreters claim one slot at the same moment, on PostgreSQL with real threads
and connections (a test transaction would hide the race). Skipped on SQLite."""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from meetings import services
from meetings.models import SlotClaim
from tests.concurrency import run_in_threads
from tests.conftest import build_site
from tests.factories import AdvisoryGroupFactory, UserFactory
from tests.meetings.conftest import add_meeting, make_interpreter, publish_child

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL"),
]


def test_thirty_interpreters_claiming_one_slot_make_exactly_one_claim():
    from advisory.models import GroupPage
    from meetings.models import MeetingIndexPage

    home = build_site()
    group = AdvisoryGroupFactory()
    group_page = publish_child(home, GroupPage(title="G", slug="g", group=group))
    index = publish_child(group_page, MeetingIndexPage(title="Meetings", slug="meetings"))
    meeting = add_meeting(index, "Race")
    coordinator = UserFactory(roles=["coordinator"])
    slot = services.slot_create(actor=coordinator, meeting=meeting, language="vi")
    interpreters = [make_interpreter("vi", verifier=coordinator) for _ in range(30)]

    results = run_in_threads(30, lambda i: services.slot_claim(actor=interpreters[i], slot=slot))

    claims = [r for r in results if isinstance(r, SlotClaim)]
    refusals = [r for r in results if isinstance(r, ValidationError)]
    unexpected = [r for r in results if not isinstance(r, SlotClaim | ValidationError)]
    assert unexpected == []
    assert len(claims) == 1 and len(refusals) == 29
    assert all(
        r.messages == ["Sorry, another interpreter has already taken this slot."] for r in refusals
    )
    assert SlotClaim.objects.filter(slot=slot, released_at__isnull=True).count() == 1
    winner = SlotClaim.objects.get(slot=slot).interpreter
    assert winner == claims[0].interpreter


def test_thirty_claims_through_the_page_give_one_winner_and_no_server_error(settings):
    from django.test import Client
    from django.urls import reverse

    from advisory.models import GroupPage
    from meetings.models import MeetingIndexPage
    from tests.conftest import login

    home = build_site()
    group = AdvisoryGroupFactory()
    group_page = publish_child(home, GroupPage(title="G", slug="g", group=group))
    index = publish_child(group_page, MeetingIndexPage(title="Meetings", slug="meetings"))
    meeting = add_meeting(index, "Race")
    coordinator = UserFactory(roles=["coordinator"])
    slot = services.slot_create(actor=coordinator, meeting=meeting, language="vi")
    clients = []
    for _ in range(30):
        client = Client(raise_request_exception=False)
        login(client, make_interpreter("vi", verifier=coordinator))
        clients.append(client)
    url = reverse("meetings:slot_claim", args=[slot.pk])

    responses = run_in_threads(30, lambda i: clients[i].post(url, follow=True))

    assert all(not isinstance(r, Exception) and r.status_code == 200 for r in responses)
    pages = [r.content.decode() for r in responses]
    assert sum("The slot is yours" in p for p in pages) == 1
    assert sum("already taken this slot" in p for p in pages) == 29
    assert SlotClaim.objects.filter(slot=slot, released_at__isnull=True).count() == 1
