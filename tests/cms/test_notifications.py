import base64
import json
import socket
import threading
import urllib.parse
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from django.core import mail
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from cms import sms
from cms.models import Delivery, DeliveryStatus, Notification, NotificationMute, ScheduledNotice
from cms.notifications import (
    RETRY_BACKOFF_MINUTES,
    deliveries_retry_due,
    notification_send,
    notifications_mark_read,
    scheduled_notice_create,
    scheduled_notices_send_due,
)
from tests.conftest import login
from tests.factories import UserFactory

WHEN = "2026-12-03T23:00:00+00:00"


def remind(users, **context):
    return notification_send(
        kind="cms.reminder",
        recipients=users,
        context={"title": "Family meeting", "when": WHEN, **context},
        url="/en/",
    )


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# Language and channel --------------------------------------------------------------


def test_an_arabic_speaker_gets_an_arabic_right_to_left_html_email(
    db, django_capture_on_commit_callbacks
):
    user = UserFactory(preferred_language="ar", contact_channel="email")
    with django_capture_on_commit_callbacks(execute=True):
        remind([user])
    [message] = mail.outbox
    with translation.override("ar"):
        expected = translation.gettext("Reminder: %(title)s") % {"title": "Family meeting"}
    assert message.subject == expected
    assert message.to == [user.email]
    assert message.extra_headers["Content-Language"] == "ar"
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert '<html lang="ar" dir="rtl">' in html
    assert expected in html
    # The date is written in Arabic too.
    assert "ديسمبر" in message.body or "كانون" in message.body
    notification = Notification.objects.get(recipient=user)
    assert notification.language == "ar"
    assert notification.line.startswith(expected.split(":")[0])


def test_each_person_is_reached_on_their_own_channel(db, django_capture_on_commit_callbacks):
    by_email = UserFactory(contact_channel="email")
    by_sms = UserFactory(
        contact_channel="sms", phone="+12015550123", phone_verified=True, email="", verified=False
    )
    site_only = UserFactory(contact_channel="none")
    unconfirmed_email = UserFactory(contact_channel="email", verified=False)
    unconfirmed_phone = UserFactory(contact_channel="sms", phone="+12015550124")
    with django_capture_on_commit_callbacks(execute=True):
        remind([by_email, by_sms, site_only, unconfirmed_email, unconfirmed_phone])
    assert [m.to for m in mail.outbox] == [[by_email.email]]
    assert [m.to for m in sms.outbox] == ["+12015550123"]
    # Everyone has the inbox entry, whatever their channel.
    assert Notification.objects.count() == 5
    assert set(Delivery.objects.values_list("channel", "status")) == {
        ("email", "sent"),
        ("sms", "sent"),
    }


def test_a_muted_kind_still_reaches_the_inbox_but_not_the_phone(
    db, django_capture_on_commit_callbacks
):
    user = UserFactory(contact_channel="email")
    NotificationMute.objects.create(user=user, kind="cms.reminder")
    with django_capture_on_commit_callbacks(execute=True):
        remind([user])
    assert mail.outbox == []
    assert Notification.objects.filter(recipient=user).count() == 1


def test_sms_text_stays_within_320_characters(db, django_capture_on_commit_callbacks):
    user = UserFactory(contact_channel="sms", phone="+12015550125", phone_verified=True)
    with django_capture_on_commit_callbacks(execute=True):
        remind([user], title="A very long meeting title " * 30)
    [text] = sms.outbox
    assert len(text.body) <= 320
    assert text.body.endswith("…")


def test_a_rolled_back_action_never_notifies(db, django_capture_on_commit_callbacks):
    user = UserFactory()
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        remind([user])
        raise RuntimeError("the action failed")
    assert callbacks == []
    assert Notification.objects.count() == 0
    assert Delivery.objects.count() == 0
    assert mail.outbox == []


def test_deliveries_are_queued_only_after_commit(db, django_capture_on_commit_callbacks):
    user = UserFactory()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        remind([user])
    assert mail.outbox == []  # not before commit
    assert Delivery.objects.get().status == DeliveryStatus.QUEUED
    for callback in callbacks:
        callback()
    assert len(mail.outbox) == 1
    assert Delivery.objects.get().status == DeliveryStatus.SENT


