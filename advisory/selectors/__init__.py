"""Reads for advisory groups, by area; import them from here."""

from advisory.selectors.groups import (
    announcement_of,
    announcements_with_stats,
    group_members,
    groups_of,
    membership,
    membership_roles_of,
)

__all__ = [
    "announcement_of",
    "announcements_with_stats",
    "group_members",
    "groups_of",
    "membership",
    "membership_roles_of",
]
