"""Texts from numbers linked to no account reach no group's inbox: they wait in the
district's inbox, which only administrators see (the numbers are personal data), and where
they answer by text or mark them dealt with."""

import pytest

from cms.models import InboundSms, InboundStatus, OutboundSms, SmsOptOut
from cms.sms_inbound.services import inbound_receive
from tests.conftest import login
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

STRANGER = "+12025550199"
URL = "/en/me/texts/unknown/"


@pytest.fixture(autouse=True)
def _sms(settings):
    from cms import sms

    settings.SMS_BACKEND = "cms.sms.LocmemBackend"
    sms.outbox.clear()


def receive(body="Hola, soy la mamá de Ana", phone=STRANGER, sid="SM1") -> InboundSms:
    inbound_receive(params={"MessageSid": sid, "From": phone, "To": "+12025550100", "Body": body})
    return InboundSms.objects.get(message_sid=sid)


@pytest.fixture
def admin(db):
    return UserFactory(display_name="District admin", is_staff=True, is_superuser=True)


def act(client, message, action, **data):
    return client.post(f"/en/me/texts/unknown/{message.pk}/{action}/", data)


def test_a_text_from_an_unknown_number_waits_for_an_administrator(client, admin, mfa_ok):
    message = receive()
    assert message.status == InboundStatus.UNKNOWN
    login(client, admin)
    html = client.get(URL).content.decode()
    assert "Hola, soy la mamá de Ana" in html and STRANGER in html
    assert "Texts from unknown numbers" in client.get("/en/partners/").content.decode()  # nav


@pytest.mark.parametrize("role", ["member", "facilitator", "other_member", "leader"])
def test_nobody_else_sees_the_numbers_or_may_act(client, people, role, mfa_ok):
    message = receive()
    login(client, people[role])
    assert client.get(URL).status_code == 404
    assert act(client, message, "resolve").status_code == 404
    assert act(client, message, "answer", **{f"a{message.pk}-text": "Hi"}).status_code == 404
    assert "Texts from unknown numbers" not in client.get("/en/partners/").content.decode()
    assert InboundSms.objects.get(pk=message.pk).status == InboundStatus.UNKNOWN
    assert not OutboundSms.objects.filter(sent_by=people[role]).exists()


@pytest.mark.parametrize("role", ["coordinator", "clerk", "interpreter", "editor"])
def test_other_staff_roles_do_not_see_them_either(client, role, mfa_ok):
    receive()
    login(client, UserFactory(roles=[role]))
    assert client.get(URL).status_code == 404


def test_anonymous_visitors_are_sent_to_sign_in(client):
    receive()
    response = client.get(URL)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_an_administrator_answers_by_text_and_the_text_leaves_the_inbox(
    client, admin, mfa_ok, django_capture_on_commit_callbacks
):
    from cms import sms

    message = receive()
    sms.outbox.clear()  # the automatic answer to the unknown number
    login(client, admin)
    with django_capture_on_commit_callbacks(execute=True):
        response = act(client, message, "answer", **{f"a{message.pk}-text": "¿Cuál es su nombre?"})
    assert response.status_code == 302
    assert [m.body for m in sms.outbox if m.to == STRANGER] == ["¿Cuál es su nombre?"]
    message.refresh_from_db()
    assert message.status == InboundStatus.RESOLVED and message.resolved_by == admin
    assert "Hola, soy la mamá de Ana" not in client.get(URL).content.decode()


def test_an_empty_answer_is_refused_in_the_readers_language_and_nothing_is_lost(
    client, admin, mfa_ok
):
    message = receive()
    login(client, admin)
    long = "x" * 400
    response = act(client, message, "answer", **{f"a{message.pk}-text": long})
    assert response.status_code == 400
    assert long in response.content.decode()  # what they typed is still there
    response = client.post(
        f"/es/me/texts/unknown/{message.pk}/answer/", {f"a{message.pk}-text": "  "}
    )
    assert response.status_code == 400
    assert "obligatorio" in response.content.decode()
    assert InboundSms.objects.get(pk=message.pk).status == InboundStatus.UNKNOWN


def test_a_number_that_replied_stop_is_never_texted(client, admin, mfa_ok):
    message = receive()
    SmsOptOut.objects.create(phone=STRANGER, keyword="STOP")
    login(client, admin)
    response = act(client, message, "answer", **{f"a{message.pk}-text": "Hello"})
    assert response.status_code == 400
    assert not OutboundSms.objects.filter(sent_by=admin).exists()


def test_marking_dealt_with_empties_the_inbox_and_acting_twice_is_a_404(client, admin, mfa_ok):
    message = receive()
    login(client, admin)
    assert act(client, message, "resolve").status_code == 302
    assert "No text message needs a person now." in client.get(URL).content.decode()
    assert act(client, message, "resolve").status_code == 404


def test_texts_from_known_families_stay_out_of_this_inbox(client, admin, mfa_ok):
    UserFactory(phone=STRANGER, phone_verified=True, contact_channel="sms")
    receive(body="something the program does not understand")
    login(client, admin)
    assert "something the program" not in client.get(URL).content.decode()
