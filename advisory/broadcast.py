"""Tell watchers that totals changed, after the write has committed (never before: a
rolled-back vote must not announce anything). With Redis as the channel layer the hint
reaches every worker."""

import logging

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import transaction

from advisory import caching
from advisory.consumers import poll_channel, round_channel

logger = logging.getLogger(__name__)


def _send(channel: str) -> None:
    layer = get_channel_layer()
    if layer is None:
        return
    try:
        async_to_sync(layer.group_send)(channel, {"type": "tally.changed"})
    except Exception:  # a hint lost is harmless: pages re-read on reconnect
        logger.exception("could not broadcast to %s", channel)


def round_changed(round_id: int) -> None:
    caching.round_changed(round_id)  # before the hint, so watchers re-read fresh pages
    transaction.on_commit(lambda: _send(round_channel(round_id)))


def poll_changed(poll_id: int) -> None:
    transaction.on_commit(lambda: _send(poll_channel(poll_id)))
