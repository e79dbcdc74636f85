"""Tell watchers that totals changed, after the write has committed (cms/live.py)."""

from advisory import caching
from advisory.consumers import poll_channel, round_channel
from cms.live import hint_after_commit


def round_changed(round_id: int) -> None:
    caching.round_changed(round_id)  # before the hint, so watchers re-read fresh pages
    hint_after_commit(
        [round_channel(round_id)], {"type": "changed", "kind": "round", "id": round_id}
    )


def poll_changed(poll_id: int) -> None:
    hint_after_commit([poll_channel(poll_id)], {"type": "changed", "kind": "poll", "id": poll_id})
