"""The inbound SMS core over real HTTP: signature, raw storage, idempotency, rate limit,
HELP/STOP/START in several languages, unknown numbers, and STOP binding every text."""

import pytest
from django.utils import translation

from cms.models import (
    Delivery,
    DeliveryStatus,
    InboundSms,
    InboundStatus,
    OutboundSms,
    SmsOptOut,
)
from cms.notifications import notification_send
from tests.factories import UserFactory
from tests.sms import replies_to, text

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PHONE = "+12025550181"


def family(language="es", phone=PHONE, **fields):
    return UserFactory(
        email="",
        phone=phone,
        phone_verified=True,
        contact_channel="sms",
        preferred_language=language,
        **fields,
    )


def test_a_request_without_a_valid_signature_is_refused_and_not_stored(live_server, twilio):
    status, _ = text(live_server.url, PHONE, "AYUDA", token="someone-elses-token")
    assert status == 403
    assert InboundSms.objects.count() == 0


def test_the_webhook_answers_with_empty_twiml_and_replies_through_the_backend(
    live_server, twilio, _sms_outbox
):
    family("es")
    status, body = text(live_server.url, PHONE, "ayuda")
    assert status == 200
    assert "<Response></Response>" in body
    [reply] = replies_to(_sms_outbox, PHONE)
    assert "PARAR" in reply  # the Spanish answer names the Spanish keyword
    message = InboundSms.objects.get()
    assert message.body == "ayuda" and message.raw["Body"] == "ayuda"
    assert message.status == InboundStatus.HANDLED and message.handler == "help"
    outbound = OutboundSms.objects.get()
    assert outbound.in_reply_to == message and outbound.segments <= 2


@pytest.mark.parametrize(
    ("language", "stop", "start"),
    [
        ("es", "Parar", "INICIAR"),
        ("ar", "توقف", "ابدأ"),
        ("so", "jooji", "Bilow"),
        ("vi", "Dừng", "bắt đầu"),
    ],
)
def test_stop_ends_every_text_at_once_and_start_brings_them_back(
    live_server, twilio, _sms_outbox, language, stop, start
):
    person = family(language)
    queued = notification_send(kind="cms.reminder", recipients=[person], context={})
    text(live_server.url, PHONE, stop)
    assert SmsOptOut.objects.filter(phone=PHONE).exists()
    confirmation = replies_to(_sms_outbox, PHONE)[-1]
    with translation.override(language):
        from cms.sms_inbound.keywords import keyword_word

        assert keyword_word("start", language) in confirmation
    sent_before = len(_sms_outbox)

    # A notice after STOP goes to the inbox only; no SMS delivery is even created.
    later = notification_send(kind="cms.reminder", recipients=[person], context={})
    assert later and not Delivery.objects.filter(notification=later[0]).exists()
    # A delivery queued before STOP is not sent either.
    from cms.notifications import delivery_attempt

    earlier = Delivery.objects.get(notification=queued[0])
    Delivery.objects.filter(pk=earlier.pk).update(status=DeliveryStatus.QUEUED)
    assert delivery_attempt(delivery_id=earlier.pk) == "stopped"
    # Anything else they text is kept for a person, and gets no answer.
    text(live_server.url, PHONE, "hola?")
    assert InboundSms.objects.filter(status=InboundStatus.OPTED_OUT, body="hola?").exists()
    assert len(_sms_outbox) == sent_before

    text(live_server.url, PHONE, start)
    assert not SmsOptOut.objects.filter(phone=PHONE).exists()
    assert len(_sms_outbox) == sent_before + 1
    again = notification_send(kind="cms.reminder", recipients=[person], context={})
    assert Delivery.objects.filter(notification=again[0]).exists()


def test_an_unknown_number_gets_a_polite_answer_and_no_data(live_server, twilio, _sms_outbox):
    someone = family("es", phone="+12025550199", display_name="Secret Name")
    status, _ = text(live_server.url, "+12025550142", "1")
    assert status == 200
    [reply] = replies_to(_sms_outbox, "+12025550142")
    assert "not linked to an account" in reply
    assert someone.display_name not in reply
    assert InboundSms.objects.get().status == InboundStatus.UNKNOWN


def test_the_same_message_id_twice_is_read_once(live_server, twilio, _sms_outbox):
    family("en")
    text(live_server.url, PHONE, "HELP", sid="SM-retry-1")
    status, _ = text(live_server.url, PHONE, "HELP", sid="SM-retry-1")
    assert status == 200
    assert InboundSms.objects.count() == 1
    assert len(replies_to(_sms_outbox, PHONE)) == 1


def test_a_number_over_the_rate_limit_is_kept_and_told_once(live_server, twilio, _sms_outbox):
    twilio.SMS_INBOUND_RATE_LIMIT = 3
    family("en")
    for index in range(6):
        text(live_server.url, PHONE, f"message {index}")
    assert InboundSms.objects.count() == 6  # nothing typed is lost
    assert InboundSms.objects.filter(status=InboundStatus.RATE_LIMITED).count() == 3
    replies = replies_to(_sms_outbox, PHONE)
    assert sum("many messages" in r for r in replies) == 1
    # STOP still works over the limit (carrier rules).
    text(live_server.url, PHONE, "STOP")
    assert SmsOptOut.objects.filter(phone=PHONE).exists()


def test_a_message_nobody_understood_stays_in_the_inbox_with_a_translated_answer(
    live_server, twilio, _sms_outbox
):
    family("so")
    text(live_server.url, PHONE, "Waan imaan doonaa berri")
    message = InboundSms.objects.get()
    assert message.status == InboundStatus.UNPARSED
    assert message.body == "Waan imaan doonaa berri"
    [reply] = replies_to(_sms_outbox, PHONE)
    assert "CAAWI" in reply and "JOOJI" in reply
