import re
from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation
from django.utils.formats import date_format

from advisory.models import Invitation, Membership, ModerationLog
from advisory.selectors.members import group_roster, pending_invitations
from advisory.services.invitations import (
    CODE_ALPHABET,
    invitation_accept,
    invitation_create,
    invitation_revoke,
    membership_add_on_behalf,
    membership_remove,
)
from cms import sms
from cms.models import User
from tests.conftest import login
from tests.factories import AdvisoryGroupFactory, MembershipFactory, UserFactory

ROLES = ["member", "other_member", "facilitator", "leader", "staff"]
CAN_MANAGE = {"facilitator", "staff"}


def members_url(group) -> str:
    return f"/en/groups/{group.slug}/members/"


def invite(group, actor, **kwargs) -> Invitation:
    kwargs.setdefault("email", "new.family@example.org")
    kwargs.setdefault("language", "en")
    return invitation_create(actor=actor, group=group, **kwargs)


def in_language(language: str, text: str) -> str:
    with translation.override(language):
        return translation.gettext(text)


# Who may reach the members page and its actions


@pytest.mark.parametrize("who", ROLES)
def test_only_the_groups_facilitators_and_staff_reach_the_members_page(
    client, home, people, group, mfa_ok, who
):
    login(client, people[who])
    status = 200 if who in CAN_MANAGE else 404
    assert client.get(members_url(group)).status_code == status


def test_anonymous_is_sent_to_sign_in_from_the_members_page(client, home, group):
    response = client.get(members_url(group))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("who", ROLES)
def test_only_facilitators_and_staff_can_invite_from_the_page(
    client, home, people, group, mfa_ok, who
):
    login(client, people[who])
    response = client.post(
        members_url(group),
        {
            "action": "invite",
            "invite-email": "a@example.org",
            "invite-role": "member",
            "invite-language": "en",
        },
    )
    assert response.status_code == (302 if who in CAN_MANAGE else 404)
    assert Invitation.objects.filter(group=group).exists() == (who in CAN_MANAGE)


@pytest.mark.parametrize("who", ROLES)
def test_only_facilitators_and_staff_can_remove_a_member(client, home, people, group, mfa_ok, who):
    target = Membership.objects.get(group=group, user=people["member"])
    login(client, people[who])
    response = client.post(f"{members_url(group)}{target.pk}/remove/")
    assert response.status_code == (302 if who in CAN_MANAGE else 404)
    assert Membership.objects.filter(pk=target.pk).exists() == (who not in CAN_MANAGE)


@pytest.mark.parametrize("who", ROLES)
def test_only_facilitators_and_staff_can_revoke_an_invitation(
    client, home, people, group, mfa_ok, who
):
    invitation = invite(group, people["facilitator"])
    login(client, people[who])
    response = client.post(f"/en/groups/{group.slug}/invitations/{invitation.pk}/revoke/")
    assert response.status_code == (302 if who in CAN_MANAGE else 404)
    invitation.refresh_from_db()
    assert (invitation.revoked_at is not None) == (who in CAN_MANAGE)


@pytest.mark.parametrize("who", ROLES)
def test_only_facilitators_and_staff_can_add_a_family(client, home, people, group, mfa_ok, who):
    login(client, people[who])
    response = client.post(
        members_url(group),
        {
            "action": "add_family",
            "family-display_name": "Familia Ruiz",
            "family-email": "ruiz@example.org",
            "family-preferred_language": "es",
            "family-contact_channel": "email",
        },
    )
    assert response.status_code == (302 if who in CAN_MANAGE else 404)
    assert User.objects.filter(display_name="Familia Ruiz").exists() == (who in CAN_MANAGE)


@pytest.mark.parametrize("action", ["remove", "revoke"])
def test_actions_on_members_page_need_a_signed_in_person(client, home, people, group, action):
    invitation = invite(group, people["facilitator"])
    target = Membership.objects.get(group=group, user=people["member"])
    url = (
        f"{members_url(group)}{target.pk}/remove/"
        if action == "remove"
        else f"/en/groups/{group.slug}/invitations/{invitation.pk}/revoke/"
    )
    response = client.post(url)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert Membership.objects.filter(pk=target.pk).exists()
    invitation.refresh_from_db()
    assert invitation.revoked_at is None