def test_no_message_shows_one_members_contact_details_to_another(
    db, django_capture_on_commit_callbacks
):
    people = [
        UserFactory(email=f"family{i}@example.org", phone=f"+1201555013{i}") for i in range(3)
    ]
    with django_capture_on_commit_callbacks(execute=True):
        remind(people)
    assert len(mail.outbox) == 3
    for message, person in zip(mail.outbox, people, strict=True):
        assert message.to == [person.email] and message.cc == [] and message.bcc == []
        others = [p for p in people if p != person]
        text = message.body + message.alternatives[0][0]
        for other in others:
            assert other.email not in text and str(other.phone) not in text


def test_notify_runs_the_same_queries_for_3_and_50_people(db):
    few = [UserFactory() for _ in range(3)]
    many = [UserFactory() for _ in range(50)]
    with CaptureQueriesContext(connection) as small:
        remind(few)
    with CaptureQueriesContext(connection) as large:
        remind(many)
    assert len(small) == len(large)


# Failures and retries --------------------------------------------------------------


def test_unreachable_smtp_marks_delivery_for_retry_and_a_real_smtp_server_gets_it_later(
    db, settings, django_capture_on_commit_callbacks
):
    from aiosmtpd.controller import Controller
    from aiosmtpd.handlers import Message

    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = free_port()  # nothing listens here yet
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_TIMEOUT = 3
    user = UserFactory(preferred_language="es")

    with django_capture_on_commit_callbacks(execute=True):
        remind([user])
    delivery = Delivery.objects.get()
    assert delivery.status == DeliveryStatus.RETRYING
    assert delivery.attempts == 1
    assert "Connection refused" in delivery.last_error or "Errno" in delivery.last_error
    assert delivery.next_attempt_at > timezone.now()
    assert Notification.objects.filter(recipient=user).exists()  # the inbox entry is there

    received = []

    class Collect(Message):
        def handle_message(self, message):
            received.append(message)

    controller = Controller(Collect(), hostname="127.0.0.1", port=settings.EMAIL_PORT)
    controller.start()
    try:
        # Not due yet: nothing happens.
        assert deliveries_retry_due(now=timezone.now()) == 0
        assert deliveries_retry_due(now=delivery.next_attempt_at + timedelta(seconds=1)) == 1
    finally:
        controller.stop()
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.SENT
    assert delivery.attempts == 2
    [message] = received
    assert message["To"] == user.email
    assert message["Content-Language"] == "es"
    subject = str(message["Subject"])
    assert "Family meeting" in subject or "=?utf-8?" in subject


def test_delivery_gives_up_after_the_last_retry(db, settings, django_capture_on_commit_callbacks):
    settings.SMS_BACKEND = "cms.sms.TwilioBackend"
    settings.TWILIO_ACCOUNT_SID = "ACtest"
    settings.TWILIO_AUTH_TOKEN = "secret"
    settings.TWILIO_FROM_NUMBER = "+15550001111"
    settings.SMS_API_BASE_URL = f"http://127.0.0.1:{free_port()}"
    settings.SMS_TIMEOUT = 2
    user = UserFactory(contact_channel="sms", phone="+12015550126", phone_verified=True)
    with django_capture_on_commit_callbacks(execute=True):
        remind([user])
    now = timezone.now()
    for minutes in RETRY_BACKOFF_MINUTES:
        now += timedelta(minutes=minutes, seconds=1)
        deliveries_retry_due(now=now)
    delivery = Delivery.objects.get()
    assert delivery.status == DeliveryStatus.FAILED
    assert delivery.attempts == len(RETRY_BACKOFF_MINUTES) + 1
    assert "unreachable" in delivery.last_error


