"""Meeting pages, sections and lists: in the reader's language, upcoming and past, with
minutes and summaries after the meeting; editable in the Wagtail admin."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from cms.models import Notification
from meetings import services
from meetings.models import BoardIndexPage, MeetingIndexPage, MeetingPage
from tests.conftest import login, translate
from tests.meetings.conftest import add_meeting, make_interpreter

pytestmark = pytest.mark.django_db


def test_page_types_declare_where_they_live():
    from advisory.models import GroupPage

    assert MeetingIndexPage.allowed_parent_page_models() == [GroupPage]
    assert set(MeetingPage.allowed_parent_page_models()) == {MeetingIndexPage, BoardIndexPage}
    assert MeetingPage.allowed_subpage_models() == []


def test_a_meeting_under_a_group_page_belongs_to_that_group(meeting, group, board):
    assert meeting.group == group and meeting.kind == "group"
    board_meeting = add_meeting(board, "Board")
    assert board_meeting.group is None and board_meeting.kind == "board"


def test_the_group_section_lists_upcoming_then_past_meetings_in_the_readers_language(
    client, group_meetings
):
    soon = add_meeting(group_meetings, "Soon", starts_at=timezone.now() + timedelta(days=2))
    add_meeting(group_meetings, "Later", starts_at=timezone.now() + timedelta(days=9))
    add_meeting(group_meetings, "Last month", starts_at=timezone.now() - timedelta(days=30))
    translate(soon, "es", title="Pronto")
    html = client.get(group_meetings.url).content.decode()
    upcoming, past = html.split('id="past-heading"')
    assert upcoming.index("Soon") < upcoming.index("Later")
    assert "Last month" in past and "Last month" not in upcoming
    spanish = client.get("/es/meetings/").content.decode()
    assert "Pronto" in spanish and ">Soon<" not in spanish
    assert "Later" in spanish  # not translated yet: shown in the original


def test_a_past_meeting_shows_minutes_and_the_summary_in_the_readers_language(
    client, group_meetings
):
    past = add_meeting(
        group_meetings,
        "Autumn",
        starts_at=timezone.now() - timedelta(days=3),
        minutes="<p>Buses discussed.</p>",
        summary="<p>We talked about buses.</p>",
    )
    spanish_page = translate(past, "es", title="Otoño", summary="<p>Hablamos de los autobuses.</p>")
    html = client.get(past.url).content.decode()
    assert "We talked about buses." in html and "Buses discussed." in html
    assert "Will you come?" not in html
    spanish = client.get(spanish_page.url)
    assert "Hablamos de los autobuses." in spanish.content.decode()


def test_user_text_on_the_meeting_page_is_escaped(client, group_meetings):
    page = add_meeting(group_meetings, "Escaping", place="<script>alert(1)</script>")
    html = client.get(page.url).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_a_visitor_is_asked_to_sign_in_to_reply(client, meeting):
    html = client.get(meeting.url).content.decode()
    assert "Sign in to reply" in html


def test_editors_can_open_the_meeting_editor(client, meeting, group_meetings, people, mfa_ok):
    login(client, people["staff"])
    add = reverse("wagtailadmin_pages:add", args=["meetings", "meetingpage", group_meetings.pk])
    assert client.get(add).status_code == 200
    assert client.get(reverse("wagtailadmin_pages:edit", args=[meeting.pk])).status_code == 200
    assert (
        client.get(reverse("wagtailsnippets_meetings_interpreterprofile:list")).status_code == 200
    )


def test_an_interpreter_is_told_in_their_own_language(meeting, coordinator):
    spanish_speaker = make_interpreter("vi", preferred_language="es")
    services.slot_create(actor=coordinator, meeting=meeting, language="vi")
    notice = Notification.objects.get(recipient=spanish_speaker, kind="meetings.slot_opened")
    assert notice.language == "es"
    assert "Spring meeting" in notice.line
