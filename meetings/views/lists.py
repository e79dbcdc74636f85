"""Meeting lists and iCalendar feeds (all meetings, a group's, one meeting)."""

from __future__ import annotations

from django.core.paginator import Paginator
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
    meetings_listed,
)
from meetings.views.common import live_meeting

LIST_PAGE_SIZE = 30


def _listing(request, *, group=None) -> dict:
    """Upcoming meetings a page at a time (a district has hundreds), the latest past ones
    on the first page. The lists are the same for every reader of a language, so they are
    cached until a meeting is published, moved or unpublished, a group renamed, or the
    first listed meeting ends (meetings/caching.py)."""
    number = fragments.page_number(request)

    def render_lists():
        now = timezone.now()
        listed = meetings_listed(upcoming=True, now=now, group=group)
        page = Paginator(listed, LIST_PAGE_SIZE).get_page(number)
        first = page.number == 1
        context = {
            "group": group,
            "upcoming": page.object_list,
            "page_obj": page,
            "past": meetings_listed(upcoming=False, now=now, group=group, limit=20)
            if first
            else [],
            "past_elsewhere": not first,
        }
        # The lists change by themselves when the first upcoming meeting ends.
        stale_at = min((m.ends_at for m in listed), default=None)
        return render_to_string("meetings/_meeting_lists.html", context), stale_at

    lists = fragments.region(
        request, MEETINGS_LIST, (get_language(), group.pk if group else "", number), render_lists
    )
    return {"group": group, "lists": lists}


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
