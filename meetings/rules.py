"""Who may do what with meetings. Services and views ask the same questions through
``user.has_perm("meetings.<action>", obj)`` where ``obj`` is a meeting page or a slot."""

import rules

from advisory.rules import in_group, is_group_facilitator
from cms.rules import is_admin, is_clerk, is_coordinator, is_interpreter


def _meeting_of(obj):
    return getattr(obj, "meeting", obj)


@rules.predicate
def is_meeting_participant(user, obj) -> bool:
    """Board meetings are public: anyone signed in may reply. A group meeting is for the
    group's members and facilitators."""
    meeting = _meeting_of(obj)
    if meeting is None or not user.is_authenticated:
        return False
    if meeting.group_id is None:
        return True
    return in_group(user, meeting.group)


@rules.predicate
def facilitates_meeting_group(user, obj) -> bool:
    meeting = _meeting_of(obj)
    return (
        meeting is not None
        and meeting.group_id is not None
        and is_group_facilitator(user, meeting.group)
    )


@rules.predicate
def is_verified_for_slot_language(user, slot) -> bool:
    from meetings.selectors import verified_languages_of

    return slot is not None and slot.language in verified_languages_of(user)


coordinates = is_coordinator | is_admin

rules.add_perm("meetings.rsvp", is_meeting_participant)
rules.add_perm("meetings.view_rsvp_counts", facilitates_meeting_group | coordinates)
rules.add_perm("meetings.view_rsvp_needs", facilitates_meeting_group | coordinates)
rules.add_perm("meetings.coordinate", coordinates)
rules.add_perm("meetings.invite", facilitates_meeting_group | coordinates)
rules.add_perm("meetings.interpret", is_interpreter)
rules.add_perm("meetings.claim_slot", is_interpreter & is_verified_for_slot_language)


# Public comment (issue 7) -------------------------------------------------------------


@rules.predicate
def is_board_meeting(user, obj) -> bool:
    meeting = _meeting_of(obj)
    return meeting is not None and meeting.kind == "board"


@rules.predicate
def is_signed_in(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


manages_comment = is_clerk | is_admin

rules.add_perm("meetings.comment_signup", is_signed_in & is_board_meeting)
rules.add_perm("meetings.manage_comment", manages_comment)


# Audio summaries recorded by people (issue 12): the group's facilitators, interpreters and
# coordinators record a meeting's summaries (a board meeting has no group).
rules.add_perm("meetings.record_audio", facilitates_meeting_group | is_interpreter | coordinates)