@pytest.mark.parametrize("who", ["member", "other_member", "leader"])
def test_the_services_refuse_whoever_may_not_manage_members(people, group, who):
    actor = people[who]
    target = Membership.objects.get(group=group, user=people["member"])
    invitation = invite(group, people["facilitator"])
    with pytest.raises(PermissionDenied):
        invite(group, actor)
    with pytest.raises(PermissionDenied):
        invitation_revoke(actor=actor, invitation=invitation)
    with pytest.raises(PermissionDenied):
        membership_remove(actor=actor, membership=target)
    with pytest.raises(PermissionDenied):
        membership_add_on_behalf(
            actor=actor,
            group=group,
            display_name="X",
            email="x@example.org",
            preferred_language="en",
            contact_channel="email",
        )
    assert Invitation.objects.count() == 1 and Membership.objects.filter(pk=target.pk).exists()


def test_a_facilitator_of_another_group_gets_404_on_this_groups_page_and_objects(
    client, home, people, group, mfa_ok
):
    elsewhere = UserFactory()
    other_group = AdvisoryGroupFactory()
    MembershipFactory(group=other_group, user=elsewhere, role="facilitator")
    invitation = invite(group, people["facilitator"])
    target = Membership.objects.get(group=group, user=people["member"])
    login(client, elsewhere)
    assert client.get(members_url(group)).status_code == 404
    # This group's objects through the other group's address: still 404.
    assert (
        client.post(f"/en/groups/{other_group.slug}/members/{target.pk}/remove/").status_code == 404
    )
    assert (
        client.post(
            f"/en/groups/{other_group.slug}/invitations/{invitation.pk}/revoke/"
        ).status_code
        == 404
    )
    assert Membership.objects.filter(pk=target.pk).exists()


# Inviting


