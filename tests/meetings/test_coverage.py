"""Gaps, coverage, live updates and flat query counts."""

from datetime import timedelta

import pytest
from asgiref.sync import async_to_sync, sync_to_async
from channels.testing import WebsocketCommunicator
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cms import fragments
from meetings import selectors, services
from meetings.caching import MEETINGS_LIST
from meetings.models import InterpreterSlot, Rsvp
from meetings.selectors import coverage_for, language_demand
from tests.conftest import login
from tests.meetings.conftest import add_meeting, make_interpreter, member_of

pytestmark = pytest.mark.django_db


def _rsvp(meeting, group, language, response="yes"):
    return Rsvp.objects.create(
        meeting_id=meeting.canonical_id, user=member_of(group), response=response, language=language
    )


def test_gaps_are_languages_asked_for_without_a_claimed_slot_listed_first(
    meeting, group, coordinator
):
    _rsvp(meeting, group, "vi")
    _rsvp(meeting, group, "vi", "maybe")
    _rsvp(meeting, group, "es")
    _rsvp(meeting, group, "ar", "no")  # not coming: no demand
    _rsvp(meeting, group, "")  # no interpreter needed
    es_slot = services.slot_create(actor=coordinator, meeting=meeting, language="es")
    services.slot_claim(actor=make_interpreter("es"), slot=es_slot)
    services.slot_create(actor=coordinator, meeting=meeting, language="so")  # open, no demand
    assert language_demand([meeting])[meeting.pk] == {"vi": 2, "es": 1}
    rows = coverage_for([meeting])[0].rows
    summary = [(r.language, r.requested, len(r.slots), r.claimed, r.is_gap) for r in rows]
    assert summary == [
        ("vi", 2, 0, 0, True),
        ("so", 0, 1, 0, True),
        ("es", 1, 1, 1, False),
    ]


def test_proposing_slots_opens_one_per_gap_language_once(meeting, group, coordinator):
    _rsvp(meeting, group, "vi")
    _rsvp(meeting, group, "ar")
    services.slot_create(actor=coordinator, meeting=meeting, language="ar")
    created = services.slots_propose(actor=coordinator, meeting=meeting)
    assert [(s.language, s.proposed) for s in created] == [("vi", True)]
    assert services.slots_propose(actor=coordinator, meeting=meeting) == []
    assert InterpreterSlot.objects.count() == 2


def test_language_demand_takes_extra_sources(meeting, group, monkeypatch):
    _rsvp(meeting, group, "vi")
    monkeypatch.setattr(
        selectors,
        "DEMAND_SOURCES",
        [*selectors.DEMAND_SOURCES, lambda ids: [(ids[0], "vi", 3), (ids[0], "ko", 1)]],
    )
    assert language_demand([meeting])[meeting.pk] == {"vi": 4, "ko": 1}


def _count(client, url) -> int:
    fragments.changed(MEETINGS_LIST)  # count the full work, not the cached list
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def _meetings_with_slots(parent, group, coordinator, count, offset):
    for i in range(count):
        meeting = add_meeting(
            parent, f"Meeting {offset + i}", starts_at=timezone.now() + timedelta(days=2 + i)
        )
        _rsvp(meeting, group, "vi")
        slot = InterpreterSlot.objects.create(
            meeting=meeting, language="es", starts_at=meeting.starts_at, ends_at=meeting.ends_at
        )
        if i % 2:
            from meetings.models import SlotClaim

            SlotClaim.objects.create(slot=slot, interpreter=make_interpreter("es"))


def test_lists_coverage_and_open_slots_load_in_flat_queries(
    client, group_meetings, group, coordinator, mfa_ok
):
    interpreter = make_interpreter("es")
    urls = {
        "list": reverse("meetings:list"),
        "index": None,
        "coverage": reverse("meetings:coverage"),
        "open slots": reverse("meetings:interpreting"),
    }

    def counts():
        result = {}
        for name, url in urls.items():
            who = interpreter if name == "open slots" else coordinator
            login(client, who)
            result[name] = _count(client, url or group_meetings.url)
        return result

    _meetings_with_slots(group_meetings, group, coordinator, 3, 0)
    counts()  # warm the site's caches (root paths, roles)
    few = counts()
    _meetings_with_slots(group_meetings, group, coordinator, 47, 3)
    many = counts()
    assert few == many


def test_a_meeting_page_and_its_coverage_load_in_flat_queries(
    client, meeting, group, coordinator, mfa_ok
):
    login(client, coordinator)

    def add(count):
        for i in range(count):
            _rsvp(meeting, group, ["vi", "es", "ar"][i % 3])
            InterpreterSlot.objects.create(
                meeting=meeting,
                language=["vi", "es", "ar"][i % 3],
                starts_at=meeting.starts_at,
                ends_at=meeting.ends_at,
            )

    urls = [meeting.url, reverse("meetings:coverage_meeting", args=[meeting.pk])]
    add(3)
    [_count(client, u) for u in urls]  # warm the site's caches
    few = [_count(client, u) for u in urls]
    add(47)
    many = [_count(client, u) for u in urls]
    assert few == many


# Live coverage over Channels ------------------------------------------------------------


def _cookie_for(client, user) -> bytes:
    login(client, user)
    return f"sessionid={client.cookies['sessionid'].value}".encode()


def _communicator(path: str, cookie: bytes = b""):
    from cms.asgi import application

    headers = [(b"origin", b"http://testserver"), (b"host", b"testserver")]
    if cookie:
        headers.append((b"cookie", cookie))
    return WebsocketCommunicator(application, path, headers=headers)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_coordinators_watching_coverage_are_told_when_a_slot_is_claimed_and_released(
    client, meeting, coordinator, django_capture_on_commit_callbacks
):
    slot = services.slot_create(actor=coordinator, meeting=meeting, language="vi")
    interpreter = make_interpreter("vi")
    cookie = _cookie_for(client, coordinator)

    async def scenario():
        per_meeting = _communicator(f"/ws/meetings/{meeting.pk}/coverage/", cookie)
        everything = _communicator("/ws/meetings/coverage/", cookie)
        assert (await per_meeting.connect())[0]
        assert (await everything.connect())[0]

        def claim():
            with django_capture_on_commit_callbacks(execute=True):
                services.slot_claim(actor=interpreter, slot=slot)

        await sync_to_async(claim)()
        expected = {"type": "changed", "meeting": meeting.pk}
        assert await per_meeting.receive_json_from(timeout=5) == expected
        assert await everything.receive_json_from(timeout=5) == expected

        def release():
            with django_capture_on_commit_callbacks(execute=True):
                services.slot_release(actor=interpreter, slot=slot)

        await sync_to_async(release)()
        assert await per_meeting.receive_json_from(timeout=5) == expected
        await per_meeting.disconnect()
        await everything.disconnect()

    async_to_sync(scenario)()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_only_coordinators_may_watch_coverage(client, meeting, people):
    interpreter = make_interpreter("vi")

    async def refused(cookie):
        communicator = _communicator(f"/ws/meetings/{meeting.pk}/coverage/", cookie)
        connected, code = await communicator.connect()
        return not connected

    for person in (people["member"], people["facilitator"], interpreter):
        cookie = _cookie_for(client, person)
        assert async_to_sync(refused)(cookie)
    assert async_to_sync(refused)(b"")
