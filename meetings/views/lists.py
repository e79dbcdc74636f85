"""Meeting lists and iCalendar feeds (all meetings, a group's, one meeting)."""

from __future__ import annotations

from datetime import datetime

from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import get_language

from advisory.models import AdvisoryGroup
from cms import fragments
from meetings import calendar
from meetings.caching import MEETINGS_LIST
from meetings.selectors import (
    meeting_lists,
    meetings_listed,
)
from meetings.views.common import live_meeting


def _listing(request, *, group=None) -> dict:
    """The meetings lists (selectors.meeting_lists) are the same for every reader of a
    language, so they are cached until a meeting is published, moved or unpublished, a
    group renamed, or the first listed meeting ends (meetings/caching.py)."""
    number = fragments.page_number(request)
    lists = fragments.region(
        request,
        MEETINGS_LIST,
        (get_language(), group.pk if group else "", number),
        lambda: _render_lists(number, group),
    )
    return {"group": group, "lists": lists}


def _render_lists(number: int, group) -> tuple[str, datetime | None]:
    context, stale_at = meeting_lists(number, group=group)
    return render_to_string("meetings/_meeting_lists.html", context), stale_at


def meeting_list(request):
    return render(request, "meetings/meeting_list.html", _listing(request))


def group_meetings(request, slug: str):
    group = get_object_or_404(AdvisoryGroup, slug=slug)
    return render(request, "meetings/meeting_list.html", _listing(request, group=group))


def _ics(body: bytes, filename: str, *, download: bool = True) -> HttpResponse:
    """A calendar file: one meeting downloads; a feed is served inline so calendar apps
    can subscribe to its address and refresh it."""
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    disposition = "attachment" if download else "inline"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    return response


def meeting_ics(request, pk: int):
    page = live_meeting(pk)
    return _ics(calendar.calendar_for([page], request), f"meeting-{page.canonical_id}.ics")


def all_meetings_feed(request):
    now = timezone.now()
    pages = meetings_listed(upcoming=True, now=now) + meetings_listed(
        upcoming=False, now=now, limit=50
    )
    return _ics(calendar.calendar_for(pages, request), "meetings.ics", download=False)


def group_feed(request, slug: str):
    group = get_object_or_404(AdvisoryGroup, slug=slug)
    now = timezone.now()
    pages = meetings_listed(upcoming=True, now=now, group=group) + meetings_listed(
        upcoming=False, now=now, group=group, limit=50
    )
    return _ics(
        calendar.calendar_for(pages, request, name=group.name),
        f"{group.slug}-meetings.ics",
        download=False,
    )
