"""Text messages through a pluggable backend, like Django's email backends.

``SMS_BACKEND`` names the class: ``cms.sms.ConsoleBackend`` (default: prints the message),
``cms.sms.FileBackend`` (appends JSON lines to ``SMS_FILE_PATH``), ``cms.sms.LocmemBackend``
(tests: ``cms.sms.outbox``) or ``cms.sms.TwilioBackend`` (Twilio's REST API, configured by
``TWILIO_ACCOUNT_SID``, ``TWILIO_AUTH_TOKEN``, ``TWILIO_FROM_NUMBER``; ``SMS_API_BASE_URL``
points it elsewhere for tests or a compatible gateway).
"""

import base64
import json
import sys
import threading
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.utils import timezone
from django.utils.module_loading import import_string

SMS_MAX_LENGTH = 320


class SmsError(Exception):
    """A text message could not be handed to the gateway."""


@dataclass(frozen=True)
class SmsMessage:
    to: str
    body: str


outbox: list[SmsMessage] = []
_lock = threading.Lock()


class BaseSmsBackend:
    def send(self, to: str, body: str) -> str:
        """Send one message; return the gateway's id for it. Raise SmsError on failure."""
        raise NotImplementedError


class ConsoleBackend(BaseSmsBackend):
    def send(self, to: str, body: str) -> str:
        stream = getattr(settings, "SMS_CONSOLE_STREAM", None) or sys.stdout
        stream.write(f"--- SMS to {to} ---\n{body}\n---\n")
        stream.flush()
        return "console"


class LocmemBackend(BaseSmsBackend):
    def send(self, to: str, body: str) -> str:
        with _lock:
            outbox.append(SmsMessage(to=to, body=body))
            return f"locmem-{len(outbox)}"


class FileBackend(BaseSmsBackend):
    def send(self, to: str, body: str) -> str:
        path = Path(getattr(settings, "SMS_FILE_PATH", "") or "sms-outbox.jsonl")
        path.parent.mkdir(parents=True, exist_ok=True)
        line = json.dumps({"to": to, "body": body, "at": timezone.now().isoformat()})
        with _lock, path.open("a", encoding="utf-8") as handle:
            handle.write(line + "\n")
        return "file"


class TwilioBackend(BaseSmsBackend):
    """Twilio's Messages API: POST form-encoded To/From/Body with HTTP basic auth."""

    def __init__(self) -> None:
        self.sid = getattr(settings, "TWILIO_ACCOUNT_SID", "")
        self.token = getattr(settings, "TWILIO_AUTH_TOKEN", "")
        self.sender = getattr(settings, "TWILIO_FROM_NUMBER", "")
        self.base_url = (
            getattr(settings, "SMS_API_BASE_URL", "") or "https://api.twilio.com"
        ).rstrip("/")
        self.timeout = float(getattr(settings, "SMS_TIMEOUT", 10))
        if not (self.sid and self.token and self.sender):
            raise SmsError(
                "Twilio is not configured (TWILIO_ACCOUNT_SID, _AUTH_TOKEN, _FROM_NUMBER)"
            )

    def send(self, to: str, body: str) -> str:
        url = f"{self.base_url}/2010-04-01/Accounts/{urllib.parse.quote(self.sid)}/Messages.json"
        data = urllib.parse.urlencode({"To": to, "From": self.sender, "Body": body}).encode()
        auth = base64.b64encode(f"{self.sid}:{self.token}".encode()).decode()
        request = urllib.request.Request(  # noqa: S310 - the URL is configured, https by default
            url,
            data=data,
            method="POST",
            headers={
                "Authorization": f"Basic {auth}",
                "Content-Type": "application/x-www-form-urlencoded",
                "Accept": "application/json",
            },
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310
                payload = json.loads(response.read() or b"{}")
        except urllib.error.HTTPError as exc:
            detail = exc.read()[:300].decode("utf-8", "replace")
            raise SmsError(f"gateway refused the message: HTTP {exc.code} {detail}") from exc
        except (urllib.error.URLError, TimeoutError, OSError) as exc:
            raise SmsError(f"gateway unreachable: {exc}") from exc
        except ValueError as exc:
            raise SmsError("gateway sent an unreadable answer") from exc
        return str(payload.get("sid", ""))


def get_backend() -> BaseSmsBackend:
    path = getattr(settings, "SMS_BACKEND", "") or "cms.sms.ConsoleBackend"
    return import_string(path)()


def fit(body: str, limit: int = SMS_MAX_LENGTH) -> str:
    """Keep a message within the SMS limit, cutting at a word where possible."""
    body = " ".join(body.split())
    if len(body) <= limit:
        return body
    cut = body[: limit - 1]
    if " " in cut[limit // 2 :]:
        cut = cut[: cut.rfind(" ")]
    return cut.rstrip(" ,.;:") + "…"


def send_sms(to: str, body: str) -> str:
    return get_backend().send(to, fit(body))
