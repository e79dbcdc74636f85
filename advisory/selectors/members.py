"""Reads for a group's members page."""

from datetime import datetime

from django.db.models import QuerySet
from django.utils import timezone

from advisory.models import AdvisoryGroup, Invitation, Membership


def group_roster(group: AdvisoryGroup) -> QuerySet[Membership]:
    """Everyone in the group with who added them, facilitators first, in one query."""
    return (
        Membership.objects.filter(group=group)
        .select_related("user", "added_by")
        .order_by("role", "user__display_name", "pk")
    )


def pending_invitations(group: AdvisoryGroup, now: datetime | None = None) -> QuerySet[Invitation]:
    """Invitations not yet used, cancelled or expired, newest first, in one query."""
    now = now or timezone.now()
    return (
        Invitation.objects.filter(
            group=group, used_at__isnull=True, revoked_at__isnull=True, expires_at__gt=now
        )
        .select_related("created_by")
        .order_by("-created_at", "-pk")
    )


def invitation_by_token(token: str) -> Invitation | None:
    return Invitation.objects.select_related("group").filter(token=token).first()


def is_in_group(user, group: AdvisoryGroup) -> bool:
    return Membership.objects.filter(group=group, user=user).exists()


def memberships_with_user() -> QuerySet[Membership]:
    return Membership.objects.select_related("user")
