from django.db.models import QuerySet

from advisory.models import AdvisoryGroup, Membership


def membership_roles_of(user) -> set[str]:
    """The group roles (member, facilitator) a person holds in any group, in one query."""
    return set(Membership.objects.filter(user=user).values_list("role", flat=True).distinct())


def groups_of(user) -> QuerySet[AdvisoryGroup]:
    return AdvisoryGroup.objects.filter(memberships__user=user).distinct()


def membership(user, group: AdvisoryGroup) -> Membership | None:
    if not user.is_authenticated:
        return None
    cache = getattr(user, "_membership_cache", None)
    if cache is None:
        cache = {m.group_id: m for m in Membership.objects.filter(user=user)}
        user._membership_cache = cache
    return cache.get(group.pk)
