"""Twenty-five people sign up for the last places at once, on PostgreSQL with real
threads and connections: exactly the cap get a place, the rest wait (or are refused), and
nobody gets a server error. Skipped on SQLite."""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from meetings.models import SignupStatus, SpeakerSignup
from meetings.public_comment import services
from tests.concurrency import run_in_threads
from tests.conftest import build_site
from tests.factories import UserFactory
from tests.meetings.conftest import add_meeting, open_comment, publish_child

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL"),
]


def _board_meeting():
    from meetings.models import BoardIndexPage

    home = build_site()
    board = publish_child(home, BoardIndexPage(title="Board", slug="board"))
    return add_meeting(board, "Race")


@pytest.mark.parametrize("when_full", ["waitlist", "refuse"])
def test_concurrent_signups_fill_exactly_the_cap(when_full):
    meeting = _board_meeting()
    open_comment(meeting, speaker_cap=5, when_full=when_full)
    people = [UserFactory() for _ in range(25)]

    def work(i):
        return services.comment_signup(
            actor=people[i], meeting=meeting, called_name=f"P{i}", language="ht"
        )

    results = run_in_threads(25, work)
    unexpected = [r for r in results if not isinstance(r, SpeakerSignup | ValidationError)]
    assert unexpected == []
    placed = SpeakerSignup.objects.filter(meeting=meeting, status=SignupStatus.SIGNED_UP)
    assert placed.count() == 5
    assert sorted(placed.values_list("position", flat=True)) == [1, 2, 3, 4, 5]
    if when_full == "waitlist":
        assert SpeakerSignup.objects.filter(status=SignupStatus.WAITLISTED).count() == 20
    else:
        refusals = [r for r in results if isinstance(r, ValidationError)]
        assert len(refusals) == 20
        assert all(r.messages == ["Sorry, the speakers list is full."] for r in refusals)
        assert SpeakerSignup.objects.count() == 5


def test_one_person_in_two_tabs_gets_one_signup():
    meeting = _board_meeting()
    open_comment(meeting, speaker_cap=5)
    person = UserFactory()
    results = run_in_threads(
        10,
        lambda i: services.comment_signup(
            actor=person, meeting=meeting, called_name="Me", language="en"
        ),
    )
    assert sum(isinstance(r, SpeakerSignup) for r in results) == 1
    assert all(
        r.messages == ["You are already signed up to speak at this meeting."]
        for r in results
        if isinstance(r, ValidationError)
    )
    assert SpeakerSignup.objects.filter(user=person).count() == 1
