"""Tell coordinators watching coverage that it changed, after the write has committed
(a rolled-back claim must not announce anything)."""

import logging

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import transaction

from meetings.consumers import ALL_COVERAGE, meeting_channel

logger = logging.getLogger(__name__)


def _send(meeting_id: int) -> None:
    layer = get_channel_layer()
    if layer is None:
        return
    for channel in (meeting_channel(meeting_id), ALL_COVERAGE):
        try:
            async_to_sync(layer.group_send)(
                channel, {"type": "coverage.changed", "meeting": meeting_id}
            )
        except Exception:  # a hint lost is harmless: pages re-read on reconnect
            logger.exception("could not broadcast to %s", channel)


def coverage_changed(meeting_id: int) -> None:
    transaction.on_commit(lambda: _send(meeting_id))