class _Gateway(BaseHTTPRequestHandler):
    requests: list = []
    status = 201

    def do_POST(self):  # noqa: N802 - http.server's name
        length = int(self.headers["Content-Length"])
        type(self).requests.append(
            {
                "path": self.path,
                "auth": self.headers["Authorization"],
                "content_type": self.headers["Content-Type"],
                "form": urllib.parse.parse_qs(self.rfile.read(length).decode()),
            }
        )
        self.send_response(type(self).status)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(json.dumps({"sid": "SM123", "status": "queued"}).encode())

    def log_message(self, *args):
        pass


@pytest.fixture
def gateway(settings):
    _Gateway.requests = []
    _Gateway.status = 201
    server = HTTPServer(("127.0.0.1", 0), _Gateway)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.SMS_BACKEND = "cms.sms.TwilioBackend"
    settings.TWILIO_ACCOUNT_SID = "ACtest"
    settings.TWILIO_AUTH_TOKEN = "secret"
    settings.TWILIO_FROM_NUMBER = "+15550001111"
    settings.SMS_API_BASE_URL = f"http://127.0.0.1:{server.server_port}"
    yield _Gateway
    server.shutdown()


def test_sms_gateway_request_has_the_providers_shape(
    db, gateway, django_capture_on_commit_callbacks
):
    user = UserFactory(
        contact_channel="sms", phone="+12015550127", phone_verified=True, preferred_language="so"
    )
    with django_capture_on_commit_callbacks(execute=True):
        remind([user])
    [request] = gateway.requests
    assert request["path"] == "/2010-04-01/Accounts/ACtest/Messages.json"
    assert request["auth"] == "Basic " + base64.b64encode(b"ACtest:secret").decode()
    assert request["content_type"] == "application/x-www-form-urlencoded"
    assert request["form"]["To"] == ["+12015550127"]
    assert request["form"]["From"] == ["+15550001111"]
    with translation.override("so"):
        assert (
            translation.gettext("Reminder: %(title)s.").split("%")[0].strip()
            in request["form"]["Body"][0]
        )
    assert Delivery.objects.get().status == DeliveryStatus.SENT


def test_sms_gateway_error_is_recorded_and_retried(db, gateway, django_capture_on_commit_callbacks):
    gateway.status = 500
    user = UserFactory(contact_channel="sms", phone="+12015550128", phone_verified=True)
    with django_capture_on_commit_callbacks(execute=True):
        remind([user])
    delivery = Delivery.objects.get()
    assert delivery.status == DeliveryStatus.RETRYING
    assert "HTTP 500" in delivery.last_error
    gateway.status = 201
    deliveries_retry_due(now=delivery.next_attempt_at + timedelta(seconds=1))
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.SENT


def test_file_sms_backend_writes_one_json_line_per_message(settings, tmp_path):
    settings.SMS_BACKEND = "cms.sms.FileBackend"
    settings.SMS_FILE_PATH = str(tmp_path / "sms.jsonl")
    sms.send_sms("+12015550129", "hello")
    sms.send_sms("+12015550129", "again")
    lines = (tmp_path / "sms.jsonl").read_text().splitlines()
    assert [json.loads(line)["body"] for line in lines] == ["hello", "again"]


# Reminders -------------------------------------------------------------------------


def test_scheduled_reminders_go_out_once_when_due(db, django_capture_on_commit_callbacks):
    user = UserFactory()
    send_at = timezone.now() + timedelta(days=1)
    scheduled_notice_create(
        kind="cms.reminder",
        send_at=send_at,
        recipients=[user],
        context={"title": "Board meeting", "when": WHEN},
        source_key="meeting:1",
    )
    assert scheduled_notices_send_due(now=send_at - timedelta(minutes=1)) == 0
    with django_capture_on_commit_callbacks(execute=True):
        assert scheduled_notices_send_due(now=send_at) == 1
    assert scheduled_notices_send_due(now=send_at + timedelta(hours=1)) == 0
    assert Notification.objects.filter(recipient=user, source_key="meeting:1").count() == 1
    assert len(mail.outbox) == 1


