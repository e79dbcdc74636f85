"""An announcement to 50,000 families, fanned out and sent by a real task worker into
local sinks. Prints the figures with the goals beside them; asserts the memory goal.

    DATABASE_URL=postgres://... REDIS_URL=redis://.../N make bench

The benchmark starts its own sinks on OS-chosen ports: an SMTP server (aiosmtpd) and an
HTTP server shaped like the SMS gateway's API, which ``cms.sms.TwilioBackend`` posts to
through ``SMS_API_BASE_URL``. The worker is a real ``manage.py db_worker`` subprocess
(django-tasks-db backend on the same PostgreSQL test database, Redis as the cache), with
no throttle (the rates set to 0) so the figure is the worker's own speed. Its memory
(RSS, from /proc) is sampled every half second over the whole run.

BENCH_FANOUT_RECIPIENTS changes the number of families (default 50,000).
"""

import json
import logging
import os
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from django.db import connection
from django.db.models import Count

from advisory.models import AdvisoryGroup, Membership
from cms.models import Broadcast, BroadcastState, Delivery, DeliveryStatus, User

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL"),
]

ROOT = Path(__file__).resolve().parents[2]
RECIPIENTS = int(os.environ.get("BENCH_FANOUT_RECIPIENTS", "50000"))
LANGUAGES = ["en", "es", "ar", "zh-hans", "vi", "ht", "so", "pt", "fr", "ko"]
SMS_SHARE = 3  # every third family by text message, the others by email
TIMEOUT = 60 * 40


class _SmsSink(BaseHTTPRequestHandler):
    count = 0
    lock = threading.Lock()

    def do_POST(self):  # noqa: N802 - http.server's name
        self.rfile.read(int(self.headers["Content-Length"]))
        with type(self).lock:
            type(self).count += 1
        body = json.dumps({"sid": f"SM{type(self).count}", "status": "queued"}).encode()
        self.send_response(201)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


class _MailSink:
    def __init__(self):
        self.count = 0

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's name
        self.count += len(envelope.rcpt_tos)
        return "250 OK"


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def _district(count: int, prefix: str = "family") -> AdvisoryGroup:
    """A group of ``count`` families in ten languages, written in bulk."""
    from allauth.account.models import EmailAddress

    group = AdvisoryGroup.objects.create(name=f"District {prefix}", slug=prefix)
    users = []
    for i in range(count):
        by_sms = i % SMS_SHARE == 0
        users.append(
            User(
                username=f"{prefix}{i}",
                display_name=f"Family {i}",
                email="" if by_sms else f"{prefix}{i}@example.org",
                phone=f"+1{203 if prefix == 'family' else 204}{i:07d}" if by_sms else None,
                phone_verified=by_sms,
                contact_channel="sms" if by_sms else "email",
                preferred_language=LANGUAGES[i % len(LANGUAGES)],
                password="!",
            )
        )
    User.objects.bulk_create(users, batch_size=2000)
    users = list(User.objects.filter(username__startswith=prefix).only("pk", "email"))
    EmailAddress.objects.bulk_create(
        [
            EmailAddress(user=u, email=u.email, verified=True, primary=True)
            for u in users
            if u.email
        ],
        batch_size=2000,
    )
    Membership.objects.bulk_create(
        [Membership(group=group, user=u) for u in users], batch_size=2000
    )
    return group


def _wait_until_done(broadcast_id: int, worker, start: float, samples=None, seen=None) -> dict:
    """Poll every half second until the broadcast is done; sample the worker's RSS."""
    marks: dict = {}
    while True:
        now = time.perf_counter()
        assert worker.poll() is None, worker.stderr.read().decode()[-3000:]
        assert now - start < TIMEOUT, "the fan-out did not finish in time"
        if samples is not None:
            samples.append((now - start, _rss_kib(worker.pid)))
        state = Broadcast.objects.filter(pk=broadcast_id).values_list("state", flat=True)[0]
        if "prepared" not in marks and state in (BroadcastState.SENDING, BroadcastState.DONE):
            marks["prepared"] = now - start
        if seen is not None and "first_sent" not in marks and seen():
            marks["first_sent"] = now - start
        if state == BroadcastState.DONE:
            return marks
        time.sleep(0.5)


