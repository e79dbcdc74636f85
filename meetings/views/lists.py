"""Meeting lists and iCalendar feeds (all meetings, a group's, one meeting)."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from advisory.models import AdvisoryGroup
from meetings import calendar
from meetings.selectors import (
    meetings_listed,
)
from meetings.views.common import live_meeting


def meeting_list(request):
    now = timezone.now()
    return render(
        request,
        "meetings/meeting_list.html",
        {
            "upcoming": meetings_listed(upcoming=True, now=now),
            "past": meetings_listed(upcoming=False, now=now, limit=20),
        },
    )


def group_meetings(request, slug: str):
    group = get_object_or_404(AdvisoryGroup, slug=slug)
    now = timezone.now()
    return render(
        request,
        "meetings/meeting_list.html",
        {
            "group": group,
            "upcoming": meetings_listed(upcoming=True, now=now, group=group),
            "past": meetings_listed(upcoming=False, now=now, group=group, limit=20),
        },
    )


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
