"""Live coverage: coordinators watching a meeting's coverage (or all upcoming meetings)
get a hint when a slot is created, claimed or released, or when replies change the
demand, and re-read the page from the server (a message is only a hint; a client that
reconnects re-reads)."""

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer

ALL_COVERAGE = "meetings.coverage.all"


def meeting_channel(meeting_id: int) -> str:
    return f"meetings.coverage.{meeting_id}"


@database_sync_to_async
def _may_watch(user, meeting_id: int | None) -> bool:
    if user is None or not user.is_authenticated or not user.has_perm("meetings.coordinate"):
        return False
    if meeting_id is None:
        return True
    from meetings.models import MeetingPage

    return MeetingPage.objects.filter(pk=meeting_id).exists()


class CoverageConsumer(AsyncJsonWebsocketConsumer):
    """Authenticated by the session; Origin checked in cms/asgi.py; coordinators only."""

    async def connect(self):
        route = self.scope["url_route"]["kwargs"]
        pk = int(route["pk"]) if route.get("pk") else None
        if not await _may_watch(self.scope.get("user"), pk):
            await self.close(code=4403)
            return
        if pk is not None:
            from meetings.models import MeetingPage

            canonical = await database_sync_to_async(
                lambda: MeetingPage.objects.get(pk=pk).canonical_id
            )()
            self.channel = meeting_channel(canonical)
        else:
            self.channel = ALL_COVERAGE
        self.meeting_id = pk
        await self.channel_layer.group_add(self.channel, self.channel_name)
        await self.accept()

    async def disconnect(self, code):
        if getattr(self, "channel", None):
            await self.channel_layer.group_discard(self.channel, self.channel_name)

    async def receive_json(self, content, **kwargs):
        """Clients only listen."""

    async def coverage_changed(self, event):
        await self.send_json({"type": "changed", "meeting": event.get("meeting")})


# Public comment: the live speaker queue ----------------------------------------------


def queue_channel(meeting_id: int) -> str:
    return f"meetings.queue.{meeting_id}"


@database_sync_to_async
def _queue_meeting(pk: int) -> int | None:
    from meetings.models import MeetingPage

    page = MeetingPage.objects.live().filter(pk=pk, kind="board").first()
    return page.canonical_id if page is not None else None


class QueueConsumer(AsyncJsonWebsocketConsumer):
    """Anyone watching a board meeting's speaker queue gets a hint when the clerk moves
    it, and re-reads the queue from the server, which decides what this viewer may see
    (names only for the clerk) and renders it in the viewer's language."""

    async def connect(self):
        pk = int(self.scope["url_route"]["kwargs"]["pk"])
        canonical = await _queue_meeting(pk)
        if canonical is None:
            await self.close(code=4404)
            return
        self.channel = queue_channel(canonical)
        await self.channel_layer.group_add(self.channel, self.channel_name)
        await self.accept()

    async def disconnect(self, code):
        if getattr(self, "channel", None):
            await self.channel_layer.group_discard(self.channel, self.channel_name)

    async def receive_json(self, content, **kwargs):
        """Clients only listen."""

    async def queue_changed(self, event):
        await self.send_json({"type": "queue", "meeting": event.get("meeting")})
