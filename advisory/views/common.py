import rules
from django.http import Http404
from django.shortcuts import get_object_or_404

from advisory.models import AdvisoryGroup, Recommendation
from advisory.selectors.cycle import concerns_with_context, rounds_with_group
from advisory.selectors.recommendations import recommendation_detail


def group_for(request, slug: str, permission: str) -> AdvisoryGroup:
    """The group, or 404 for anyone without the permission: people of another group
    cannot even learn that the page exists."""
    group = get_object_or_404(AdvisoryGroup, slug=slug)
    if not request.user.has_perm(permission, group):
        raise Http404
    return group


def obj_for(request, queryset, permission: str, **lookup):
    """An object of a group, or 404 when the person may not see it."""
    obj = get_object_or_404(queryset, **lookup)
    if not request.user.has_perm(permission, obj):
        raise Http404
    return obj


def round_of(request, slug: str, pk: int, perm: str = "advisory.view_group"):
    """The round with its group in one query, or 404 for anyone without ``perm`` on it."""
    return obj_for(request, rounds_with_group(), perm, pk=pk, group__slug=slug)


def concern_of(request, slug: str, pk: int, perm: str = "advisory.view_group"):
    """A concern of the group (with its round, group, author), or 404 for anyone without
    ``perm`` on it."""
    group = group_for(request, slug, "advisory.view_group")
    return obj_for(request, concerns_with_context(), perm, pk=pk, round__group=group)


def group_or_404(slug: str) -> AdvisoryGroup:
    return get_object_or_404(AdvisoryGroup, slug=slug)


def recommendation_of(request, slug: str, pk: int, perm: str):
    """The recommendation, or 404 for anyone without the permission (other groups' people
    and leaders it was not sent to cannot learn that it exists). Views ask the rules
    registry, as the services do, not ``user.has_perm`` (which lets a superuser pass
    everything and would show forms the service then refuses)."""
    try:
        recommendation = recommendation_detail(pk, group_or_404(slug))
    except Recommendation.DoesNotExist:
        raise Http404 from None
    if not rules.has_perm(perm, request.user, recommendation):
        raise Http404
    return recommendation
