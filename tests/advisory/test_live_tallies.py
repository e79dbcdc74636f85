"""Live tallies over Channels: authenticated by the session, Origin checked, group-scoped,
and broadcast only after commit."""

import pytest
from asgiref.sync import async_to_sync, sync_to_async
from channels.testing import WebsocketCommunicator
from django.db import transaction

from advisory.models import Concern, Phase, Round
from advisory.services import cycle as services
from cms.asgi import application
from tests.conftest import login

# Consumers close their database connections after each use, as in production; the data
# they read must be committed, so these tests run in real transactions.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def voting(people, group):
    round_ = Round.objects.create(group=group, title="R", phase=Phase.VOTING)
    concern = Concern.objects.create(
        round=round_, author=people["member"], title="Buses", text="t", language="en"
    )
    return round_, concern


def _cookie_for(client, user) -> bytes:
    login(client, user)
    return f"sessionid={client.cookies['sessionid'].value}".encode()


def _communicator(path: str, cookie: bytes = b"", origin: bytes = b"http://testserver", app=None):
    headers = [(b"origin", origin), (b"host", b"testserver")]
    if cookie:
        headers.append((b"cookie", cookie))
    return WebsocketCommunicator(app or application, path, headers=headers)


def test_a_member_watching_results_is_told_when_a_ballot_is_cast(
    client, people, group, voting, django_capture_on_commit_callbacks
):
    round_, concern = voting
    cookie = _cookie_for(client, people["member"])
    voter = people["member"]

    async def scenario():
        communicator = _communicator(f"/ws/groups/{group.slug}/round/{round_.pk}/", cookie)
        connected, _ = await communicator.connect()
        assert connected

        def cast():
            with django_capture_on_commit_callbacks(execute=True):
                services.ballot_cast(actor=voter, round_=round_, allocation={concern.pk: 2})

        await sync_to_async(cast)()
        message = await communicator.receive_json_from(timeout=5)
        assert message == {"type": "changed", "kind": "round", "id": round_.pk}
        await communicator.disconnect()

    async_to_sync(scenario)()


def test_a_rolled_back_ballot_sends_nothing(
    client, people, group, voting, django_capture_on_commit_callbacks
):
    round_, concern = voting
    cookie = _cookie_for(client, people["member"])
    voter = people["member"]

    async def scenario():
        communicator = _communicator(f"/ws/groups/{group.slug}/round/{round_.pk}/", cookie)
        assert (await communicator.connect())[0]

        def cast_and_fail():
            with django_capture_on_commit_callbacks(execute=True):
                try:
                    with transaction.atomic():
                        services.ballot_cast(actor=voter, round_=round_, allocation={concern.pk: 2})
                        raise RuntimeError
                except RuntimeError:
                    pass

        await sync_to_async(cast_and_fail)()
        assert await communicator.receive_nothing(timeout=0.5)
        await communicator.disconnect()

    async_to_sync(scenario)()


@pytest.mark.parametrize("who", ["anonymous", "other_member"])
def test_outsiders_cannot_listen(client, people, group, voting, who):
    round_, _ = voting
    cookie = b"" if who == "anonymous" else _cookie_for(client, people[who])

    async def scenario():
        communicator = _communicator(f"/ws/groups/{group.slug}/round/{round_.pk}/", cookie)
        connected, _ = await communicator.connect()
        assert not connected

    async_to_sync(scenario)()


def test_a_foreign_origin_is_refused(client, people, group, voting, settings):
    settings.ALLOWED_HOSTS = ["testserver"]
    round_, _ = voting
    cookie = _cookie_for(client, people["member"])

    # The validator reads ALLOWED_HOSTS when the stack is built, as cms/asgi.py does.
    from channels.auth import AuthMiddlewareStack
    from channels.routing import URLRouter
    from channels.security.websocket import AllowedHostsOriginValidator

    from advisory.routing import websocket_urlpatterns

    app = AllowedHostsOriginValidator(AuthMiddlewareStack(URLRouter(websocket_urlpatterns)))

    async def scenario():
        ok = _communicator(f"/ws/groups/{group.slug}/round/{round_.pk}/", cookie, app=app)
        assert (await ok.connect())[0]
        await ok.disconnect()
        communicator = _communicator(
            f"/ws/groups/{group.slug}/round/{round_.pk}/",
            cookie,
            origin=b"https://evil.example",
            app=app,
        )
        connected, _ = await communicator.connect()
        assert not connected

    async_to_sync(scenario)()


def test_results_page_carries_the_live_region_only_while_voting(client, home, people, voting):
    round_, _ = voting
    login(client, people["member"])
    url = f"/en/groups/{round_.group.slug}/rounds/{round_.pk}/results/"
    body = client.get(url).content.decode()
    assert f'data-live-ws="/ws/groups/{round_.group.slug}/round/{round_.pk}/"' in body
    assert "/static/js/live.js" in body
