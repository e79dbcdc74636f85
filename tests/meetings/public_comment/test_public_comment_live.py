"""The live speaker queue over Channels: watchers of a board meeting's queue are told
when the clerk moves it (after commit), and the queue page shows now speaking and next."""

import pytest
from asgiref.sync import sync_to_async
from channels.testing import WebsocketCommunicator
from django.urls import reverse

from cms.asgi import application
from meetings.models import BoardIndexPage
from meetings.public_comment import services
from tests.conftest import build_site, login
from tests.factories import UserFactory
from tests.meetings.conftest import add_meeting, open_comment, publish_child

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def setup():
    home = build_site()
    board = publish_child(home, BoardIndexPage(title="Board", slug="board"))
    meeting = add_meeting(board, "Live board")
    open_comment(meeting)
    clerk = UserFactory(roles=["clerk"])
    speakers = [
        services.comment_signup(
            actor=UserFactory(), meeting=meeting, called_name=name, language=lang
        )
        for name, lang in (("Rose", "ht"), ("Ali", "ar"))
    ]
    return meeting, clerk, speakers


def _communicator(path: str):
    return WebsocketCommunicator(
        application, path, headers=[(b"origin", b"http://testserver"), (b"host", b"testserver")]
    )


def test_queue_watchers_are_told_when_the_clerk_advances(setup, django_capture_on_commit_callbacks):
    meeting, clerk, speakers = setup

    async def scenario():
        communicator = _communicator(f"/ws/meetings/{meeting.pk}/queue/")
        connected, _ = await communicator.connect()
        assert connected

        def advance():
            with django_capture_on_commit_callbacks(execute=True):
                services.queue_advance(actor=clerk, meeting=meeting)

        await sync_to_async(advance)()
        message = await communicator.receive_json_from(timeout=5)
        assert message == {"type": "queue", "meeting": meeting.pk}
        await communicator.disconnect()

    from asgiref.sync import async_to_sync

    async_to_sync(scenario)()


def test_a_rolled_back_advance_announces_nothing(setup):
    meeting, clerk, speakers = setup
    from django.db import transaction

    async def scenario():
        communicator = _communicator(f"/ws/meetings/{meeting.pk}/queue/")
        connected, _ = await communicator.connect()
        assert connected

        def advance_and_roll_back():
            try:
                with transaction.atomic():
                    services.queue_advance(actor=clerk, meeting=meeting)
                    raise RuntimeError
            except RuntimeError:
                pass

        await sync_to_async(advance_and_roll_back)()
        assert await communicator.receive_nothing(timeout=0.5)
        await communicator.disconnect()

    from asgiref.sync import async_to_sync

    async_to_sync(scenario)()


def test_no_queue_for_a_meeting_that_does_not_exist(setup):
    async def scenario():
        communicator = _communicator("/ws/meetings/999999/queue/")
        connected, _ = await communicator.connect()
        assert not connected

    from asgiref.sync import async_to_sync

    async_to_sync(scenario)()


def test_the_queue_page_shows_now_speaking_and_next(client, setup):
    meeting, clerk, speakers = setup
    services.queue_advance(actor=clerk, meeting=meeting)
    url = reverse("meetings:queue", args=[meeting.pk])
    public = client.get(url).content.decode()
    assert "Speaker 1" in public and "Speaker 2" in public and "Rose" not in public
    login(client, clerk)
    body = client.get(url).content.decode()
    assert 'id="now-speaking"><span lang="ht" dir="ltr">Rose</span>' in body
    assert '<span lang="ar" dir="rtl">Ali</span>' in body
    assert "data-ends-at=" in body
