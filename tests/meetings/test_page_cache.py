"""The meetings list and the clerk's speakers list are served from regions cached per
generation (cms/fragments.py, meetings/caching.py). What a reader sees must still be the
truth after every kind of change, and no reader's CSRF token may reach another."""

import re
from datetime import timedelta
from unittest import mock

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cms import fragments
from meetings.models import SpeakerSignup
from meetings.public_comment import services
from meetings.public_comment.services.retention import comment_retention_apply
from tests.conftest import login
from tests.factories import UserFactory
from tests.meetings.conftest import add_meeting, open_comment

pytestmark = pytest.mark.django_db


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    """Run a write as if its transaction committed (the cache moves on then, too)."""

    def run(fn, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return fn(**kwargs)

    return run


def get(client, url) -> tuple[str, int]:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return response.content.decode(), len(ctx.captured_queries)


def names(html: str) -> list[str]:
    return re.findall(r'class="speaker__name"[^>]*>([^<]*)<', html)


@pytest.fixture
def listed(board_meeting, commit):
    open_comment(board_meeting, speaker_cap=10)
    facilitator = UserFactory(display_name="Fatima")
    people = [UserFactory(display_name=n) for n in ("Ana", "Bao")]
    for person in people:
        commit(
            services.comment_signup,
            actor=person,
            meeting=board_meeting,
            called_name=person.display_name,
            language="es",
        )
    return board_meeting, people, facilitator


def test_the_clerks_list_is_cached_and_every_change_shows_at_once(client, clerk, listed, commit):
    meeting, (ana, bao), _facilitator = listed
    url = reverse("meetings:comment_clerk", args=[meeting.pk])
    login(client, clerk)
    first, cold = get(client, url)
    again, warm = get(client, url)
    assert names(first) == names(again) == ["Ana", "Bao"]
    assert warm < cold  # the list itself came from the cache

    carla = UserFactory(display_name="Carla")
    commit(
        services.comment_signup, actor=carla, meeting=meeting, called_name="Carla", language="so"
    )
    assert names(get(client, url)[0]) == ["Ana", "Bao", "Carla"]

    signup_b = SpeakerSignup.objects.get(called_name="Bao")
    commit(services.speaker_move, actor=clerk, signup=signup_b, up=True)
    assert names(get(client, url)[0]) == ["Bao", "Ana", "Carla"]

    commit(services.speaker_mark, actor=clerk, signup=signup_b, status="called")
    html = get(client, url)[0]
    assert re.search(rf'id="speaker-{signup_b.pk}".*?Speaking now', html, re.S)

    comment = meeting.public_comment
    comment.minutes_per_speaker = 4
    commit(comment.save)
    assert "+4 min (4 min)" in get(client, url)[0]  # Ana now starts after Bao's 4 minutes


def test_a_renamed_helper_shows_on_the_cached_list(client, clerk, listed, commit):
    meeting, _people, facilitator = listed
    from tests.factories import AdvisoryGroupFactory, MembershipFactory

    group = AdvisoryGroupFactory()
    MembershipFactory(group=group, user=facilitator, role="facilitator")
    family = UserFactory()
    MembershipFactory(group=group, user=family)
    commit(
        services.comment_signup,
        actor=facilitator,
        meeting=meeting,
        user=family,
        called_name="Dara",
        language="vi",
    )
    url = reverse("meetings:comment_clerk", args=[meeting.pk])
    login(client, clerk)
    assert "Signed up by Fatima" in get(client, url)[0]
    get(client, url)  # cached
    facilitator.display_name = "Fatima N."
    commit(facilitator.save)
    assert "Signed up by Fatima N." in get(client, url)[0]


def test_the_retention_purge_empties_the_cached_list_of_names(client, clerk, board, commit):
    past = add_meeting(board, "Old meeting", starts_at=timezone.now() - timedelta(days=100))
    open_comment(past, opens_at=past.starts_at - timedelta(days=3), closes_at=past.starts_at)
    SpeakerSignup.objects.create(
        meeting=past, user=UserFactory(), called_name="Esperanza", language="es", position=1
    )
    url = reverse("meetings:comment_clerk", args=[past.pk])
    login(client, clerk)
    assert "Esperanza" in get(client, url)[0]
    get(client, url)
    assert commit(comment_retention_apply, days=30) == 1
    assert "Esperanza" not in get(client, url)[0]


def test_each_clerk_posts_with_their_own_token_from_the_cached_list(clerk, listed):
    meeting, _people, _facilitator = listed
    url = reverse("meetings:comment_clerk", args=[meeting.pk])
    other = UserFactory(display_name="Clerk Omar", roles=["clerk"])
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    login(first, clerk)
    login(second, other)
    first.get(url)  # cached with a placeholder, never with the first clerk's token
    html = second.get(url).content.decode()
    assert fragments.CSRF_PLACEHOLDER not in html
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    ana = SpeakerSignup.objects.get(called_name="Ana")
    move = reverse("meetings:comment_move", args=[meeting.pk, ana.pk])
    response = second.post(move, {"csrfmiddlewaretoken": token, "direction": "down"})
    assert response.status_code == 302
    assert (
        SpeakerSignup.objects.get(pk=ana.pk).position
        > SpeakerSignup.objects.get(called_name="Bao").position
    )
    # The row actions post where the named routes say (the view builds them by hand).
    assert f'action="{move}"' in html
    mark = reverse("meetings:comment_mark", args=[meeting.pk, ana.pk])
    assert f'action="{mark}"' in html


def test_the_meetings_list_is_cached_and_follows_publishing_and_the_clock(client, board, commit):
    soon = add_meeting(board, "Budget hearing", starts_at=timezone.now() + timedelta(hours=1))
    url = reverse("meetings:list")
    html, cold = get(client, url)
    assert "Budget hearing" in html
    _html, warm = get(client, url)
    assert warm < cold

    later = commit(
        add_meeting, parent=board, title="Bus routes", starts_at=soon.starts_at + timedelta(days=2)
    )
    assert "Bus routes" in get(client, url)[0]

    commit(later.unpublish)
    assert "Bus routes" not in get(client, url)[0]

    # Once the hearing is over it leaves "upcoming" by itself, with no write at all.
    after = soon.ends_at + timedelta(minutes=1)
    with mock.patch("django.utils.timezone.now", return_value=after):
        html = get(client, url)[0]
    upcoming = html.split('id="past-heading"')[0]
    assert "Budget hearing" not in upcoming


def test_a_new_need_for_an_interpreter_shows_on_the_cached_clerks_page(
    client, clerk, listed, commit
):
    meeting, _people, _facilitator = listed
    url = reverse("meetings:comment_clerk", args=[meeting.pk])
    login(client, clerk)
    assert "no interpreter yet" not in get(client, url)[0]
    get(client, url)
    farah = UserFactory(display_name="Farah")
    commit(
        services.comment_signup,
        actor=farah,
        meeting=meeting,
        called_name="Farah",
        language="ar",
        needs_interpreter=True,
    )
    assert "no interpreter yet" in get(client, url)[0]


def test_a_new_slot_shows_on_the_cached_clerks_page_and_leaves_the_list_cached(
    client, clerk, coordinator, listed, commit
):
    """Coverage (RSVPs, slots, claims) changes far more often than the speakers list before
    a meeting: it re-renders its own region, not the list."""
    from meetings.services.slots import slot_create

    meeting, _people, _facilitator = listed
    url = reverse("meetings:comment_clerk", args=[meeting.pk])
    login(client, clerk)
    assert "no interpreter yet" not in get(client, url)[0]
    commit(slot_create, actor=coordinator, meeting=meeting, language="so")
    with mock.patch(
        "meetings.public_comment.views.clerk_speakers_page", side_effect=AssertionError
    ):
        html, _queries = get(client, url)
    assert "no interpreter yet" in html
    assert names(html) == ["Ana", "Bao"]


@pytest.mark.parametrize("asked", ["abc", "-1", "0", "٣", "9" * 5000, "1" * 20])
def test_odd_page_numbers_show_a_page_and_share_its_cache(client, clerk, listed, asked):
    meeting, _people, _facilitator = listed
    url = reverse("meetings:comment_clerk", args=[meeting.pk])
    login(client, clerk)
    first = get(client, url)[0]
    html, _queries = get(client, f"{url}?page={asked}")
    assert names(html) == names(first) == ["Ana", "Bao"]
