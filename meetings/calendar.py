"""iCalendar (.ics) for one meeting or a feed of meetings, built with the icalendar
library. Times are written in UTC (the stored value), so every calendar app shows them in
its own time zone, daylight saving included."""

from __future__ import annotations

from datetime import UTC

from django.conf import settings
from django.utils import timezone
from django.utils.html import strip_tags
from icalendar import Calendar, Event

from meetings.models import MeetingPage


def _absolute(request, url: str) -> str:
    if url.startswith(("http://", "https://")):
        return url
    if request is not None:
        return request.build_absolute_uri(url)
    return settings.SITE_URL.rstrip("/") + url


def _event(page: MeetingPage, request) -> Event:
    event = Event()
    host = settings.SITE_URL.split("://", 1)[-1].split("/", 1)[0] or "localhost"
    # One UID per meeting in every language, so a subscribed calendar updates in place.
    event.add("uid", f"meeting-{page.translation_key}@{host}")
    event.add("summary", page.title)
    event.add("dtstart", page.starts_at.astimezone(UTC))
    event.add("dtend", page.ends_at.astimezone(UTC))
    event.add("dtstamp", timezone.now().astimezone(UTC))
    event.add("last-modified", (page.last_published_at or timezone.now()).astimezone(UTC))
    location = ", ".join(part for part in (page.place, " ".join(page.address.split())) if part)
    if location:
        event.add("location", location)
    url = page.get_url(request) or ""
    if url:
        event.add("url", _absolute(request, url))
    lines = [text for text in (page.intro, page.accessibility_notes, page.online_link) if text]
    if page.summary:
        lines.append(strip_tags(page.summary))
    if lines:
        event.add("description", "\n\n".join(lines))
    return event


def calendar_for(pages: list[MeetingPage], request=None, name: str | None = None) -> bytes:
    cal = Calendar()
    cal.add("prodid", f"-//{settings.SITE_NAME}//meetings//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", name or settings.SITE_NAME)
    cal.add("x-wr-timezone", settings.TIME_ZONE)
    for page in pages:
        cal.add_component(_event(page, request))
    return cal.to_ical()
