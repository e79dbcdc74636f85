"""Live hints, shared by every page that updates without a reload (tallies, interpreter
coverage, the speaker queue).

After a write commits, ``hint_after_commit`` tells the watchers of channel-layer groups
that what they see changed; their page re-reads itself from the server, since the database
is the truth and a message is only a hint (a client that reconnects re-reads too). With
Redis as the channel layer the hint reaches every worker. A rolled-back write announces
nothing. ``HintConsumer`` is the listening end: a subclass only says which group a
connection may watch.
"""

import logging
from collections.abc import Iterable

from asgiref.sync import async_to_sync
from channels.generic.websocket import AsyncJsonWebsocketConsumer
from channels.layers import get_channel_layer
from django.db import transaction

logger = logging.getLogger(__name__)


def hint_after_commit(groups: Iterable[str], message: dict) -> None:
    """Send ``message`` (the JSON the watchers receive) to ``groups`` once the current
    transaction commits (at once outside one)."""
    groups = list(groups)
    transaction.on_commit(lambda: _send(groups, message))


def _send(groups: list[str], message: dict) -> None:
    layer = get_channel_layer()
    if layer is None:
        return
    for group in groups:
        try:
            async_to_sync(layer.group_send)(group, {"type": "live.hint", "message": message})
        except Exception:  # a hint lost is harmless: pages re-read on reconnect
            logger.exception("could not send a live hint to %s", group)


class HintConsumer(AsyncJsonWebsocketConsumer):
    """Listens only. Authenticated by the Django session (AuthMiddlewareStack) with the
    Origin checked (AllowedHostsOriginValidator) in cms/asgi.py; ``group_for`` answers
    which group this connection may watch, or None to refuse it with ``refusal_code``."""

    refusal_code = 4403  # live.js does not retry a refusal

    async def group_for(self) -> str | None:
        raise NotImplementedError

    async def connect(self):
        self.live_group = await self.group_for()
        if self.live_group is None:
            await self.close(code=self.refusal_code)
            return
        await self.channel_layer.group_add(self.live_group, self.channel_name)
        await self.accept()

    async def disconnect(self, code):
        if getattr(self, "live_group", None):
            await self.channel_layer.group_discard(self.live_group, self.channel_name)

    async def receive_json(self, content, **kwargs):
        """Clients only listen."""

    async def live_hint(self, event):
        await self.send_json(event["message"])