def test_rescheduling_replaces_the_unsent_reminder(db):
    user = UserFactory()
    for days in (1, 2):
        scheduled_notice_create(
            kind="cms.reminder",
            send_at=timezone.now() + timedelta(days=days),
            recipients=[user],
            context={"title": "x"},
            source_key="meeting:2",
        )
    assert ScheduledNotice.objects.filter(source_key="meeting:2").count() == 1


def test_send_reminders_command_runs(db, capsys):
    from django.core.management import call_command

    call_command("send_reminders")
    assert "Sent 0 scheduled notices" in capsys.readouterr().out


# Inbox -----------------------------------------------------------------------------


def test_inbox_lists_notices_and_the_header_counts_unread(client, home):
    user = UserFactory()
    remind([user])
    remind([user], title="Second")
    login(client, user)
    body = client.get("/en/me/inbox/").content.decode()
    assert body.count('class="inbox__item inbox__item--unread"') == 2
    assert "2 unread" in body
    assert "Reminder: Second" in body


def test_mark_one_and_all_read(client, home):
    user = UserFactory()
    first, second = remind([user])[0], remind([user])[0]
    login(client, user)
    client.post("/en/me/inbox/read/", {"id": first.pk})
    first.refresh_from_db(), second.refresh_from_db()
    assert first.read_at and not second.read_at
    client.post("/en/me/inbox/read/", {"all": "1"})
    second.refresh_from_db()
    assert second.read_at


def test_nobody_can_mark_anothers_notification(client, home):
    owner, other = UserFactory(), UserFactory()
    [notice] = remind([owner])
    login(client, other)
    client.post("/en/me/inbox/read/", {"id": notice.pk})
    notice.refresh_from_db()
    assert notice.read_at is None
    assert notifications_mark_read(actor=other, ids=[notice.pk]) == 0


def test_inbox_shows_only_ones_own_notices(client, home):
    owner, other = UserFactory(), UserFactory()
    remind([owner], title="Private to owner")
    login(client, other)
    assert "Private to owner" not in client.get("/en/me/inbox/").content.decode()


def test_inbox_runs_the_same_queries_for_3_and_50_notices(client, home):
    user = UserFactory()
    login(client, user)
    for _ in range(3):
        remind([user])
    client.get("/en/me/inbox/")
    with CaptureQueriesContext(connection) as few:
        client.get("/en/me/inbox/")
    for _ in range(47):
        remind([user])
    with CaptureQueriesContext(connection) as many:
        client.get("/en/me/inbox/")
    assert len(few) == len(many)


def test_inbox_needs_login(client, home):
    assert client.get("/en/me/inbox/").status_code == 302


def test_a_person_can_mute_a_kind_on_their_profile(client, home):
    user = UserFactory()
    login(client, user)
    response = client.post("/en/me/profile/notices/", {"receive": ["advisory.announcement"]})
    assert response.status_code == 302
    from cms.notifications import mutable_kinds

    expected = {k.key for k in mutable_kinds()} - {"advisory.announcement"}
    assert "cms.reminder" in expected
    assert (
        set(NotificationMute.objects.filter(user=user).values_list("kind", flat=True)) == expected
    )
    response = client.post("/en/me/profile/notices/", {"receive": ["no.such.kind"]})
    assert response.status_code == 200  # a clear error, nothing changed
    assert (
        set(NotificationMute.objects.filter(user=user).values_list("kind", flat=True)) == expected
    )


@pytest.mark.parametrize("language", ["es", "fr", "pt", "ar", "ht", "so", "ko"])
def test_the_unread_count_shows_in_every_language_plural(client, home, language):
    """Plural formulas differ (Spanish's uses n % 1000000); the count must suit them all."""
    from cms.models import Notification
    from tests.conftest import login
    from tests.factories import UserFactory

    person = UserFactory(preferred_language=language)
    for i in range(3):
        Notification.objects.create(
            recipient=person,
            kind="cms.test",
            language=language,
            line=f"L{i}",
            subject="S",
            body="B",
        )
    login(client, person)
    response = client.get(f"/{language}/")
    assert response.status_code == 200
    assert '<span class="count">' in response.content.decode()
