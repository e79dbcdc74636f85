"""Short links for text messages: ``<SITE_URL>/s/c1z/`` instead of a 70-character path.

The code is a registered prefix letter and the object's id in base 36; the page it leads
to still checks who may see it, so a short link gives nobody access."""

import re

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponseRedirect
from django.urls import reverse
from django.utils.http import base36_to_int, int_to_base36

from cms.sms_inbound.registry import SHORT_LINKS


def short_url(prefix: str, pk: int) -> str:
    if prefix not in SHORT_LINKS:
        raise ValueError(f"no short link registered for {prefix}")
    path = reverse("sms_short_link", args=[f"{prefix}{int_to_base36(pk)}"])
    return settings.SITE_URL.rstrip("/") + path


def short_link(request: HttpRequest, code: str) -> HttpResponseRedirect:
    match = re.fullmatch(r"([a-z])([0-9a-z]+)", code)
    if match is None or match.group(1) not in SHORT_LINKS:
        raise Http404
    try:
        pk = base36_to_int(match.group(2))  # ValueError past 13 digits
    except ValueError as exc:
        raise Http404 from exc
    path = SHORT_LINKS[match.group(1)](pk)
    if not path:
        raise Http404
    return HttpResponseRedirect(path)
