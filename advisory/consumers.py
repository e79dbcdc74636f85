"""Live tallies: while a round or poll is open, people watching its results get a hint
(cms/live.py) whenever the totals change, and re-read the numbers from the server."""

from channels.db import database_sync_to_async

from advisory.broadcast import poll_channel, round_channel
from advisory.models import Poll, Round
from cms.live import HintConsumer


@database_sync_to_async
def _may_watch(user, kind: str, pk: int, slug: str) -> bool:
    if user is None or not user.is_authenticated:
        return False
    model = Round if kind == "round" else Poll
    obj = model.objects.select_related("group").filter(pk=pk, group__slug=slug).first()
    if obj is None:
        return False
    return user.has_perm("advisory.view_group", obj.group)


class TallyConsumer(HintConsumer):
    """Group-scoped: only the group's people watch its tallies."""

    async def group_for(self) -> str | None:
        route = self.scope["url_route"]["kwargs"]
        kind, pk = route["kind"], int(route["pk"])
        if not await _may_watch(self.scope.get("user"), kind, pk, route["slug"]):
            return None
        return round_channel(pk) if kind == "round" else poll_channel(pk)
