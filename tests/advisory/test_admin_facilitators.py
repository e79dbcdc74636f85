"""Facilitators manage their own groups in the Wagtail admin, and only their own: the
same django-rules questions as the front end scope listings, object views and form
choices; another group's object is a 404, and every change is logged."""

import pytest

from advisory.models import Concern, ModerationLog, Phase, Round
from advisory.services import cycle as services
from cms.languages import language_name
from tests.conftest import login
from tests.factories import AdvisoryGroupFactory, MembershipFactory

SNIPPETS = "/admin/snippets/advisory"


def group_data(group, **changes) -> dict:
    """The group's edit form as a facilitator sends it."""
    data = {
        "name": group.name,
        "level": group.level,
        "school": group.school,
        "description": group.description,
        "working_languages": group.working_languages,
        "answer_days": group.answer_days,
    }
    if group.require_all_languages:
        data["require_all_languages"] = "on"
    return {**data, **changes}


def status(client, url) -> int:
    return client.get(url).status_code


@pytest.fixture
def setup(people, group, mfa_ok):
    other = people["other_member"].memberships.get().group
    mine = Round.objects.create(group=group, title="Our round", phase=Phase.COLLECTING)
    theirs = Round.objects.create(group=other, title="Their round", phase=Phase.COLLECTING)
    concern = services.concern_submit(
        actor=people["member"], round_=mine, title="Buses", text="Late.", language="en"
    )
    other_facilitator = people["other_member"]
    return {"mine": mine, "theirs": theirs, "other": other, "concern": concern,
            "other_facilitator": other_facilitator}  # fmt: skip


def test_a_facilitator_gets_into_the_admin_and_a_member_does_not(client, people, setup):
    login(client, people["facilitator"])
    assert client.get("/admin/").status_code == 200
    login(client, people["member"])
    response = client.get("/admin/")
    assert response.status_code == 302 and "/login" in response["Location"]


def test_listings_show_only_the_facilitators_groups(client, people, setup):
    login(client, people["facilitator"])
    body = client.get(f"{SNIPPETS}/round/").content.decode()
    assert "Our round" in body and "Their round" not in body
    groups = client.get(f"{SNIPPETS}/advisorygroup/").content.decode()
    assert setup["mine"].group.name in groups and setup["other"].name not in groups
    assert "Buses" in client.get(f"{SNIPPETS}/concern/").content.decode()


@pytest.mark.parametrize("view", ["edit", "inspect", "history", "usage", "delete"])
def test_another_groups_round_is_a_404_in_every_object_view(client, people, setup, view):
    login(client, people["facilitator"])
    code = status(client, f"{SNIPPETS}/round/{view}/{setup['theirs'].pk}/")
    assert code == 404


