"""A text that cannot be sent is recorded as failed with the reason, the answer as it was
typed is kept, and the person who wrote it is not shown a server error, whatever went
wrong: the gateway refused, the file backend could not write, or SMS_BACKEND is wrong."""

import pytest

from cms.models import InboundSms, OutboundSms, OutboundStatus
from cms.sms_inbound.services import inbound_receive
from tests.conftest import login
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

STRANGER = "+12025550199"


@pytest.fixture
def message(settings) -> InboundSms:
    settings.SMS_BACKEND = "cms.sms.LocmemBackend"
    inbound_receive(
        params={"MessageSid": "SM1", "From": STRANGER, "To": "+12025550100", "Body": "Hola"}
    )
    return InboundSms.objects.get(message_sid="SM1")


@pytest.mark.parametrize(
    ("backend", "reason"),
    [
        ("cms.sms.TwilioBackend", "Twilio is not configured"),  # SmsError
        ("cms.sms.FileBackend", "Is a directory"),  # OSError
        ("cms.sms.NoSuchBackend", "NoSuchBackend"),  # ImportError
    ],
)
def test_an_answer_that_cannot_be_sent_is_recorded_as_failed_and_kept(
    client, settings, tmp_path, mfa_ok, django_capture_on_commit_callbacks, message, backend, reason
):
    settings.SMS_BACKEND = backend
    settings.SMS_FILE_PATH = str(tmp_path)  # a directory: the file backend cannot append to it
    settings.TWILIO_ACCOUNT_SID = settings.TWILIO_AUTH_TOKEN = settings.TWILIO_FROM_NUMBER = ""
    login(client, UserFactory(is_staff=True, is_superuser=True))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/en/me/texts/unknown/{message.pk}/answer/",
            {f"a{message.pk}-text": "¿Cuál es su nombre?"},
        )
    assert response.status_code == 302
    answer = OutboundSms.objects.get(in_reply_to=message, sent_by__isnull=False)
    assert answer.body == "¿Cuál es su nombre?"
    assert answer.status == OutboundStatus.FAILED
    assert reason in answer.error
