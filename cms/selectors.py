"""Reads that feed the site's lists, prefetching what the templates touch."""

from django.db.models import QuerySet
from wagtail.models import Page

from cms.models import (
    CommunityPartner,
    HomePage,
    InboundSms,
    InboundStatus,
    Notification,
    NotificationMute,
    OutboundSms,
    PartnerLanguage,
    ResourceIndexPage,
    ResourcePage,
    ResourceTopic,
    User,
)
from cms.page_context import page_context
from cms.registry import sections_for
from cms.roles import ROLE_GROUPS, Role


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
    sent or waiting to retry), failed and not confirmed (a worker stopped mid-send), and
    how many of the failed were texts to numbers that replied STOP, in one aggregate query
    whatever the number of recipients."""
    from django.db.models import Count, Q

    from cms.languages import language_name
    from cms.models import Delivery, DeliveryChannel, DeliveryStatus
    from cms.models.notifications import OPEN_DELIVERY_STATUSES, OPTED_OUT_ERROR

    counts = {
        "sent": Count("pk", filter=Q(status=DeliveryStatus.SENT)),
        "waiting": Count("pk", filter=Q(status__in=OPEN_DELIVERY_STATUSES)),
        "failed": Count("pk", filter=Q(status=DeliveryStatus.FAILED)),
        "unknown": Count("pk", filter=Q(status=DeliveryStatus.UNKNOWN)),
    }
    rows = list(
        Delivery.objects.filter(broadcast=broadcast)
        .values("channel", "language")
        .annotate(
            **counts,
            stopped=Count("pk", filter=Q(status=DeliveryStatus.FAILED, last_error=OPTED_OUT_ERROR)),
        )
        .order_by("channel", "language")
    )
    labels = dict(DeliveryChannel.choices)
    totals = dict.fromkeys(counts, 0)
    for row in rows:
        row["channel_label"] = labels.get(row["channel"], row["channel"])
        row["language_name"] = language_name(row["language"]) if row["language"] else ""
        for key in counts:
            totals[key] += row[key]
    return {
        "rows": rows,
        "totals": totals,
        "done": broadcast.state == "done",
        # Of the failed: texts to numbers that replied STOP (not a fault to chase).
        "stopped": sum(row["stopped"] for row in rows),
    }


@page_context(HomePage)
def home_page_context(page: HomePage, request) -> dict:
    return {
        "featured_resources": resource_pages_for(page, limit=6),
        "feature_sections": sections_for("home", page=page, request=request),
    }


@page_context(ResourceIndexPage)
def resource_index_context(page: ResourceIndexPage, request) -> dict:
    topic = request.GET.get("topic", "")
    if topic not in ResourceTopic.values:
        topic = ""
    return {
        "topics": ResourceTopic.choices,
        "selected_topic": topic,
        "resources": resource_pages_for(page, topic=topic or None),
    }


def active_leaders() -> QuerySet[User]:
    """People with the leader role, for choosing who answers a recommendation."""
    return User.objects.filter(groups__name=ROLE_GROUPS[Role.LEADER], is_active=True).order_by(
        "display_name", "pk"
    )


def muted_kinds(user) -> set[str]:
    """The kinds of notice a person turned off."""
    return set(NotificationMute.objects.filter(user=user).values_list("kind", flat=True))


def partner_languages() -> QuerySet[PartnerLanguage]:
    """Languages at least one published partner serves, for the directory's filter."""
    return PartnerLanguage.objects.filter(partners__is_published=True).distinct()


def unknown_texts(*, limit: int = 100) -> QuerySet[InboundSms]:
    """Texts from numbers linked to no account that nobody has dealt with yet, newest
    first, with the answers sent (two queries for any number)."""
    from django.db.models import Prefetch

    return (
        InboundSms.objects.filter(status=InboundStatus.UNKNOWN)
        .prefetch_related(
            Prefetch("replies", queryset=OutboundSms.objects.order_by("created_at", "pk"))
        )
        .order_by("-received_at", "-pk")[:limit]
    )


def unknown_text(pk: int) -> InboundSms | None:
    return InboundSms.objects.filter(pk=pk, status=InboundStatus.UNKNOWN).first()
