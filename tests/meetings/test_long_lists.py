"""Lists that grow with a district are paged: a page shows a fixed number of rows and
links to the next, and nothing is lost between pages."""

import re
from datetime import timedelta

from django.utils import timezone

from meetings.models import SpeakerSignup
from meetings.public_comment.views import CLERK_PAGE_SIZE
from meetings.selectors import LIST_PAGE_SIZE
from tests.conftest import login
from tests.factories import UserFactory
from tests.meetings.conftest import add_meeting, open_comment


def test_the_meetings_list_pages_upcoming_meetings_soonest_first(client, board):
    start = timezone.now() + timedelta(days=2)
    for i in range(LIST_PAGE_SIZE + 5):
        add_meeting(board, f"Hearing {i:02d}", starts_at=start + timedelta(hours=i))
    first = client.get("/en/meetings/").content.decode()
    second = client.get("/en/meetings/?page=2").content.decode()
    shown_first = re.findall(r"Hearing (\d\d)", first)
    shown_second = re.findall(r"Hearing (\d\d)", second)
    assert shown_first == [f"{i:02d}" for i in range(LIST_PAGE_SIZE)]
    assert shown_second == [f"{i:02d}" for i in range(LIST_PAGE_SIZE, LIST_PAGE_SIZE + 5)]
    assert 'rel="next"' in first and "Page 1 of 2" in first
    assert "Past meetings" in first and "Past meetings" not in second


def test_a_section_page_pages_its_meetings_too(client, board):
    """The school board's own page (a Wagtail section) lists as many meetings as the
    meetings list does, a page at a time."""
    start = timezone.now() + timedelta(days=2)
    for i in range(LIST_PAGE_SIZE + 5):
        add_meeting(board, f"Hearing {i:02d}", starts_at=start + timedelta(hours=i))
    first = client.get(board.url).content.decode()
    second = client.get(board.url + "?page=2").content.decode()
    assert re.findall(r"Hearing (\d\d)", first) == [f"{i:02d}" for i in range(LIST_PAGE_SIZE)]
    assert re.findall(r"Hearing (\d\d)", second) == [
        f"{i:02d}" for i in range(LIST_PAGE_SIZE, LIST_PAGE_SIZE + 5)
    ]
    assert 'rel="next"' in first and "Page 1 of 2" in first
    assert "Past meetings" in first and "Past meetings" not in second


def test_the_clerks_list_pages_speakers_with_start_minutes_over_the_whole_list(
    client, board_meeting, clerk
):
    open_comment(board_meeting, speaker_cap=60, minutes_per_speaker=2)
    SpeakerSignup.objects.bulk_create(
        [
            SpeakerSignup(
                meeting_id=board_meeting.canonical_id,
                user=UserFactory(),
                called_name=f"Speaker {i:02d}",
                language="es",
                status="signed_up",
                position=i + 1,
            )
            for i in range(55)
        ]
    )
    login(client, clerk)
    url = f"/en/meetings/{board_meeting.pk}/comment/speakers/"
    first = client.get(url).content.decode()
    second = client.get(url + "?page=2").content.decode()
    names = re.compile(r'class="speaker__name"[^>]*>Speaker (\d\d)<')
    assert names.findall(first) == [f"{i:02d}" for i in range(CLERK_PAGE_SIZE)]
    assert names.findall(second) == [f"{i:02d}" for i in range(CLERK_PAGE_SIZE, 55)]
    assert "55 speakers, 110 minutes in all." in second
    # The first speaker of page 2 starts after everyone on page 1.
    assert f"+{CLERK_PAGE_SIZE * 2} min (2 min)" in second
    # The first on the whole list cannot move up, the last cannot move down.
    assert first.count("disabled") == 1 and second.count("disabled") == 1
