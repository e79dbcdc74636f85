from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone

from advisory.models import GroupPage
from meetings.models import (
    BoardIndexPage,
    InterpreterLanguage,
    InterpreterProfile,
    MeetingIndexPage,
    MeetingPage,
)
from tests.conftest import build_site
from tests.factories import MembershipFactory, UserFactory


def publish(page):
    page.save_revision().publish()
    return page


def add_meeting(parent, title="Family meeting", *, starts_at=None, hours=2, **fields):
    starts_at = starts_at or (timezone.now() + timedelta(days=7)).replace(microsecond=0)
    page = MeetingPage(
        title=title,
        slug=fields.pop("slug", None)
        or f"m-{title.lower().replace(' ', '-')}-{starts_at:%Y%m%d%H%M}",
        starts_at=starts_at,
        ends_at=fields.pop("ends_at", None) or starts_at + timedelta(hours=hours),
        **fields,
    )
    parent.add_child(instance=page)
    return publish(page)


def make_interpreter(*languages, verified=True, verifier=None, **user_fields):
    user = UserFactory(roles=["interpreter"], **user_fields)
    profile = InterpreterProfile.objects.create(user=user)
    for code in languages:
        InterpreterLanguage.objects.create(
            profile=profile,
            language=code,
            modes=["consecutive"],
            verified_by=verifier or (UserFactory(roles=["coordinator"]) if verified else None),
            verified_at=timezone.now() if verified else None,
        )
    return user


@pytest.fixture
def site_home(db):
    return build_site()


@pytest.fixture
def group_meetings(site_home, group):
    group_page = publish_child(
        site_home, GroupPage(title="Lincoln families", slug="lincoln", group=group)
    )
    return publish_child(group_page, MeetingIndexPage(title="Meetings", slug="meetings"))


@pytest.fixture
def board(site_home):
    return publish_child(site_home, BoardIndexPage(title="School board", slug="board"))


def publish_child(parent, page):
    parent.add_child(instance=page)
    return publish(page)


@pytest.fixture
def meeting(group_meetings):
    return add_meeting(group_meetings, "Spring meeting", place="Library")


@pytest.fixture
def coordinator(db):
    return UserFactory(display_name="Coordinator", roles=["coordinator"])


@pytest.fixture
def roles(people, group, coordinator):
    """The permission matrix: people of the group, interpreters and a coordinator."""
    return {
        **people,
        "coordinator": coordinator,
        "interpreter_vi": make_interpreter("vi", display_name="Thu", verifier=coordinator),
        "interpreter_unverified": make_interpreter("vi", verified=False, display_name="Unverified"),
    }


def member_of(group, **fields):
    user = UserFactory(**fields)
    MembershipFactory(group=group, user=user)
    return user


# 2026-03-08: clocks in America/New_York go forward at 02:00 (EST -> EDT).
DST_BEFORE = datetime(2026, 3, 5, 23, 0, tzinfo=UTC)  # 18:00 EST
DST_AFTER = datetime(2026, 3, 12, 22, 0, tzinfo=UTC)  # 18:00 EDT


# Public comment (issue 7) -------------------------------------------------------------


def open_comment(meeting, *, now=None, **fields):
    """Public-comment settings for a board meeting, sign-up open from a day ago until
    the meeting starts (unless given)."""
    from meetings.models import PublicCommentSettings

    now = now or timezone.now()
    values = {
        "signup_open": True,
        "opens_at": now - timedelta(days=1),
        "closes_at": meeting.starts_at,
        "speaker_cap": 5,
        "minutes_per_speaker": 3,
        "interpreted_extra_minutes": 2,
        "when_full": "waitlist",
        **fields,
    }
    return PublicCommentSettings.objects.create(meeting_id=meeting.canonical_id, **values)


@pytest.fixture
def board_meeting(board):
    return add_meeting(board, "Board meeting", place="District office")


@pytest.fixture
def clerk(db):
    return UserFactory(display_name="Clerk Claire", roles=["clerk"])
