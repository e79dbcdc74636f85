import pytest
from django.test import Client, override_settings
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext

from cms import sms
from cms.models import User
from cms.phones import normalise_phone
from tests.conftest import code_in


def last_sms_code() -> str:
    return code_in(sms.outbox[-1].body)


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("(201) 555-0123", "+12015550123"),
        ("201.555.0123", "+12015550123"),
        ("+1 201 555 0123", "+12015550123"),
        ("0033 6 12 34 56 78", "+33612345678"),
        ("+252 61 234 5678", "+252612345678"),
    ],
)
def test_phone_numbers_are_stored_in_e164(typed, stored):
    assert normalise_phone(typed) == stored


@pytest.mark.parametrize("typed", ["12345", "call me", "+1 555", "+999 123"])
def test_invalid_phone_numbers_are_refused(typed):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        normalise_phone(typed)


def test_phone_only_sign_up_and_code_login(client, home):
    response = client.post(
        "/en/accounts/signup/phone/", {"display_name": "Abdi", "phone": "(201) 555-0123"}
    )
    assert response.status_code == 302
    user = User.objects.get(phone="+12015550123")
    assert user.email == ""
    assert not user.has_usable_password()
    assert not user.phone_verified
    assert user.contact_channel == "sms"

    # The number is confirmed with the code sent by SMS; no email is asked for.
    response = client.post(response["Location"], {"code": last_sms_code()})
    assert response.status_code == 302
    assert response["Location"] == "/en/me/welcome/"
    user.refresh_from_db()
    assert user.phone_verified
    assert int(client.session["_auth_user_id"]) == user.pk

    client.post("/en/accounts/logout/")
    response = client.post("/en/accounts/login/code/", {"phone": "+1 201 555 0123"})
    assert response.status_code == 302
    response = client.post(response["Location"], {"code": last_sms_code()})
    assert response.status_code == 302
    assert int(client.session["_auth_user_id"]) == user.pk


def test_the_code_sms_is_in_the_persons_language(client, home):
    client.post("/so/accounts/signup/phone/", {"display_name": "Hodan", "phone": "2015550199"})
    with translation.override("so"):
        expected = translation.gettext(
            "%(site)s: your code is %(code)s. It expires soon. Do not share it."
        )
    assert expected.split("%(code)s")[1].strip() in sms.outbox[-1].body


def test_invalid_phone_gets_a_translated_message_and_keeps_the_input(client, home):
    response = client.post("/es/accounts/signup/phone/", {"display_name": "Rosa", "phone": "12345"})
    assert response.status_code == 200
    body = response.content.decode()
    with translation.override("es"):
        fragment = translation.gettext(
            "Please enter a valid mobile phone number, for example %(example)s. "
            "For a number from another country, start with + and the country code."
        ).split("%(example)s")[0]
    assert fragment and fragment in body
    assert 'value="Rosa"' in body and 'value="12345"' in body
    assert User.objects.count() == 0


def test_a_phone_already_in_use_does_not_make_a_second_account(client, home):
    from tests.factories import UserFactory

    UserFactory(phone="+12015550123", phone_verified=True)
    client.post("/en/accounts/signup/phone/", {"display_name": "X", "phone": "2015550123"})
    assert User.objects.filter(phone="+12015550123").count() == 1


@override_settings(ACCOUNT_RATE_LIMITS={"request_login_code": "2/m/key"})
def test_allauth_rate_limits_apply_to_sms_codes(client, home):
    from django.core.cache import cache

    from tests.factories import UserFactory

    cache.clear()
    UserFactory(phone="+12015550130", phone_verified=True, email="", verified=False)
    sent_before = len(sms.outbox)
    from django.test import Client

    for _ in range(4):  # four separate browsers asking for a code for the same number
        Client().post("/en/accounts/login/code/", {"phone": "+12015550130"})
    assert len(sms.outbox) - sent_before == 2


def test_main_signup_offers_the_phone_route(client, home):
    body = client.get("/en/accounts/signup/").content.decode()
    assert 'href="/en/accounts/signup/phone/"' in body


STOPPED_MESSAGE = (
    "This number replied STOP, so we send it no text messages, not even sign-in codes. "
    "Text START to us from it to get texts again, or sign in with your email address."
)


def test_a_number_that_replied_stop_gets_no_sign_in_code_and_is_told_why(client, home):
    """STOP ends every text to the number (carrier rules), sign-in codes included; the
    person learns why on the page, in their language, instead of waiting for a code."""
    from cms.models import SmsOptOut

    user = User.objects.create_user(
        email="", password=None, display_name="Abdi", phone="+12015550123", phone_verified=True
    )
    SmsOptOut.objects.create(phone=user.phone, user=user, keyword="PARAR")
    sent = len(sms.outbox)
    response = client.post("/es/accounts/login/code/", {"phone": "+1 201 555 0123"}, follow=True)
    assert len(sms.outbox) == sent
    with translation.override("es"):
        expected = escape(gettext(STOPPED_MESSAGE))
    assert expected != escape(STOPPED_MESSAGE)  # the Spanish text, not the English one
    assert expected in response.content.decode()

    SmsOptOut.objects.filter(phone=user.phone).delete()  # START
    Client().post("/es/accounts/login/code/", {"phone": "+1 201 555 0123"})
    assert len(sms.outbox) == sent + 1
