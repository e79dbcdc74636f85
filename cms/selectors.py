"""Reads that feed the site's lists, prefetching what the templates touch."""

from django.db.models import QuerySet
from wagtail.models import Page

from cms.models import CommunityPartner, Notification, ResourcePage


def resource_pages_for(
    ancestor: Page, *, topic: str | None = None, limit: int | None = None
) -> QuerySet[ResourcePage]:
    qs = (
        ResourcePage.objects.live()
        .public()
        .descendant_of(ancestor)
        .filter(locale_id=ancestor.locale_id)
        .order_by("title")
    )
    if topic:
        qs = qs.filter(topic=topic)
    return qs[:limit] if limit else qs


def inbox_for(user) -> QuerySet[Notification]:
    return Notification.objects.filter(recipient=user).order_by("-created_at", "-id")


def unread_count(user) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def group_pages_for(home: Page) -> QuerySet:
    from advisory.models import GroupPage

    return (
        GroupPage.objects.live().public().child_of(home).select_related("group").order_by("title")
    )


def partner_directory(
    *, language: str | None = None, service: str | None = None
) -> QuerySet[CommunityPartner]:
    qs = CommunityPartner.objects.filter(is_published=True).prefetch_related(
        "services", "languages"
    )
    if language:
        qs = qs.filter(languages__code=language)
    if service:
        qs = qs.filter(services__code=service)
    return qs.distinct().order_by("name")


def broadcast_progress(broadcast) -> dict:
    """How a broadcast is going, per channel and language: sent, waiting (queued, being
    sent or waiting to retry), failed and not confirmed (a worker stopped mid-send), in
    one aggregate query whatever the number of recipients."""
    from django.db.models import Count, Q

    from cms.broadcasts import OPEN_STATUSES
    from cms.languages import language_name
    from cms.models import Delivery, DeliveryChannel, DeliveryStatus

    counts = {
        "sent": Count("pk", filter=Q(status=DeliveryStatus.SENT)),
        "waiting": Count("pk", filter=Q(status__in=OPEN_STATUSES)),
        "failed": Count("pk", filter=Q(status=DeliveryStatus.FAILED)),
        "unknown": Count("pk", filter=Q(status=DeliveryStatus.UNKNOWN)),
    }
    rows = list(
        Delivery.objects.filter(broadcast=broadcast)
        .values("channel", "language")
        .annotate(**counts)
        .order_by("channel", "language")
    )
    labels = dict(DeliveryChannel.choices)
    totals = dict.fromkeys(counts, 0)
    for row in rows:
        row["channel_label"] = labels.get(row["channel"], row["channel"])
        row["language_name"] = language_name(row["language"]) if row["language"] else ""
        for key in counts:
            totals[key] += row[key]
    return {"rows": rows, "totals": totals, "done": broadcast.state == "done"}
