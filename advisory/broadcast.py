"""Tell watchers that totals changed, after the write has committed (cms/live.py)."""

from advisory import caching
from cms.live import hint_after_commit


def round_channel(round_id: int) -> str:
    return f"tally.round.{round_id}"


def poll_channel(poll_id: int) -> str:
    return f"tally.poll.{poll_id}"


def round_changed(round_id: int) -> None:
    caching.round_changed(round_id)  # before the hint, so watchers re-read fresh pages
    hint_after_commit(
        [round_channel(round_id)], {"type": "changed", "kind": "round", "id": round_id}
    )


def poll_changed(poll_id: int) -> None:
    hint_after_commit([poll_channel(poll_id)], {"type": "changed", "kind": "poll", "id": poll_id})
