"""Live coverage: coordinators watching a meeting's coverage (or all upcoming meetings)
get a hint when a slot is created, claimed or released, or when replies change the
demand, and re-read the page from the server (a message is only a hint; a client that
reconnects re-reads)."""

from channels.db import database_sync_to_async

from cms.live import HintConsumer
from meetings.broadcast import ALL_COVERAGE, meeting_channel, queue_channel


@database_sync_to_async
def _coverage_group(user, meeting_id: int | None) -> str | None:
    """Coordinators only: the meeting's group (by its canonical page), or all meetings'."""
    if user is None or not user.is_authenticated or not user.has_perm("meetings.coordinate"):
        return None
    if meeting_id is None:
        return ALL_COVERAGE
    from meetings.models import MeetingPage

    page = MeetingPage.objects.filter(pk=meeting_id).first()
    return meeting_channel(page.canonical_id) if page is not None else None


class CoverageConsumer(HintConsumer):
    """Coordinators watching a meeting's coverage (or all upcoming meetings) get a hint
    when a slot is created, claimed or released, or when replies change the demand."""

    async def group_for(self) -> str | None:
        pk = self.scope["url_route"]["kwargs"].get("pk")
        return await _coverage_group(self.scope.get("user"), int(pk) if pk else None)


# Public comment: the live speaker queue ----------------------------------------------


@database_sync_to_async
def _queue_group(pk: int) -> str | None:
    from meetings.models import MeetingPage

    page = MeetingPage.objects.live().filter(pk=pk, kind="board").first()
    return queue_channel(page.canonical_id) if page is not None else None


class QueueConsumer(HintConsumer):
    """Anyone watching a board meeting's speaker queue gets a hint when the clerk moves
    it, and re-reads the queue from the server, which decides what this viewer may see
    (names only for the clerk) and renders it in the viewer's language."""

    refusal_code = 4404

    async def group_for(self) -> str | None:
        return await _queue_group(int(self.scope["url_route"]["kwargs"]["pk"]))
