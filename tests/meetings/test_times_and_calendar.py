"""Times are stored in UTC, shown in the site time zone (America/New_York) with the date
written in the reader's language, and exported to .ics in UTC, across a DST change."""

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import translation
from icalendar import Calendar

from meetings.forms import SlotForm
from meetings.models import MeetingPage
from tests.conftest import translate
from tests.meetings.conftest import DST_AFTER, DST_BEFORE, add_meeting

pytestmark = pytest.mark.django_db
NEW_YORK = ZoneInfo("America/New_York")


@pytest.fixture
def dst_meetings(group_meetings, settings):
    assert settings.TIME_ZONE == "America/New_York"
    before = add_meeting(group_meetings, "Before the change", starts_at=DST_BEFORE)
    after = add_meeting(
        group_meetings,
        "After the change",
        starts_at=DST_AFTER,
        place="Library",
        address="12 Elm St",
    )
    return before, after


def test_times_are_stored_in_utc(dst_meetings):
    before, after = (MeetingPage.objects.get(pk=m.pk) for m in dst_meetings)
    assert before.starts_at == datetime(2026, 3, 5, 23, 0, tzinfo=UTC)
    assert after.starts_at == datetime(2026, 3, 12, 22, 0, tzinfo=UTC)
    assert before.starts_at.utcoffset().total_seconds() == 0


def test_times_entered_in_the_site_time_zone_become_the_right_utc_instant():
    form = SlotForm(
        data={
            "language": "vi",
            "mode": "consecutive",
            "starts_at": "2026-03-12T18:00",
            "ends_at": "2026-03-12T20:00",
        }
    )
    assert form.is_valid(), form.errors
    assert form.cleaned_data["starts_at"] == datetime(2026, 3, 12, 22, 0, tzinfo=UTC)
    form = SlotForm(
        data={
            "language": "vi",
            "mode": "consecutive",
            "starts_at": "2026-03-05T18:00",
            "ends_at": "2026-03-05T20:00",
        }
    )
    assert form.is_valid()
    assert form.cleaned_data["starts_at"] == datetime(2026, 3, 5, 23, 0, tzinfo=UTC)


def test_both_meetings_show_six_in_the_evening_local_time_in_english(client, dst_meetings):
    before, after = dst_meetings
    html_before = client.get(before.url).content.decode()
    html_after = client.get(after.url).content.decode()
    assert "Thursday, March 5, 2026, 6 p.m." in html_before and "EST" in html_before
    assert "Thursday, March 12, 2026, 6 p.m." in html_after and "EDT" in html_after
    assert 'datetime="2026-03-05T18:00:00-05:00"' in html_before
    assert 'datetime="2026-03-12T18:00:00-04:00"' in html_after


def test_the_date_is_written_in_the_readers_language(client, dst_meetings):
    before, _after = dst_meetings
    spanish = translate(before, "es", title="Antes del cambio")
    html = client.get(spanish.url).content.decode()
    assert "jueves, 5 de marzo de 2026, 18:00" in html
    vietnamese = translate(before, "vi", title="Trước khi đổi giờ")
    html = client.get(vietnamese.url).content.decode()
    with translation.override("vi"):
        from django.utils.formats import date_format

        expected = date_format(before.starts_at.astimezone(NEW_YORK), "DATE_FORMAT")
    assert expected in html


def _events(body: bytes):
    calendar = Calendar.from_ical(body)
    return {str(e["summary"]): e for e in calendar.walk("VEVENT")}


def test_the_ics_of_a_meeting_parses_back_to_the_same_instants(client, dst_meetings):
    before, after = dst_meetings
    response = client.get(reverse("meetings:ics", args=[after.pk]))
    assert response["Content-Type"].startswith("text/calendar")
    events = _events(response.content)
    event = events["After the change"]
    start, end = event["dtstart"].dt, event["dtend"].dt
    assert start == after.starts_at and end == after.ends_at
    assert start.astimezone(NEW_YORK).hour == 18
    assert str(event["location"]) == "Library, 12 Elm St"
    assert after.url in str(event["url"])


def test_the_group_feed_has_every_meeting_across_the_dst_change(client, dst_meetings, group):
    response = client.get(reverse("meetings:group_feed", args=[group.slug]))
    events = _events(response.content)
    assert set(events) == {"Before the change", "After the change"}
    for event in events.values():
        assert event["dtstart"].dt.astimezone(NEW_YORK).hour == 18
    assert events["Before the change"]["dtstart"].dt == DST_BEFORE
    assert events["After the change"]["dtstart"].dt == DST_AFTER
    # One UID per meeting, whatever the language, so subscriptions update in place.
    assert len({str(e["uid"]) for e in events.values()}) == 2


def test_the_site_feed_lists_a_translated_meeting_once(client, dst_meetings):
    before, _after = dst_meetings
    translate(before, "es", title="Antes del cambio")
    events = _events(client.get(reverse("meetings:feed")).content)
    assert len(events) == 2
    events = _events(client.get("/es/meetings/calendar.ics").content)
    assert set(events) == {"Antes del cambio", "After the change"}
