from django.db.models import QuerySet

from advisory.models import AdvisoryGroup, GroupPage, Membership, MembershipRole


def _memberships(user) -> dict[int, Membership]:
    """A person's memberships by group, read once per user object."""
    cache = getattr(user, "_membership_cache", None)
    if cache is None:
        cache = {m.group_id: m for m in Membership.objects.filter(user=user)}
        user._membership_cache = cache
    return cache


def membership_roles_of(user) -> set[str]:
    """The group roles (member, facilitator) a person holds in any group (the same one
    query that ``membership`` answers from)."""
    return {m.role for m in _memberships(user).values()}


def groups_of(user) -> QuerySet[AdvisoryGroup]:
    return AdvisoryGroup.objects.filter(memberships__user=user).distinct()


def facilitated_groups(user) -> QuerySet[AdvisoryGroup]:
    """The groups a person facilitates (none for anonymous visitors)."""
    if not user.is_authenticated:
        return AdvisoryGroup.objects.none()
    return AdvisoryGroup.objects.filter(
        memberships__user=user, memberships__role=MembershipRole.FACILITATOR
    )


def membership(user, group: AdvisoryGroup) -> Membership | None:
    if not user.is_authenticated:
        return None
    return _memberships(user).get(group.pk)


def group_members(group: AdvisoryGroup) -> QuerySet:
    """Everyone in the group (members and facilitators) who can be reached."""
    from cms.models import User

    return User.objects.filter(memberships__group=group, is_active=True).distinct()


def announcements_with_stats(group: AdvisoryGroup, limit: int = 20) -> list:
    """A group's latest announcements, each with how many people it reached and how the
    deliveries went, in three queries whatever the number of announcements."""
    from django.db.models import Count, Q

    from advisory.models import Announcement
    from cms.models import Delivery, DeliveryStatus, Notification

    announcements = list(
        Announcement.objects.filter(group=group)
        .select_related("broadcast")
        .prefetch_related("translations")[:limit]
    )
    keys = [f"announcement:{a.pk}" for a in announcements]
    recipients = dict(
        Notification.objects.filter(source_key__in=keys)
        .values("source_key")
        .annotate(n=Count("id"))
        .values_list("source_key", "n")
    )
    deliveries = {
        row["notification__source_key"]: row
        for row in Delivery.objects.filter(notification__source_key__in=keys)
        .values("notification__source_key")
        .annotate(
            sent=Count("id", filter=Q(status=DeliveryStatus.SENT)),
            failed=Count("id", filter=Q(status=DeliveryStatus.FAILED)),
            pending=Count(
                "id",
                filter=Q(
                    status__in=[
                        DeliveryStatus.QUEUED,
                        DeliveryStatus.CLAIMED,
                        DeliveryStatus.SENDING,
                        DeliveryStatus.RETRYING,
                    ]
                ),
            ),
        )
    }
    for announcement in announcements:
        key = f"announcement:{announcement.pk}"
        announcement.recipient_count = recipients.get(key, 0)
        stats = deliveries.get(key, {})
        announcement.sent_count = stats.get("sent", 0)
        announcement.failed_count = stats.get("failed", 0)
        announcement.pending_count = stats.get("pending", 0)
    return announcements


def group_pages_for(home) -> QuerySet:
    """The live, public group pages under a home page, for its list of groups."""
    return (
        GroupPage.objects.live().public().child_of(home).select_related("group").order_by("title")
    )


def announcement_of(group: AdvisoryGroup, pk: int):
    """One announcement of the group with its broadcast, or None."""
    from advisory.models import Announcement

    return Announcement.objects.select_related("broadcast").filter(group=group, pk=pk).first()
