"""Who may do what in an advisory group. Services and views ask the same questions through
``user.has_perm("advisory.<action>", obj)``, where ``obj`` is the group or anything that
belongs to one (a round, concern, comment, poll, invitation)."""

import rules

from advisory.models import AdvisoryGroup, ConcernStatus, MembershipRole
from advisory.selectors.groups import membership
from cms.rules import is_admin, is_any_facilitator, is_interpreter, is_leader, is_staff


def group_of(obj) -> AdvisoryGroup | None:
    """The advisory group an object belongs to."""
    if obj is None or isinstance(obj, AdvisoryGroup):
        return obj
    for path in ("group", "round", "concern", "poll"):
        if hasattr(obj, path):
            return group_of(getattr(obj, path))
    return None


@rules.predicate
def is_group_member(user, obj) -> bool:
    group = group_of(obj)
    m = membership(user, group) if group is not None else None
    return m is not None and m.role == MembershipRole.MEMBER


@rules.predicate
def is_group_facilitator(user, obj) -> bool:
    group = group_of(obj)
    m = membership(user, group) if group is not None else None
    return m is not None and m.role == MembershipRole.FACILITATOR


@rules.predicate
def is_author(user, obj) -> bool:
    return getattr(obj, "author_id", None) is not None and obj.author_id == user.pk


@rules.predicate
def is_hidden(user, obj) -> bool:
    return getattr(obj, "status", None) == ConcernStatus.HIDDEN


in_group = is_group_member | is_group_facilitator


# Facilitators manage their own groups in the Wagtail admin (scoped by
# advisory.wagtail_hooks.GroupScopedPermissionPolicy); staff get in by Django permission.
rules.add_perm("wagtailadmin.access_admin", is_any_facilitator)
rules.add_perm("advisory.change_group_structure", is_admin)

rules.add_perm("advisory.view_group", in_group | is_staff | is_admin)
rules.add_perm("advisory.manage_members", is_group_facilitator | is_admin)
rules.add_perm("advisory.view_member_contacts", is_group_facilitator | is_admin)
rules.add_perm("advisory.announce", is_group_facilitator | is_admin)
rules.add_perm("advisory.invite", is_group_facilitator | is_admin)

# The advisory cycle
rules.add_perm("advisory.manage_round", is_group_facilitator | is_admin)
rules.add_perm("advisory.submit_concern", in_group)
rules.add_perm("advisory.support_concern", in_group)
rules.add_perm("advisory.comment", in_group)
rules.add_perm("advisory.moderate", is_group_facilitator | is_admin)
# A hidden concern (and its recording) only to its author and the group's moderators.
rules.add_perm(
    "advisory.view_concern",
    (in_group | is_staff | is_admin) & (~is_hidden | is_author | is_group_facilitator | is_admin),
)
rules.add_perm("advisory.see_author", is_author | is_group_facilitator | is_admin)
rules.add_perm("advisory.vote", is_group_member)
rules.add_perm("advisory.view_results", in_group | is_staff | is_admin)

# Translations of what members write
rules.add_perm("advisory.request_translation", in_group)
rules.add_perm("advisory.translate", is_interpreter | is_group_facilitator | is_admin)

# Quick polls
rules.add_perm("advisory.manage_polls", is_group_facilitator | is_admin)
rules.add_perm("advisory.vote_poll", in_group)


# Recommendations and answers ------------------------------------------------------------


def recommendation_of(obj):
    """The recommendation an answer, commitment or update belongs to (or the object)."""
    for path in ("commitment", "answer", "recommendation"):
        if hasattr(obj, path) and not hasattr(obj, "leaders"):
            return recommendation_of(getattr(obj, path))
    return obj if hasattr(obj, "leaders") else None


@rules.predicate
def is_addressed_leader(user, obj) -> bool:
    """A leader the recommendation was submitted to (not any leader of the district)."""
    recommendation = recommendation_of(obj)
    if recommendation is None or not user.is_authenticated or not is_leader(user):
        return False
    cache = getattr(recommendation, "_leader_ids", None)
    if cache is None:
        cache = {u.pk for u in recommendation.leaders.all()}
        recommendation._leader_ids = cache
    return user.pk in cache


@rules.predicate
def is_draft(user, obj) -> bool:
    recommendation = recommendation_of(obj)
    return recommendation is not None and recommendation.status == "draft"


rules.add_perm("advisory.view_recommendation", in_group | is_addressed_leader | is_staff | is_admin)
rules.add_perm("advisory.draft_recommendation", in_group)
rules.add_perm("advisory.edit_recommendation", in_group & is_draft)
rules.add_perm("advisory.comment_recommendation", in_group)
rules.add_perm("advisory.submit_recommendation", is_group_facilitator | is_admin)
rules.add_perm("advisory.answer_recommendation", is_addressed_leader | is_staff | is_admin)
rules.add_perm("advisory.view_leader_queue", is_leader | is_staff | is_admin)
rules.add_perm("advisory.group_report", in_group | is_staff | is_admin)


# Audio summaries recorded by people (issue 12) --------------------------------------------


@rules.predicate
def facilitates_group_of_item(user, obj) -> bool:
    """A facilitator of the group a recommendation, answer or announcement belongs to."""
    group = group_of(obj) or group_of(recommendation_of(obj))
    m = membership(user, group) if group is not None else None
    return m is not None and m.role == MembershipRole.FACILITATOR


# Interpreters record summaries in their languages for any group (as they translate);
# facilitators for their own groups. Leaders answer; they do not record the summaries.
rules.add_perm("advisory.record_audio", is_interpreter | facilitates_group_of_item | is_admin)
