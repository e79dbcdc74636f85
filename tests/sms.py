"""Texting the running app as Twilio would: a form POST to the webhook, signed with
Twilio's own ``RequestValidator`` (the same library the app checks it with)."""

import urllib.error
import urllib.parse
import urllib.request
import uuid

from twilio.request_validator import RequestValidator

TOKEN = "test-twilio-auth-token"
SERVICE_NUMBER = "+12025550100"


def text(
    base_url: str, phone: str, body: str, *, sid: str | None = None, token: str = TOKEN
) -> tuple[int, str]:
    """Send one text to the webhook over HTTP; returns (status, response body)."""
    url = base_url.rstrip("/") + "/sms/inbound/"
    params = {
        "MessageSid": sid or "SM" + uuid.uuid4().hex,
        "AccountSid": "AC" + "0" * 32,
        "From": phone,
        "To": SERVICE_NUMBER,
        "Body": body,
        "NumMedia": "0",
    }
    signature = RequestValidator(token).compute_signature(url, params)
    request = urllib.request.Request(
        url,
        data=urllib.parse.urlencode(params).encode(),
        headers={"X-Twilio-Signature": signature},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode()


def replies_to(outbox, phone: str) -> list[str]:
    return [m.body for m in outbox if m.to == phone]
