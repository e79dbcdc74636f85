"""Roles, as DESIGN.md names them.

Site-wide roles (leader, interpreter, clerk, coordinator, editor) are Django groups, so an
administrator assigns them on the "Roles" tab of a person in the Wagtail admin. Member and
facilitator are roles *in an advisory group*: a person is a member or facilitator of a
particular group, and may be both in different groups. The advisory app contributes those
through ``cms.registry.register_role_provider`` (the foundation does not import it).

Predicates over these roles live in ``cms/rules.py`` and ``advisory/rules.py``; every
"may this person do X to this object" question is asked through ``user.has_perm``.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from cms.registry import role_providers


class Role(models.TextChoices):
    MEMBER = "member", _("Member")
    FACILITATOR = "facilitator", _("Facilitator")
    LEADER = "leader", _("Leader")
    INTERPRETER = "interpreter", _("Interpreter or translator")
    COORDINATOR = "coordinator", _("Interpreter coordinator")
    CLERK = "clerk", _("Board clerk")
    EDITOR = "editor", _("Editor")
    ADMIN = "admin", _("Administrator")


# Site-wide roles and the Django group that carries each. "Editors" is Wagtail's own group.
ROLE_GROUPS: dict[str, str] = {
    Role.LEADER: "Leaders",
    Role.INTERPRETER: "Interpreters",
    Role.COORDINATOR: "Interpreter coordinators",
    Role.CLERK: "Clerks",
    Role.EDITOR: "Editors",
}
GROUP_ROLES: dict[str, str] = {name: role for role, name in ROLE_GROUPS.items()}

_CACHE_ATTR = "_cms_roles_cache"


def roles_of(user) -> frozenset[str]:
    """Every role a person holds, computed once per user object (two queries at most)."""
    if user is None or not user.is_authenticated or not user.is_active:
        return frozenset()
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is not None:
        return cached
    roles: set[str] = set()
    for name in user.groups.values_list("name", flat=True):
        if name in GROUP_ROLES:
            roles.add(GROUP_ROLES[name])
    if user.is_superuser:
        roles.add(Role.ADMIN)
    for provider in role_providers():
        roles.update(provider(user))
    result = frozenset(roles)
    setattr(user, _CACHE_ATTR, result)
    return result


def forget_roles(user) -> None:
    """Drop the cached roles (after a role change in the same request)."""
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)


def has_role(user, role: str) -> bool:
    return role in roles_of(user)
