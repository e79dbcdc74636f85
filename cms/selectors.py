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
