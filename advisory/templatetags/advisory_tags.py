from django import template
from django.urls import reverse
from django.utils.translation import get_language

register = template.Library()


@register.simple_tag
def recommendation_url(recommendation) -> str:
    """Where a reader follows a linked recommendation: its public page on the group's page
    (in the reader's language where translated) when the group publishes its
    recommendations, otherwise the members' page (which answers 404 to anyone else)."""
    from advisory.models import GroupPage

    group = recommendation.group
    if group.publish_recommendations:
        pages = list(GroupPage.objects.live().filter(group=group).select_related("locale"))
        page = next(
            (p for p in pages if p.locale.language_code == get_language()),
            pages[0] if pages else None,
        )
        if page is not None and page.url:
            return page.recommendation_url(recommendation.pk)
    return reverse("advisory:recommendation", args=[group.slug, recommendation.pk])
