"""Context of the advisory app's Wagtail pages (registered with ``cms.page_context``, so
the page models never import selectors): the group page's list of recommendations and the
public page of one recommendation, routed under the group page."""

from django.http import Http404
from django.utils import timezone
from django.utils.translation import get_language

from advisory.models import GroupPage, Recommendation, RecommendationStatus
from advisory.selectors import recommendations as selectors
from cms.page_context import page_context


def visible_recommendations(page: GroupPage, is_in_group: bool) -> list:
    """Submitted and answered recommendations with their overdue flags: for visitors
    when the group publishes them, always for its own members."""
    if not (page.group.publish_recommendations or is_in_group):
        return []
    rows = selectors.recommendations_for_group(
        page.group, now=timezone.now(), language=get_language(), public_only=True
    )
    for r in rows:
        r.public_url = page.recommendation_url(r.pk) if page.group.publish_recommendations else None
    return rows


@page_context(GroupPage)
def group_page_context(page: GroupPage, request) -> dict:
    user = request.user
    is_in_group = user.is_authenticated and user.has_perm("advisory.view_group", page.group)
    return {
        "is_in_group": is_in_group,
        "recommendations": visible_recommendations(page, is_in_group),
    }


@page_context(GroupPage, "recommendation")
def public_recommendation_context(page: GroupPage, request, *, pk: int) -> dict:
    """A submitted recommendation, its published answer, commitments and trail, for
    visitors, in the language of this (translated) page."""
    if not page.group.publish_recommendations:
        raise Http404
    try:
        rec = (
            Recommendation.objects.select_related("group", "round")
            .prefetch_related("leaders", "translations")
            .exclude(status=RecommendationStatus.DRAFT)
            .get(pk=pk, group=page.group)
        )
    except Recommendation.DoesNotExist:
        raise Http404 from None
    language = get_language()
    selectors.mark([rec], timezone.now(), language)
    answer = selectors.answer_with_commitments(rec, published_only=True)
    priorities = selectors.linked_priorities([rec], language)[rec.pk]
    return {
        "recommendation": rec,
        "group": page.group,
        "translated": selectors.reader_summary(rec, language),
        "priorities": priorities,
        "published_answer": answer,
        "answer_state": answer.state.label_in(language) if answer and answer.state else "",
        "timeline": selectors.timeline(rec, answer, priorities),
    }
