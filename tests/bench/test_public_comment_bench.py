"""Public comment at scale. Prints the figures; asserts the targets.

    make bench        # needs DATABASE_URL=postgres://...

- The clerk's list of 200 speakers renders (one request) in under a second.
- The speakers PDF of 100 speakers in six scripts renders in under ten seconds, and per
  speaker it costs at most twice what it does for 25 (roughly linear).
"""

import time

import pytest
from django.test import Client
from django.urls import reverse

from meetings.models import BoardIndexPage
from meetings.public_comment import services
from meetings.public_comment.export import speakers_pdf
from meetings.public_comment.selectors import speakers_list
from tests.conftest import build_site
from tests.factories import UserFactory
from tests.meetings.conftest import add_meeting, open_comment, publish_child

pytestmark = pytest.mark.django_db

NAMES = [
    ("ht", "Jean-Baptiste Pòl"),
    ("ar", "فاطمة الزهراء"),
    ("zh-hans", "王小明"),
    ("vi", "Nguyễn Thị Lan"),
    ("ko", "김민준"),
    ("es", "María José"),
]


def _meeting_with(count: int, title: str, home=None):
    home = home or build_site()
    board = publish_child(home, BoardIndexPage(title="Board", slug=f"board-{count}"))
    meeting = add_meeting(board, title)
    open_comment(meeting, speaker_cap=count)
    for i in range(count):
        language, name = NAMES[i % len(NAMES)]
        services.comment_signup(
            actor=UserFactory(),
            meeting=meeting,
            called_name=f"{name} {i}",
            language=language,
            needs_interpreter=language != "es",
            comment_text=f"{name}: " + "words " * 40,
        )
    return meeting


def _pdf_seconds(meeting) -> float:
    listing = speakers_list(meeting, meeting.public_comment)
    start = time.perf_counter()
    pdf = speakers_pdf(meeting, listing, "en")
    elapsed = time.perf_counter() - start
    assert pdf.content.startswith(b"%PDF")
    return elapsed


def test_clerks_list_of_200_speakers_renders_under_a_second():
    meeting = _meeting_with(200, "Big board")
    clerk = UserFactory(roles=["clerk"])
    client = Client()
    client.force_login(clerk, backend="django.contrib.auth.backends.ModelBackend")
    url = reverse("meetings:comment_clerk", args=[meeting.pk])
    client.get(url)
    start = time.perf_counter()
    response = client.get(url)
    elapsed = time.perf_counter() - start
    print(f"\nclerk's list, 200 speakers: {elapsed * 1000:.0f} ms")
    assert response.status_code == 200
    assert elapsed < 1.0


def test_speakers_pdf_in_six_scripts_is_roughly_linear():
    home = build_site()
    small = _pdf_seconds(_meeting_with(25, "Small board", home))
    big = _pdf_seconds(_meeting_with(100, "Bigger board", home))
    print(f"\nspeakers PDF: 25 in {small:.2f}s, 100 in {big:.2f}s")
    assert big < 10
    assert big / 100 <= 2 * (small / 25)
