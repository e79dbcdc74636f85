"""Permissions for the site: small predicates combined per action (django-rules).

Every app asks ``user.has_perm("<app>.<action>", obj)``; the predicates that answer live
in that app's ``rules.py``. This file holds the site-wide ones and the shared role
predicates the other apps build on.
"""

import rules
from django.conf import settings

from cms.roles import Role, has_role


def _role_predicate(role: str):
    @rules.predicate(name=f"has_role_{role}")
    def check(user) -> bool:
        return has_role(user, role)

    return check


is_admin = _role_predicate(Role.ADMIN)
is_editor = _role_predicate(Role.EDITOR)
is_leader = _role_predicate(Role.LEADER)
is_interpreter = _role_predicate(Role.INTERPRETER)
is_coordinator = _role_predicate(Role.COORDINATOR)
is_clerk = _role_predicate(Role.CLERK)
is_any_facilitator = _role_predicate(Role.FACILITATOR)
is_any_member = _role_predicate(Role.MEMBER)


@rules.predicate
def is_staff(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active and user.is_staff)


@rules.predicate
def is_self(user, other) -> bool:
    return other is not None and user.is_authenticated and user.pk == other.pk


@rules.predicate
def must_use_mfa(user) -> bool:
    """Staff, leaders, facilitators and editors must have a second factor."""
    required = set(getattr(settings, "MFA_REQUIRED_ROLES", []))
    if "staff" in required and (user.is_staff or user.is_superuser):
        return True
    return any(has_role(user, role) for role in required)


rules.add_perm("cms.change_profile", is_self | is_admin)
rules.add_perm("cms.view_contact_details", is_self | is_admin)
rules.add_perm("cms.assign_roles", is_admin)
rules.add_perm("cms.manage_partners", is_editor | is_admin)
# Texts from numbers linked to no account: their numbers are seen by administrators only.
rules.add_perm("cms.answer_unknown_texts", is_admin)
rules.add_rule("cms.must_use_mfa", must_use_mfa)
