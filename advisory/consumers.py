"""Live tallies: while a round or poll is open, people watching its results get a hint over
a WebSocket whenever the totals change, and re-read the numbers from the server (the
database is the truth; a message is only a hint, and a client that reconnects re-reads)."""

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer

from advisory.models import Poll, Round


def round_channel(round_id: int) -> str:
    return f"tally.round.{round_id}"


def poll_channel(poll_id: int) -> str:
    return f"tally.poll.{poll_id}"


@database_sync_to_async
def _may_watch(user, kind: str, pk: int, slug: str) -> bool:
    if user is None or not user.is_authenticated:
        return False
    model = Round if kind == "round" else Poll
    obj = model.objects.select_related("group").filter(pk=pk, group__slug=slug).first()
    if obj is None:
        return False
    return user.has_perm("advisory.view_group", obj.group)


class TallyConsumer(AsyncJsonWebsocketConsumer):
    """Authenticated by the Django session (AuthMiddlewareStack); the Origin is checked by
    AllowedHostsOriginValidator in cms/asgi.py. Group-scoped: only the group's people."""

    async def connect(self):
        route = self.scope["url_route"]["kwargs"]
        self.kind = route["kind"]
        self.pk = int(route["pk"])
        if not await _may_watch(self.scope.get("user"), self.kind, self.pk, route["slug"]):
            await self.close(code=4403)
            return
        self.channel = round_channel(self.pk) if self.kind == "round" else poll_channel(self.pk)
        await self.channel_layer.group_add(self.channel, self.channel_name)
        await self.accept()

    async def disconnect(self, code):
        if getattr(self, "channel", None):
            await self.channel_layer.group_discard(self.channel, self.channel_name)

    async def receive_json(self, content, **kwargs):
        """Clients only listen."""

    async def tally_changed(self, event):
        await self.send_json({"type": "changed", "kind": self.kind, "id": self.pk})