def test_a_facilitator_edits_their_round_and_the_change_is_logged(client, people, setup):
    login(client, people["facilitator"])
    r = setup["mine"]
    form = client.get(f"{SNIPPETS}/round/edit/{r.pk}/").content.decode()
    assert 'name="phase"' not in form  # phases change on the round's page, by the service
    response = client.post(
        f"{SNIPPETS}/round/edit/{r.pk}/",
        {"group": r.group_id, "title": "Autumn round", "dot_budget": 6, "max_dots_per_concern": 2},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    r.refresh_from_db()
    assert r.title == "Autumn round" and r.dot_budget == 6 and r.phase == Phase.COLLECTING
    entry = ModerationLog.objects.get(action="admin_edit")
    assert entry.actor == people["facilitator"] and entry.group == r.group


def test_a_facilitator_cannot_create_a_round_in_another_group(client, people, setup):
    login(client, people["facilitator"])
    response = client.post(
        f"{SNIPPETS}/round/add/",
        {"group": setup["other"].pk, "title": "Sneaky", "dot_budget": 5, "max_dots_per_concern": 3},
    )
    assert response.status_code == 200  # the form again, with an error on the group
    assert not Round.objects.filter(title="Sneaky").exists()
    response = client.post(
        f"{SNIPPETS}/round/add/",
        {
            "group": setup["mine"].group_id,
            "title": "Next",
            "dot_budget": 5,
            "max_dots_per_concern": 3,
        },
    )
    assert response.status_code == 302
    assert Round.objects.get(title="Next").group == setup["mine"].group
    assert ModerationLog.objects.filter(action="admin_create").count() == 1


def test_dots_cannot_change_once_voting_has_started(client, people, setup):
    r = setup["mine"]
    r.phase = Phase.VOTING
    r.save()
    login(client, people["facilitator"])
    response = client.post(
        f"{SNIPPETS}/round/edit/{r.pk}/",
        {"group": r.group_id, "title": r.title, "dot_budget": 9, "max_dots_per_concern": 3},
    )
    assert response.status_code == 200
    assert "Dots cannot change once voting has started." in response.content.decode()
    r.refresh_from_db()
    assert r.dot_budget == 5


def test_concerns_are_inspected_not_edited_by_facilitators(client, people, setup):
    login(client, people["facilitator"])
    c = setup["concern"]
    assert client.get(f"{SNIPPETS}/concern/inspect/{c.pk}/").status_code == 200
    assert status(client, f"{SNIPPETS}/concern/edit/{c.pk}/") == 404
    assert status(client, f"{SNIPPETS}/round/delete/{setup['mine'].pk}/") == 404
    c.refresh_from_db()
    assert c.title == "Buses"


def test_another_groups_facilitator_sees_none_of_it(client, people, setup):
    outsider = people["other_member"]
    MembershipFactory(group=AdvisoryGroupFactory(), user=outsider, role="facilitator")
    login(client, outsider)
    assert client.get("/admin/").status_code == 200
    assert "Buses" not in client.get(f"{SNIPPETS}/concern/").content.decode()
    assert status(client, f"{SNIPPETS}/concern/inspect/{setup['concern'].pk}/") == 404
    assert status(client, f"{SNIPPETS}/round/edit/{setup['mine'].pk}/") == 404


def test_staff_still_manage_everything(client, people, setup):
    login(client, people["staff"])
    body = client.get(f"{SNIPPETS}/round/").content.decode()
    assert "Our round" in body and "Their round" in body
    assert client.get(f"{SNIPPETS}/concern/edit/{setup['concern'].pk}/").status_code == 200
    assert Concern.objects.count() == 1


def test_a_facilitator_edits_their_group_but_not_its_address_or_members(client, people, setup):
    g = setup["mine"].group
    login(client, people["facilitator"])
    form = client.get(f"{SNIPPETS}/advisorygroup/edit/{g.pk}/").content.decode()
    assert 'name="name"' in form
    assert 'name="slug"' not in form and "memberships-TOTAL_FORMS" not in form
    response = client.post(
        f"{SNIPPETS}/advisorygroup/edit/{g.pk}/",
        group_data(g, name="Lincoln Families", working_languages=["en", "es"], slug="hijacked"),
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    g.refresh_from_db()
    assert g.name == "Lincoln Families" and g.slug != "hijacked"
    assert g.memberships.count() == 2
    login(client, people["staff"])
    staff_form = client.get(f"{SNIPPETS}/advisorygroup/edit/{g.pk}/").content.decode()
    assert 'name="slug"' in staff_form and "memberships-TOTAL_FORMS" in staff_form


def test_a_group_cannot_take_the_address_of_a_fixed_page(client, people, setup):
    login(client, people["staff"])
    response = client.post(
        f"{SNIPPETS}/advisorygroup/add/",
        {
            "name": "Join us",
            "slug": "join",
            "level": "school",
            "memberships-TOTAL_FORMS": "0",
            "memberships-INITIAL_FORMS": "0",
            "memberships-MIN_NUM_FORMS": "0",
            "memberships-MAX_NUM_FORMS": "1000",
        },
    )
    assert response.status_code == 200
    assert "is already a page of the site" in response.content.decode()


def test_working_languages_are_ticked_from_the_site_languages(client, people, setup):
    g = setup["mine"].group
    login(client, people["facilitator"])
    form = client.get(f"{SNIPPETS}/advisorygroup/edit/{g.pk}/").content.decode()
    assert 'type="checkbox" name="working_languages" value="ar"' in form
    assert language_name("ar") in form  # each named in its own language
    response = client.post(
        f"{SNIPPETS}/advisorygroup/edit/{g.pk}/",
        group_data(g, working_languages=["en", "so", "ar"]),
    )
    assert response.status_code == 302
    g.refresh_from_db()
    assert g.working_languages == ["en", "so", "ar"]
