from django.http import Http404
from django.shortcuts import get_object_or_404

from advisory.models import AdvisoryGroup


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