def test_an_email_invitation_goes_to_one_person_in_the_chosen_language_after_commit(
    people, group, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        invitation = invite(
            group, people["facilitator"], email="familia@example.org", language="es"
        )
    assert mail.outbox == []  # nothing leaves before the invitation is saved
    for callback in callbacks:
        callback()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["familia@example.org"]
    assert group.name in message.subject
    assert f"http://127.0.0.1:8000/es/groups/join/{invitation.token}/" in message.body
    assert invitation.code in message.body
    assert in_language("es", "To join, open this link:") in message.body
    with translation.override("es"):
        spanish_date = date_format(timezone.localtime(invitation.expires_at), "DATE_FORMAT")
    assert spanish_date in message.body and " de " in spanish_date


def test_an_invitation_code_is_easy_to_read_out_and_the_token_is_long(people, group):
    invitation = invite(group, people["facilitator"])
    assert re.fullmatch(r"[A-Z0-9]{4}-[A-Z0-9]{4}", invitation.code)
    assert set(invitation.code.replace("-", "")) <= set(CODE_ALPHABET)
    assert not set("01OIL") & set(CODE_ALPHABET)
    assert len(invitation.token) >= 40
    assert invitation.expires_at - timezone.now() > timedelta(days=13, hours=23)


def test_an_sms_invitation_fits_in_320_characters_with_link_and_code(
    people, group, django_capture_on_commit_callbacks
):
    group.name = "Lincoln Elementary School Family Advisory Council for Multilingual Families"
    group.save()
    with django_capture_on_commit_callbacks(execute=True):
        invitation = invite(
            group, people["facilitator"], email="", phone="(201) 555-0123", language="ar"
        )
    assert invitation.phone == "+12015550123"
    assert len(sms.outbox) == 1 and mail.outbox == []
    text = sms.outbox[0]
    assert text.to == "+12015550123"
    assert len(text.body) <= 320
    assert f"/ar/groups/join/{invitation.token}/" in text.body
    assert invitation.code in text.body


@pytest.mark.parametrize(
    ("email", "phone", "field"),
    [
        ("", "", "__all__"),
        ("a@example.org", "+12015550123", "__all__"),
        ("not an email", "", "email"),
        ("", "12", "phone"),
    ],
)
def test_an_invitation_needs_exactly_one_valid_contact(people, group, email, phone, field):
    with pytest.raises(ValidationError) as info:
        invite(group, people["facilitator"], email=email, phone=phone)
    assert field in info.value.message_dict
    assert Invitation.objects.count() == 0


def test_the_invite_form_keeps_what_was_typed_and_explains_the_error(
    client, home, people, group, mfa_ok
):
    login(client, people["facilitator"])
    response = client.post(
        "/fr/groups/" + group.slug + "/members/",
        {
            "action": "invite",
            "invite-email": "famille@example.org",
            "invite-phone": "12",
            "invite-role": "member",
            "invite-language": "fr",
        },
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert 'value="famille@example.org"' in body and 'value="12"' in body
    assert "field--error" in body
    assert Invitation.objects.count() == 0


def test_inviting_from_the_page_sends_the_message_and_lists_the_invitation(
    client, home, people, group, mfa_ok, django_capture_on_commit_callbacks
):
    login(client, people["facilitator"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            members_url(group),
            {
                "action": "invite",
                "invite-email": "new@example.org",
                "invite-role": "member",
                "invite-language": "vi",
            },
        )
    assert response.status_code == 302
    invitation = Invitation.objects.get()
    assert mail.outbox[0].to == ["new@example.org"]
    assert f"/vi/groups/join/{invitation.token}/" in mail.outbox[0].body
    body = client.get(members_url(group)).content.decode()
    assert "new@example.org" in body and invitation.code in body
    assert f"/invitations/{invitation.pk}/revoke/" in body


# Accepting


def test_a_person_joins_by_the_link_after_confirming(client, home, people, group):
    invitation = invite(group, people["facilitator"], role="member")
    newcomer = UserFactory()
    login(client, newcomer)
    url = f"/en/groups/join/{invitation.token}/"
    page = client.get(url)
    assert page.status_code == 200
    assert group.name in page.content.decode() and "Yes, join this group" in page.content.decode()
    assert not Membership.objects.filter(user=newcomer).exists()
    response = client.post(url)
    assert response.status_code == 302
    membership = Membership.objects.get(user=newcomer)
    assert membership.group == group and membership.role == "member"
    assert membership.added_by == people["facilitator"]
    invitation.refresh_from_db()
    assert invitation.used_at is not None and invitation.used_by == newcomer


def test_anonymous_visitors_of_the_link_sign_in_and_come_back(client, home, people, group):
    invitation = invite(group, people["facilitator"])
    url = f"/en/groups/join/{invitation.token}/"
    response = client.get(url)
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"] and "next=" in response["Location"]
    assert invitation.token in response["Location"]
    response = client.get("/en/groups/join/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_an_unknown_link_is_not_found(client, home, people):
    login(client, people["member"])
    assert client.get("/en/groups/join/not-a-real-token/").status_code == 404


@pytest.mark.parametrize("typed", ["{code}", "{lower}", "{bare}", " {lower_bare} "])
def test_a_person_joins_by_code_typed_in_any_case_with_or_without_the_dash(
    client, home, people, group, typed
):
    invitation = invite(group, people["facilitator"], role="facilitator")
    code = invitation.code
    value = typed.format(
        code=code,
        lower=code.lower(),
        bare=code.replace("-", ""),
        lower_bare=code.replace("-", "").lower(),
    )
    newcomer = UserFactory()
    login(client, newcomer)
    response = client.post("/en/groups/join/", {"code": value})
    assert response.status_code == 302
    membership = Membership.objects.get(user=newcomer, group=group)
    assert membership.role == "facilitator"


def test_a_wrong_code_is_explained_in_the_persons_language_and_kept(client, home, people, group):
    invite(group, people["facilitator"])
    login(client, UserFactory())
    response = client.post("/es/groups/join/", {"code": "ZZZZ-ZZZZ"})
    assert response.status_code == 200
    body = response.content.decode()
    assert 'value="ZZZZ-ZZZZ"' in body
    expected = in_language(
        "es",
        "We could not find this invitation. Please check the code, or ask your facilitator "
        "for a new invitation.",
    )
    assert expected in body.replace("&#x27;", "'")
    response = client.post("/es/groups/join/", {"code": "0000"})
    assert response.status_code == 200 and 'value="0000"' in response.content.decode()


def test_an_expired_invitation_is_refused(people, group):
    invitation = invite(group, people["facilitator"])
    later = timezone.now() + timedelta(days=15)
    with pytest.raises(ValidationError) as info:
        invitation_accept(actor=UserFactory(), token=invitation.token, now=later)
    assert "expired" in " ".join(info.value.messages)
    invitation.refresh_from_db()
    assert invitation.used_at is None


def test_a_revoked_invitation_is_refused_and_not_listed(people, group):
    invitation = invite(group, people["facilitator"])
    invitation_revoke(actor=people["facilitator"], invitation=invitation)
    assert list(pending_invitations(group)) == []
    with pytest.raises(ValidationError) as info:
        invitation_accept(actor=UserFactory(), code=invitation.code)
    assert "cancelled" in " ".join(info.value.messages)
    assert "code" in info.value.message_dict


def test_an_invitation_works_only_once(people, group):
    invitation = invite(group, people["facilitator"])
    invitation_accept(actor=UserFactory(), token=invitation.token)
    second = UserFactory()
    with pytest.raises(ValidationError) as info:
        invitation_accept(actor=second, token=invitation.token)
    assert "already been used" in " ".join(info.value.messages)
    assert not Membership.objects.filter(user=second).exists()


def test_a_claim_lost_to_someone_else_is_refused(people, group, monkeypatch):
    """The claim is a conditional UPDATE: when another request used the invitation after
    this one checked it, this one gets a refusal and no membership."""
    invitation = invite(group, people["facilitator"])
    first, second = UserFactory(), UserFactory()
    from advisory.services import invitations as service

    invitation_accept(actor=first, token=invitation.token)
    # The second request read the invitation before the first one used it.
    monkeypatch.setattr(service, "invitation_refusal", lambda inv, now=None: None)
    with pytest.raises(ValidationError):
        invitation_accept(actor=second, token=invitation.token)
    assert not Membership.objects.filter(user=second).exists()
    assert Invitation.objects.get().used_by == first


def test_the_refusals_are_translated(people, group):
    invitation = invite(group, people["facilitator"])
    invitation_revoke(actor=people["facilitator"], invitation=invitation)
    with translation.override("fr"), pytest.raises(ValidationError) as info:
        invitation_accept(actor=UserFactory(), token=invitation.token)
    expected = in_language(
        "fr", "This invitation was cancelled. Please ask your facilitator for a new one."
    )
    assert info.value.messages == [expected]


def test_someone_already_in_the_group_is_told_and_the_invitation_stays_unused(
    client, home, people, group
):
    invitation = invite(group, people["facilitator"])
    with pytest.raises(ValidationError) as info:
        invitation_accept(actor=people["member"], code=invitation.code)
    assert group.name in info.value.messages[0]
    invitation.refresh_from_db()
    assert invitation.used_at is None
    login(client, people["member"])
    page = client.get(f"/en/groups/join/{invitation.token}/").content.decode()
    assert "You are already in the group" in page and "Yes, join this group" not in page


# Removing


def test_a_facilitator_removes_a_member_and_it_is_logged(client, home, people, group, mfa_ok):
    target = Membership.objects.get(group=group, user=people["member"])
    login(client, people["facilitator"])
    response = client.post(f"{members_url(group)}{target.pk}/remove/", follow=True)
    assert "Member was removed from the group." in response.content.decode()
    assert not Membership.objects.filter(pk=target.pk).exists()
    log = ModerationLog.objects.get(action="remove_member")
    assert log.group == group and log.actor == people["facilitator"]


def test_the_last_facilitator_cannot_remove_themself(client, home, people, group, mfa_ok):
    own = Membership.objects.get(group=group, user=people["facilitator"])
    with pytest.raises(ValidationError) as info:
        membership_remove(actor=people["facilitator"], membership=own)
    assert "last facilitator" in info.value.messages[0]
    login(client, people["facilitator"])
    response = client.post(f"{members_url(group)}{own.pk}/remove/", follow=True)
    assert "You are the last facilitator of this group" in response.content.decode()
    assert Membership.objects.filter(pk=own.pk).exists()
    assert not ModerationLog.objects.exists()


def test_a_facilitator_can_step_down_when_another_remains(people, group):
    MembershipFactory(group=group, user=UserFactory(), role="facilitator")
    own = Membership.objects.get(group=group, user=people["facilitator"])
    membership_remove(actor=people["facilitator"], membership=own)
    assert not Membership.objects.filter(pk=own.pk).exists()


def test_removing_needs_a_post(client, home, people, group, mfa_ok):
    target = Membership.objects.get(group=group, user=people["member"])
    login(client, people["facilitator"])
    assert client.get(f"{members_url(group)}{target.pk}/remove/").status_code == 405
    assert Membership.objects.filter(pk=target.pk).exists()


# Adding a family on its behalf


def test_adding_a_family_creates_an_account_without_password_and_logs_it(people, group):
    membership = membership_add_on_behalf(
        actor=people["facilitator"],
        group=group,
        display_name="Familia Ruiz",
        email="ruiz@example.org",
        phone="201 555 0188",
        preferred_language="es",
        contact_channel="sms",
    )
    person = membership.user
    assert membership.added_by == people["facilitator"] and membership.role == "member"
    assert not person.has_usable_password()
    assert person.phone == "+12015550188" and person.phone_verified is False
    assert person.preferred_language == "es" and person.contact_channel == "sms"
    assert EmailAddress.objects.get(user=person).verified is False
    log = ModerationLog.objects.get(action="add_on_behalf")
    assert log.actor == people["facilitator"] and log.group == group


def test_adding_a_known_family_reuses_their_account(people, group):
    known = UserFactory(email="known@example.org", phone="+12015550199")
    membership = membership_add_on_behalf(
        actor=people["facilitator"],
        group=group,
        display_name="Someone",
        phone="+1 201 555 0199",
        preferred_language="en",
        contact_channel="sms",
    )
    assert membership.user == known
    assert User.objects.filter(phone="+12015550199").count() == 1
    with pytest.raises(ValidationError) as info:
        membership_add_on_behalf(
            actor=people["facilitator"],
            group=group,
            display_name="Someone",
            email="KNOWN@example.org",
            preferred_language="en",
            contact_channel="email",
        )
    assert "already in this group" in info.value.messages[0]


def test_adding_a_family_needs_a_way_to_reach_them(client, home, people, group, mfa_ok):
    login(client, people["facilitator"])
    response = client.post(
        members_url(group),
        {
            "action": "add_family",
            "family-display_name": "Familia <Ruiz>",
            "family-preferred_language": "es",
            "family-contact_channel": "sms",
        },
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert 'value="Familia &lt;Ruiz&gt;"' in body
    assert "Please give an email address or a mobile phone number" in body
    assert not User.objects.filter(display_name="Familia <Ruiz>").exists()


# The roster


def test_the_roster_shows_language_channel_and_contacts_to_facilitators(
    client, home, people, group, mfa_ok
):
    person = UserFactory(
        display_name="<script>alert(1)</script>",
        preferred_language="ar",
        email="hidden@example.org",
        contact_channel="email",
    )
    MembershipFactory(group=group, user=person, added_by=people["facilitator"])
    login(client, people["facilitator"])
    body = client.get(members_url(group)).content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body and "<script>alert(1)" not in body
    assert 'lang="ar" dir="rtl">العربيّة' in body
    row = next(r for r in body.split("<tr>") if "&lt;script&gt;" in r)
    assert "hidden@example.org" in row and "Email" in row and "Facilitator" in row


def test_members_never_see_other_members_contact_details(client, home, people, group):
    MembershipFactory(group=group, user=UserFactory(email="private@example.org"))
    login(client, people["member"])
    for url in (members_url(group), "/en/groups/join/"):
        assert "private@example.org" not in client.get(url).content.decode()


def test_members_page_query_count_is_the_same_for_3_and_50_rows(
    client, home, people, group, mfa_ok
):
    adder = people["facilitator"]

    def grow_to(rows: int) -> int:
        while Membership.objects.filter(group=group, added_by=adder).count() < rows:
            n = Invitation.objects.count()
            MembershipFactory(group=group, added_by=adder)
            invite(group, adder, email=f"guest{n}@example.org")
        client.get(members_url(group))  # warm caches (site root, session)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(members_url(group))
        body = response.content.decode()
        assert body.count("/remove/") == rows + 2 and body.count("/revoke/") == rows
        return len(queries)

    login(client, adder)
    assert grow_to(3) == grow_to(50)


def test_roster_selector_runs_one_query_whatever_the_size(people, group, django_assert_num_queries):
    for _i in range(5):
        MembershipFactory(group=group, added_by=people["facilitator"])
    with django_assert_num_queries(1):
        rows = [
            (m.user.display_name, m.added_by and m.added_by.display_name)
            for m in group_roster(group)
        ]
    assert len(rows) == 7
