"""A text is shown with a language only when one was really detected (the person's own
language, or a keyword in that language); one from a number linked to no account, with no
keyword, is not labelled English just because English is the site's default."""

import re

import pytest

from cms.models import InboundSms, InboundStatus
from cms.sms_inbound.services import inbound_receive
from tests.conftest import login
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

STRANGER = "+12025550199"


def receive(body: str, phone: str = STRANGER, sid: str = "SM1") -> InboundSms:
    inbound_receive(params={"MessageSid": sid, "From": phone, "To": "+12025550100", "Body": body})
    return InboundSms.objects.get(message_sid=sid)


def card(html: str, message: InboundSms) -> str:
    return re.search(rf'<li class="card" id="text-{message.pk}">(.*?)</li>', html, re.S).group(1)


def test_a_text_from_an_unknown_number_has_no_language_and_none_is_shown(client, mfa_ok):
    message = receive("Hola, soy la mamá de Ana")
    assert message.status == InboundStatus.UNKNOWN
    assert message.language == ""
    login(client, UserFactory(is_staff=True, is_superuser=True))
    shown = card(client.get("/en/me/texts/unknown/").content.decode(), message)
    assert "Hola, soy la mamá de Ana" in shown
    assert "English" not in shown
    assert 'lang=""' in shown  # the quote's language is unknown, not the page's


def test_a_keyword_from_an_unknown_number_keeps_the_language_it_was_written_in():
    assert receive("AYUDA").language == "es"


def test_a_known_family_keeps_their_language():
    UserFactory(phone=STRANGER, phone_verified=True, preferred_language="vi")
    assert receive("something").language == "vi"
