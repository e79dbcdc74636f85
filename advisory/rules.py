"""Who may do what in an advisory group. Services and views ask the same questions
through ``user.has_perm("advisory.<action>", group)``."""

import rules

from advisory.models import AdvisoryGroup, MembershipRole
from advisory.selectors import membership
from cms.rules import is_admin, is_staff


@rules.predicate
def is_group_member(user, group: AdvisoryGroup | None) -> bool:
    return group is not None and membership(user, group) is not None


@rules.predicate
def is_group_facilitator(user, group: AdvisoryGroup | None) -> bool:
    if group is None:
        return False
    m = membership(user, group)
    return m is not None and m.role == MembershipRole.FACILITATOR


rules.add_perm("advisory.view_group", is_group_member | is_staff | is_admin)
rules.add_perm("advisory.manage_members", is_group_facilitator | is_admin)
rules.add_perm("advisory.announce", is_group_facilitator | is_admin)
rules.add_perm("advisory.view_member_contacts", is_group_facilitator | is_admin)
