"""The provider's webhook: Twilio posts each text a family sends here.

The request must carry a valid ``X-Twilio-Signature`` (checked with Twilio's own
``RequestValidator`` against ``TWILIO_AUTH_TOKEN``). The answer is an empty TwiML
``<Response/>``: replies go out through the configured SMS backend instead (recorded,
segment-counted, retried the same way as every other text, and possibly several), so
the webhook answers fast and the same code runs with any backend.
"""

import logging

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseForbidden
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from twilio.request_validator import RequestValidator

from cms.sms_inbound.services import inbound_receive

logger = logging.getLogger(__name__)

EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response></Response>'


def _signed_url(request: HttpRequest) -> str:
    """The address Twilio signed: ``SMS_WEBHOOK_URL`` when the site sits behind a proxy
    that changes it, else the address of this request."""
    return getattr(settings, "SMS_WEBHOOK_URL", "") or request.build_absolute_uri()


def signature_valid(request: HttpRequest) -> bool:
    token = getattr(settings, "TWILIO_AUTH_TOKEN", "")
    signature = request.headers.get("X-Twilio-Signature", "")
    if not token or not signature:
        return False
    return RequestValidator(token).validate(_signed_url(request), request.POST.dict(), signature)


@csrf_exempt
@require_POST
def inbound_webhook(request: HttpRequest) -> HttpResponse:
    if not signature_valid(request):
        logger.warning("refused an inbound text message with a missing or wrong signature")
        return HttpResponseForbidden("invalid signature")
    if not (request.POST.get("MessageSid") or request.POST.get("SmsSid")):
        return HttpResponse(EMPTY_TWIML, content_type="text/xml", status=400)
    inbound_receive(params=request.POST.dict())
    return HttpResponse(EMPTY_TWIML, content_type="text/xml")
