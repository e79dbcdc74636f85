"""Tell coordinators watching coverage, and everyone watching a speaker queue, that it
changed, after the write has committed (cms/live.py)."""

from cms import fragments
from cms.live import hint_after_commit

ALL_COVERAGE = "meetings.coverage.all"


def meeting_channel(meeting_id: int) -> str:
    return f"meetings.coverage.{meeting_id}"


def queue_channel(meeting_id: int) -> str:
    return f"meetings.queue.{meeting_id}"


def coverage_changed(meeting_id: int) -> None:
    fragments.changed(coverage_topic(meeting_id))  # the clerk's page shows the gaps too
    hint_after_commit(
        [meeting_channel(meeting_id), ALL_COVERAGE], {"type": "changed", "meeting": meeting_id}
    )


def speakers_topic(meeting_id: int) -> str:
    """The cached regions drawn from a meeting's speakers list (cms/fragments.py)."""
    return f"meetings:speakers:{meeting_id}"


def coverage_topic(meeting_id: int) -> str:
    """The cached regions drawn from a meeting's interpreter coverage (cms/fragments.py)."""
    return f"meetings:coverage:{meeting_id}"


def queue_changed(meeting_id: int) -> None:
    """The speaker queue of a board meeting moved: the cached list is stale, and everyone
    watching is told."""
    fragments.changed(speakers_topic(meeting_id))
    hint_after_commit([queue_channel(meeting_id)], {"type": "queue", "meeting": meeting_id})
