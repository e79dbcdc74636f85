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


def _send_queue(meeting_id: int) -> None:
    from meetings.consumers import queue_channel

    layer = get_channel_layer()
    if layer is None:
        return
    try:
        async_to_sync(layer.group_send)(
            queue_channel(meeting_id), {"type": "queue.changed", "meeting": meeting_id}
        )
    except Exception:  # a hint lost is harmless: the page re-reads on reconnect
        logger.exception("could not broadcast the queue of %s", meeting_id)


def queue_changed(meeting_id: int) -> None:
    """The speaker queue of a board meeting moved: tell its watchers after commit."""
    transaction.on_commit(lambda: _send_queue(meeting_id))