def test_announcement_to_a_district_through_a_real_worker(settings, capsys):
    from advisory.services import announcement_send
    from cms.models import User as UserModel

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.backend.DatabaseBackend"}}
    group = _district(RECIPIENTS)
    warm_group = _district(30, prefix="warm")
    facilitator = UserModel.objects.create(
        username="facilitator", display_name="Facilitator", email="f@example.org"
    )
    Membership.objects.create(group=group, user=facilitator, role="facilitator")
    Membership.objects.create(group=warm_group, user=facilitator, role="facilitator")
    translations = {
        code: (f"Subject in {code}", f"The school board meets on Tuesday ({code}).")
        for code in LANGUAGES[1:]
    }

    mail = _MailSink()
    from aiosmtpd.controller import Controller

    # aiosmtpd logs every command of every message (170,000 lines for this run): only the
    # figures are printed.
    logging.getLogger("mail.log").setLevel(logging.WARNING)

    smtp_port = _free_port()
    smtp = Controller(mail, hostname="127.0.0.1", port=smtp_port)
    smtp.start()
    _SmsSink.count = 0
    sms_server = ThreadingHTTPServer(("127.0.0.1", 0), _SmsSink)
    threading.Thread(target=sms_server.serve_forever, daemon=True).start()

    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cms.settings.base",
        "SECRET_KEY": "bench-only-not-secret",
        "DATABASE_URL": "postgres://{USER}@{HOST}:{PORT}/{NAME}".format(
            **{k: connection.settings_dict[k] or "" for k in ("USER", "HOST", "PORT", "NAME")}
        ),
        "TASKS_BACKEND": "django_tasks_db.backend.DatabaseBackend",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(smtp_port),
        "EMAIL_USE_TLS": "false",
        "SMS_BACKEND": "cms.sms.TwilioBackend",
        "SMS_API_BASE_URL": f"http://127.0.0.1:{sms_server.server_port}",
        "TWILIO_ACCOUNT_SID": "ACbench",
        "TWILIO_AUTH_TOKEN": "bench",
        "TWILIO_FROM_NUMBER": "+15550001111",
        "NOTIFY_EMAIL_RATE_PER_SECOND": "0",
        "NOTIFY_SMS_RATE_PER_SECOND": "0",
        "LOG_LEVEL": "WARNING",
    }
    if connection.settings_dict.get("PASSWORD"):
        env["DATABASE_URL"] = env["DATABASE_URL"].replace(
            "@", f":{connection.settings_dict['PASSWORD']}@", 1
        )
    worker = subprocess.Popen(
        [sys.executable, "manage.py", "db_worker", "--interval", "0.2", "--no-startup-delay"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    samples: list[tuple[float, int]] = []
    try:
        # Warm-up: a small announcement loads every code path (templates, email, the SMS
        # client) in the worker, so the samples below show growth, not first imports.
        warm_start = time.perf_counter()
        warm = announcement_send(
            actor=facilitator, group=warm_group, subject="Warm-up", body="Hello", language="en"
        )
        _wait_until_done(warm.broadcast_id, worker, warm_start)
        mail.count = _SmsSink.count = 0

        start = time.perf_counter()
        announcement = announcement_send(
            actor=facilitator,
            group=group,
            subject="Board meeting on Tuesday",
            body="The school board meets on Tuesday at 6 pm. Interpreters will be there.",
            language="en",
            translations=translations,
        )
        broadcast_id = announcement.broadcast_id
        marks = _wait_until_done(
            broadcast_id, worker, start, samples, lambda: mail.count or _SmsSink.count
        )
        prepared_at, first_sent_at = marks["prepared"], marks.get("first_sent", 0.0)
        elapsed = time.perf_counter() - start
    finally:
        worker.terminate()
        try:
            worker.wait(timeout=20)
        except subprocess.TimeoutExpired:
            worker.kill()
        smtp.stop()
        sms_server.shutdown()

    counts = dict(
        Delivery.objects.filter(broadcast_id=broadcast_id)
        .values_list("status")
        .annotate(n=Count("pk"))
    )
    messages = mail.count + _SmsSink.count
    expected = RECIPIENTS  # every family has one channel (the facilitator: the inbox only)
    quarter = max(1, len(samples) // 4)
    first_peak = max(rss for _t, rss in samples[:quarter])
    last_peak = max(rss for _t, rss in samples[-quarter:])
    with capsys.disabled():
        print()
        print(f"Announcement fan-out: {RECIPIENTS:,} families, 10 languages, 1 db_worker")
        print(
            f"  prepared (inbox entries + deliveries) in {prepared_at:.1f} s: "
            f"{RECIPIENTS / prepared_at:,.0f} recipients/s"
        )
        print(
            f"  sent {mail.count:,} emails + {_SmsSink.count:,} SMS = {messages:,} messages "
            f"in {elapsed:.1f} s from the click: {messages / elapsed:,.0f} messages/s per worker "
            f"(first message after {first_sent_at:.1f} s)"
        )
        print(f"  delivery states: {counts}")
        print(
            f"  worker RSS: first quarter peak {first_peak / 1024:.0f} MiB, last quarter peak "
            f"{last_peak / 1024:.0f} MiB, ratio {last_peak / first_peak:.2f} "
            f"(goal: flat, last within 1.20x of first), {len(samples)} samples"
        )
    assert counts.get(DeliveryStatus.SENT, 0) == expected
    assert messages == expected  # each family exactly once
    assert last_peak <= first_peak * 1.2
