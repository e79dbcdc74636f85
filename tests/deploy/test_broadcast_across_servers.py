"""Live hints reach clients connected to another server process: two real production
servers (gunicorn + uvicorn, production settings) share Redis as channel layer and cache;
a WebSocket client on server B sees the hint when a person changes data through an HTTP
POST to a real view on server A. PostgreSQL + Redis; skipped otherwise."""

import asyncio
import json

import pytest
from websockets.asyncio.client import connect

from advisory.models import Ballot, Concern, Phase, Round
from meetings import services as meeting_services
from meetings.models import BoardIndexPage, SlotClaim, SpeakerSignup
from tests.conftest import build_site
from tests.deploy import servers
from tests.factories import AdvisoryGroupFactory, MembershipFactory, UserFactory
from tests.meetings.conftest import add_meeting, make_interpreter, open_comment, publish_child

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture(scope="module")
def server_pair(prod_env):
    a = servers.start(prod_env, workers=1)
    try:
        b = servers.start(prod_env, workers=1)
    except Exception:
        a.stop()
        raise
    yield a, b
    a.stop()
    b.stop()


@pytest.fixture
def two_servers(server_pair):
    servers.flush_redis()  # no cached fragment of an earlier test's rows
    return server_pair


async def _hint_on_b_after_post_on_a(a, b, ws_path, watcher, post_path, actor, data):
    """Connect to B, POST to A, return (POST status, the JSON hint B's client received)."""
    async with connect(b.ws_base + ws_path, **servers.ws_headers(b, watcher)) as ws:
        status, headers, body = await asyncio.to_thread(
            servers.request, a, "POST", post_path, browser=actor, data=data
        )
        message = json.loads(await asyncio.wait_for(ws.recv(), timeout=15))
    return status, headers, message


def test_a_ballot_cast_on_one_server_updates_the_tally_watched_on_another(two_servers):
    a, b = two_servers
    assert a.process.pid != b.process.pid and a.port != b.port
    build_site()
    group = AdvisoryGroupFactory(slug="lincoln")
    voter, watcher = UserFactory(), UserFactory()
    MembershipFactory(group=group, user=voter)
    MembershipFactory(group=group, user=watcher)
    round_ = Round.objects.create(group=group, title="Spring", phase=Phase.VOTING, dot_budget=5)
    concern = Concern.objects.create(
        round=round_, author=watcher, title="Late buses", text="t", language="en"
    )
    results = f"/en/groups/lincoln/rounds/{round_.pk}/results/"
    watcher_browser = servers.signed_in(watcher)
    before = servers.request(b, "GET", results, browser=watcher_browser)[2].decode()
    assert "0 members have voted." in before and "0 dots" in before  # now cached on B

    status, headers, message = asyncio.run(
        _hint_on_b_after_post_on_a(
            a,
            b,
            f"/ws/groups/lincoln/round/{round_.pk}/",
            watcher_browser,
            f"/en/groups/lincoln/rounds/{round_.pk}/ballot/",
            servers.signed_in(voter),
            {f"c{concern.pk}": "3"},
        )
    )

    assert status == 302, headers
    assert message == {"type": "changed", "kind": "round", "id": round_.pk}
    assert Ballot.objects.get(round=round_, member=voter).dots.get().count == 3
    # The page B's client re-reads shows the new total (the cache is shared too).
    after = servers.request(b, "GET", results, browser=watcher_browser)[2].decode()
    assert "1 member has voted." in after and "3 dots" in after


def test_a_slot_claimed_on_one_server_updates_coverage_watched_on_another(two_servers):
    a, b = two_servers
    home = build_site()
    board = publish_child(home, BoardIndexPage(title="Board", slug="board"))
    meeting = add_meeting(board, "Budget hearing")
    coordinator = UserFactory(roles=["coordinator"])
    slot = meeting_services.slot_create(actor=coordinator, meeting=meeting, language="vi")
    interpreter = make_interpreter("vi", verifier=coordinator)

    status, _headers, message = asyncio.run(
        _hint_on_b_after_post_on_a(
            a,
            b,
            f"/ws/meetings/{meeting.pk}/coverage/",
            servers.signed_in(coordinator),
            f"/en/meetings/slots/{slot.pk}/claim/",
            servers.signed_in(interpreter),
            {},
        )
    )

    assert status == 302
    assert message == {"type": "changed", "meeting": meeting.canonical_id}
    assert SlotClaim.objects.get(slot=slot).interpreter == interpreter


def test_the_clerk_moving_the_queue_on_one_server_updates_viewers_on_another(two_servers):
    a, b = two_servers
    home = build_site()
    board = publish_child(home, BoardIndexPage(title="Board", slug="board"))
    meeting = add_meeting(board, "Board meeting")
    open_comment(meeting)
    from meetings.public_comment import services as comment_services

    for name in ("Ana", "Bilal"):
        comment_services.comment_signup(
            actor=UserFactory(), meeting=meeting, called_name=name, language="es"
        )
    clerk = UserFactory(roles=["clerk"])

    status, _headers, message = asyncio.run(
        _hint_on_b_after_post_on_a(
            a,
            b,
            f"/ws/meetings/{meeting.pk}/queue/",
            None,  # the public queue: visitors watch it too
            f"/en/meetings/{meeting.pk}/comment/advance/",
            servers.signed_in(clerk),
            {},
        )
    )

    assert status == 302
    assert message == {"type": "queue", "meeting": meeting.canonical_id}
    called = SpeakerSignup.objects.get(meeting_id=meeting.canonical_id, status="called")
    assert called.called_name == "Ana"


def test_a_client_of_another_group_is_refused_on_every_server(two_servers):
    """Session authentication and group scoping hold on the production server too."""
    a, _b = two_servers
    build_site()
    group = AdvisoryGroupFactory(slug="lincoln")
    round_ = Round.objects.create(group=group, title="Spring", phase=Phase.VOTING)
    outsider = UserFactory()
    MembershipFactory(user=outsider)
    browser = servers.signed_in(outsider)

    async def attempt():
        async with connect(
            a.ws_base + f"/ws/groups/lincoln/round/{round_.pk}/", **servers.ws_headers(a, browser)
        ) as ws:
            await asyncio.wait_for(ws.recv(), timeout=10)

    from websockets.exceptions import ConnectionClosed, InvalidStatus

    with pytest.raises((ConnectionClosed, InvalidStatus)):
        asyncio.run(attempt())
