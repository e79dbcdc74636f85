"""One place answers "may this person do X to this object": django-rules permissions."""

import pytest

from cms.roles import Role, roles_of

MATRIX = {
    # action: roles that may, against the people fixture
    "cms.assign_roles": {"staff"},
    "cms.manage_partners": {"staff"},
    "advisory.view_group": {"member", "facilitator", "staff"},
    "advisory.manage_members": {"facilitator", "staff"},
    "advisory.view_member_contacts": {"facilitator", "staff"},
}


@pytest.mark.parametrize("action", list(MATRIX))
@pytest.mark.parametrize(
    "who", ["anonymous", "member", "other_member", "facilitator", "leader", "staff"]
)
def test_permission_matrix(people, group, action, who):
    from django.contrib.auth.models import AnonymousUser

    user = people[who] or AnonymousUser()
    assert user.has_perm(action, group) is (who in MATRIX[action])


def test_a_person_may_change_only_their_own_profile(people):
    member, other = people["member"], people["other_member"]
    assert member.has_perm("cms.change_profile", member)
    assert not member.has_perm("cms.change_profile", other)
    assert people["staff"].has_perm("cms.change_profile", member)
    assert not people["leader"].has_perm("cms.view_contact_details", member)


def test_roles_of_combines_site_roles_and_group_roles(people):
    assert roles_of(people["facilitator"]) == {Role.FACILITATOR}
    assert roles_of(people["member"]) == {Role.MEMBER}
    assert roles_of(people["leader"]) == {Role.LEADER}
    assert Role.ADMIN in roles_of(people["staff"])


def test_roles_are_assigned_as_groups_in_the_wagtail_admin(db):
    from django.contrib.auth.models import Group

    from cms.roles import ROLE_GROUPS

    assert set(ROLE_GROUPS.values()) <= set(Group.objects.values_list("name", flat=True))


@pytest.mark.parametrize(
    ("role", "href"),
    [
        ("leader", "/en/groups/answers/"),
        ("interpreter", "/en/meetings/interpreting/"),
        ("coordinator", "/en/meetings/coverage/"),
    ],
)
def test_the_header_leads_each_role_to_its_work(client, home, role, href, mfa_ok):
    from tests.conftest import login
    from tests.factories import UserFactory

    login(client, UserFactory(roles=[role]))
    assert f'href="{href}"' in client.get("/en/").content.decode()
    login(client, UserFactory())
    assert f'href="{href}"' not in client.get("/en/").content.decode()
