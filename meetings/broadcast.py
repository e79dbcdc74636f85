"""Tell coordinators watching coverage, and everyone watching a speaker queue, that it
changed, after the write has committed (cms/live.py)."""

from cms.live import hint_after_commit

ALL_COVERAGE = "meetings.coverage.all"


def meeting_channel(meeting_id: int) -> str:
    return f"meetings.coverage.{meeting_id}"


def queue_channel(meeting_id: int) -> str:
    return f"meetings.queue.{meeting_id}"


def coverage_changed(meeting_id: int) -> None:
    hint_after_commit(
        [meeting_channel(meeting_id), ALL_COVERAGE], {"type": "changed", "meeting": meeting_id}
    )


def queue_changed(meeting_id: int) -> None:
    """The speaker queue of a board meeting moved."""
    hint_after_commit([queue_channel(meeting_id)], {"type": "queue", "meeting": meeting_id})
