import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.core import mail
from django.utils import translation

from cms.models import User
from tests.conftest import code_in, login
from tests.factories import PASSWORD, MembershipFactory, UserFactory

# Sign-up ---------------------------------------------------------------------------


def test_sign_up_in_spanish_records_spanish_and_asks_to_verify_by_code(client, home):
    response = client.post(
        "/es/accounts/signup/",
        {
            "display_name": "Rosa",
            "email": "rosa@example.org",
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    )
    assert response.status_code == 302
    user = User.objects.get(email="rosa@example.org")
    assert user.display_name == "Rosa"
    assert user.preferred_language == "es"
    assert user.needs_onboarding
    assert not EmailAddress.objects.get(user=user).verified
    assert len(mail.outbox) == 1
    assert code_in(mail.outbox[0].body)


def test_sign_up_errors_are_shown_in_the_visitors_language_and_keep_input(client, home):
    response = client.post(
        "/ar/accounts/signup/",
        {"display_name": "سلمى", "email": "not-an-email", "password1": "x", "password2": "y"},
    )
    assert response.status_code == 200
    body = response.content.decode()
    with translation.override("ar"):
        assert translation.gettext("Enter a valid email address.") in body
    assert 'value="سلمى"' in body
    assert 'value="not-an-email"' in body
    assert '<html lang="ar" dir="rtl">' in body
    assert User.objects.count() == 0


def test_sign_up_asks_only_for_a_name_an_email_and_a_password(client, home):
    form = client.get("/en/accounts/signup/").context["form"]
    assert set(form.fields) == {"display_name", "email", "phone", "password1", "password2"}
    assert not form.fields["phone"].required


# Login and language ----------------------------------------------------------------


def test_login_takes_a_person_to_their_own_language(client, home):
    UserFactory(email="lan@example.org", preferred_language="vi")
    response = client.post(
        "/en/accounts/login/", {"login": "lan@example.org", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert response["Location"] == "/vi/"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "vi"


def test_first_login_asks_for_language_and_contact_channel(client, home):
    UserFactory(email="new@example.org", preferences_confirmed_at=None, preferred_language="so")
    response = client.post(
        "/en/accounts/login/", {"login": "new@example.org", "password": PASSWORD}
    )
    assert response["Location"] == "/so/me/welcome/"


def test_login_by_emailed_code(client, home):
    user = UserFactory(email="code@example.org")
    client.post("/en/accounts/login/code/", {"email": "code@example.org"})
    code = code_in(mail.outbox[-1].body)
    response = client.post("/en/accounts/login/code/confirm/", {"code": code})
    assert response.status_code == 302
    assert int(client.session["_auth_user_id"]) == user.pk


def test_wrong_password_is_refused_with_a_translated_message(client, home):
    UserFactory(email="pw@example.org")
    response = client.post("/fr/accounts/login/", {"login": "pw@example.org", "password": "nope"})
    assert response.status_code == 200
    with translation.override("fr"):
        expected = translation.gettext(
            "The email address and/or password you specified are not correct."
        )
    assert expected in response.content.decode()


# Preferences -----------------------------------------------------------------------


def test_welcome_saves_language_and_channel_and_switches_language(client, home):
    user = UserFactory(preferences_confirmed_at=None)
    login(client, user)
    response = client.post(
        "/en/me/welcome/",
        {"display_name": "Hodan", "preferred_language": "so", "contact_channel": "none"},
    )
    assert response.status_code == 302
    assert response["Location"] == "/so/me/profile/"
    user.refresh_from_db()
    assert (user.display_name, user.preferred_language, user.contact_channel) == (
        "Hodan",
        "so",
        "none",
    )
    assert not user.needs_onboarding


def test_sms_channel_without_a_phone_is_refused_in_the_users_language(client, home):
    user = UserFactory(preferred_language="es")
    login(client, user)
    response = client.post(
        "/es/me/profile/",
        {"display_name": "Nuevo nombre", "preferred_language": "es", "contact_channel": "sms"},
    )
    assert response.status_code == 200
    body = response.content.decode()
    with translation.override("es"):
        expected = translation.gettext("To get text messages, first add a mobile phone number.")
    assert expected in body and expected != "To get text messages, first add a mobile phone number."
    assert 'value="Nuevo nombre"' in body  # nothing typed is lost
    user.refresh_from_db()
    assert user.contact_channel == "email"


def test_email_channel_needs_a_confirmed_email(client, home):
    user = UserFactory(verified=False, contact_channel="none")
    login(client, user)
    response = client.post(
        "/en/me/profile/",
        {"display_name": "X", "preferred_language": "en", "contact_channel": "email"},
    )
    assert "first add and confirm an email address" in response.content.decode()


def test_profile_requires_login(client, home):
    response = client.get("/en/me/profile/")
    assert response.status_code == 302
    assert response["Location"].startswith("/en/accounts/login/")


def test_empty_display_name_is_refused(client, home):
    user = UserFactory()
    login(client, user)
    response = client.post(
        "/en/me/profile/",
        {"display_name": "  ", "preferred_language": "en", "contact_channel": "email"},
    )
    assert response.status_code == 200
    user.refresh_from_db()
    assert user.display_name != ""


# Two-step sign-in --------------------------------------------------------------------


@pytest.mark.parametrize(
    "make",
    [
        lambda: UserFactory(roles=["leader"]),
        lambda: UserFactory(roles=["editor"]),
        lambda: UserFactory(is_staff=True),
        lambda: MembershipFactory(role="facilitator").user,
    ],
    ids=["leader", "editor", "staff", "facilitator"],
)
def test_roles_that_need_mfa_are_sent_to_set_it_up(client, home, make):
    user = make()
    login(client, user)
    response = client.get("/en/partners/")
    assert response.status_code == 302
    assert response["Location"] == "/en/accounts/2fa/totp/activate/"
    assert client.get("/en/accounts/2fa/totp/activate/").status_code in (200, 302)


def test_admin_waits_for_mfa_too(client, home):
    login(client, UserFactory(is_staff=True, is_superuser=True))
    assert client.get("/admin/")["Location"].endswith("/accounts/2fa/totp/activate/")


def test_with_an_authenticator_the_leader_may_use_the_site(client, home):
    user = UserFactory(roles=["leader"])
    Authenticator.objects.create(user=user, type=Authenticator.Type.TOTP, data={"secret": "x"})
    login(client, user)
    assert client.get("/en/partners/").status_code == 200


@pytest.mark.parametrize("roles", [[], ["interpreter"], ["clerk"]])
def test_members_interpreters_and_clerks_are_not_forced_into_mfa(client, home, roles):
    user = UserFactory(roles=roles)
    MembershipFactory(user=user)
    login(client, user)
    assert client.get("/en/partners/").status_code == 200


def test_mfa_setup_page_is_available_to_everyone(client, home):
    login(client, UserFactory())
    assert client.get("/en/accounts/2fa/").status_code == 200


def test_after_verifying_the_email_a_new_person_is_asked_for_preferences(client, home):
    response = client.post(
        "/es/accounts/signup/",
        {
            "display_name": "R",
            "email": "r@example.org",
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    )
    code = code_in(mail.outbox[-1].body)
    response = client.post(response["Location"], {"code": code})
    assert response["Location"] == "/es/me/welcome/"


def test_password_reset_email_is_in_the_persons_language(client, home):
    UserFactory(email="reset@example.org", preferred_language="ht")
    response = client.post("/ht/accounts/password/reset/", {"email": "reset@example.org"})
    assert response.status_code == 302
    [message] = mail.outbox
    with translation.override("ht"):
        subject = translation.gettext("Password Reset Email")
    assert subject in message.subject
    assert "/ht/accounts/password/reset/key/" in message.body


def test_an_admin_assigns_a_role_in_the_wagtail_admin(client, home):
    from django.contrib.auth.models import Group

    admin = UserFactory(is_staff=True, is_superuser=True)
    Authenticator.objects.create(user=admin, type=Authenticator.Type.TOTP, data={"secret": "x"})
    login(client, admin)
    person = UserFactory(display_name="Principal Lee")
    leaders = Group.objects.get(name="Leaders")
    response = client.get(f"/admin/users/edit/{person.pk}/")
    assert response.status_code == 200
    assert "Leaders" in response.content.decode()
    response = client.post(
        f"/admin/users/edit/{person.pk}/",
        {
            "username": person.username,
            "display_name": "Principal Lee",
            "email": person.email,
            "phone": "",
            "preferred_language": "ko",
            "contact_channel": "email",
            "is_active": "on",
            "groups": [leaders.pk],
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    person.refresh_from_db()
    assert list(person.groups.values_list("name", flat=True)) == ["Leaders"]
    assert person.preferred_language == "ko"
    assert person.has_perm("cms.view_contact_details", person)


def test_a_leader_sent_to_mfa_setup_after_login_is_not_asked_for_the_password_again(client, home):
    UserFactory(email="lead@example.org", roles=["leader"], preferred_language="ar")
    response = client.post(
        "/en/accounts/login/", {"login": "lead@example.org", "password": PASSWORD}, follow=True
    )
    assert response.redirect_chain[-1][0] == "/ar/accounts/2fa/totp/activate/"
    body = response.content.decode()
    assert 'name="code"' in body  # the authenticator set-up form, not a password prompt
    with translation.override("ar"):
        assert (
            translation.gettext(
                "Your role needs two-step sign-in. Please set up an authenticator app to continue."
            )
            in body
        )
