"""Short links for text messages: ``<SITE_URL>/s/c1z/`` instead of a 70-character path.

The code is a registered prefix letter and the object's id in base 36; the page it leads
to still checks who may see it, so a short link gives nobody access."""

import re

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponseRedirect
from django.urls import reverse

from cms.sms_inbound.registry import SHORT_LINKS

_DIGITS = "0123456789abcdefghijklmnopqrstuvwxyz"


def _base36(number: int) -> str:
    out = ""
    while True:
        number, rest = divmod(number, 36)
        out = _DIGITS[rest] + out
        if not number:
            return out


def short_url(prefix: str, pk: int) -> str:
    if prefix not in SHORT_LINKS:
        raise ValueError(f"no short link registered for {prefix}")
    path = reverse("sms_short_link", args=[f"{prefix}{_base36(pk)}"])
    return settings.SITE_URL.rstrip("/") + path


def short_link(request: HttpRequest, code: str) -> HttpResponseRedirect:
    match = re.fullmatch(r"([a-z])([0-9a-z]+)", code or "")
    if match is None or match.group(1) not in SHORT_LINKS:
        raise Http404
    path = SHORT_LINKS[match.group(1)](int(match.group(2), 36))
    if not path:
        raise Http404
    return HttpResponseRedirect(path)
