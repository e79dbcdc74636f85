"""Sign-ups lock exclusively only for the last places (PostgreSQL, real threads): while
many places remain, a sign-up commits while another is held open; for the last places
they are counted one after another, and however many arrive at once exactly the cap get a
place."""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from meetings.models import SignupStatus, SpeakerSignup
from meetings.public_comment import services
from tests.concurrency import HeldTransaction, run_in_thread, run_in_threads
from tests.conftest import build_site
from tests.factories import UserFactory
from tests.meetings.conftest import add_meeting, open_comment, publish_child

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL"),
]

QUICK = 5
BLOCKED = 1


def _board_meeting():
    from meetings.models import BoardIndexPage

    home = build_site()
    board = publish_child(home, BoardIndexPage(title="Board", slug="board"))
    return add_meeting(board, "Locks")


def _signup(meeting, person, name="P"):
    return lambda: services.comment_signup(
        actor=person, meeting=meeting, called_name=name, language="so"
    )


def test_a_signup_commits_while_another_is_in_flight_when_many_places_remain():
    meeting = _board_meeting()
    open_comment(meeting, speaker_cap=50)
    first, second = UserFactory(), UserFactory()
    with HeldTransaction(_signup(meeting, first)):
        thread, outcome = run_in_thread(_signup(meeting, second))
        assert outcome["done"].wait(QUICK), "the second sign-up waited for the first one"
        assert outcome["result"].status == SignupStatus.SIGNED_UP
    thread.join()
    assert SpeakerSignup.objects.filter(status=SignupStatus.SIGNED_UP).count() == 2


def test_a_signup_for_the_last_places_waits_for_the_one_in_flight():
    meeting = _board_meeting()
    open_comment(meeting, speaker_cap=2, when_full="refuse")
    people = [UserFactory() for _ in range(3)]
    services.comment_signup(actor=people[0], meeting=meeting, called_name="A", language="en")
    with HeldTransaction(_signup(meeting, people[1])) as held:
        thread, outcome = run_in_thread(_signup(meeting, people[2]))
        assert not outcome["done"].wait(BLOCKED), "the last place was not counted exactly"
        held.release()
        assert outcome["done"].wait(QUICK)
    thread.join()
    assert outcome["error"].messages == ["Sorry, the speakers list is full."]
    assert SpeakerSignup.objects.filter(status=SignupStatus.SIGNED_UP).count() == 2


def test_lottery_entries_go_side_by_side_even_for_few_places():
    meeting = _board_meeting()
    open_comment(meeting, speaker_cap=1, when_full="lottery")
    first, second = UserFactory(), UserFactory()
    with HeldTransaction(_signup(meeting, first)):
        thread, outcome = run_in_thread(_signup(meeting, second))
        assert outcome["done"].wait(QUICK)
        assert outcome["result"].status == SignupStatus.ENTERED
    thread.join()


@pytest.mark.parametrize("cap", [12, 20])
def test_a_crowd_through_the_many_and_the_last_places_fills_exactly_the_cap(cap):
    meeting = _board_meeting()
    open_comment(meeting, speaker_cap=cap, when_full="waitlist")
    people = [UserFactory() for _ in range(30)]
    results = run_in_threads(30, lambda i: _signup(meeting, people[i], f"P{i}")())
    assert [r for r in results if not isinstance(r, SpeakerSignup)] == []
    placed = SpeakerSignup.objects.filter(status=SignupStatus.SIGNED_UP)
    assert placed.count() == cap
    assert SpeakerSignup.objects.filter(status=SignupStatus.WAITLISTED).count() == 30 - cap
    assert all(position >= 1 for position in placed.values_list("position", flat=True))


def test_settings_change_waits_for_a_signup_in_flight():
    meeting = _board_meeting()
    open_comment(meeting, speaker_cap=50)
    clerk = UserFactory(roles=["clerk"])
    from meetings.models import PublicCommentSettings

    comment = PublicCommentSettings.objects.get(meeting_id=meeting.canonical_id)
    values = {
        "signup_open": False,
        "opens_at": comment.opens_at,
        "closes_at": comment.closes_at,
    }
    with HeldTransaction(_signup(meeting, UserFactory())) as held:
        thread, outcome = run_in_thread(
            lambda: services.comment_settings_set(actor=clerk, meeting=meeting, **values)
        )
        assert not outcome["done"].wait(BLOCKED), "closing sign-up did not wait"
        held.release()
        assert outcome["done"].wait(QUICK)
    thread.join()
    assert "error" not in outcome
    with pytest.raises(ValidationError):
        _signup(meeting, UserFactory())()
