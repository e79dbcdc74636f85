"""What the public-comment services share: limits and the clerk check."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

from cms.models import User

NAME_MAX = 120
TOPIC_MAX = 200
COMMENT_MAX = 5000
SIGNUP_LANES = 8  # sign-ups of one meeting in flight at once while many places remain


class LastPlaces(Exception):
    """Raised inside an optimistic sign-up attempt to roll it back (and release its
    shared lock and lane) and count again under the exclusive lock."""


def require_clerk(actor: User) -> None:
    if not actor.has_perm("meetings.manage_comment"):
        raise PermissionDenied
