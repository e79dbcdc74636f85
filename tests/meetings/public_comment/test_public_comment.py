"""Public comment at school-board meetings: the sign-up window and cap, waiting list,
lottery, interpreter demand, the clerk's list and its permissions, exports, the public
view and retention."""

import csv
import io
from datetime import timedelta

import pytest
from django.core import mail
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cms.models import Notification, ScheduledNotice
from meetings.models import CommentLottery, SignupStatus, SpeakerSignup
from meetings.public_comment import services
from meetings.public_comment.export import neutralise, speakers_csv
from meetings.public_comment.selectors import speakers_list
from meetings.selectors import coverage_for, language_demand
from tests.conftest import login
from tests.factories import MembershipFactory, UserFactory
from tests.meetings.conftest import add_meeting, open_comment

pytestmark = pytest.mark.django_db


def sign_up(user, meeting, **fields):
    values = {"called_name": user.display_name or "Someone", "language": "en", **fields}
    return services.comment_signup(actor=user, meeting=meeting, **values)


# Window, cap, duplicates ----------------------------------------------------------------


def test_signing_up_before_the_window_opens_is_refused(board_meeting):
    open_comment(board_meeting, opens_at=timezone.now() + timedelta(hours=1))
    with pytest.raises(ValidationError) as exc:
        sign_up(UserFactory(), board_meeting)
    assert exc.value.messages == ["Sign-up to speak has not opened yet."]
    assert not SpeakerSignup.objects.exists()


def test_signing_up_after_the_window_closes_is_refused(board_meeting):
    comment = open_comment(board_meeting)
    with pytest.raises(ValidationError) as exc:
        sign_up(UserFactory(), board_meeting, now=comment.closes_at + timedelta(seconds=1))
    assert exc.value.messages == ["Sign-up to speak has closed."]


def test_signing_up_while_the_board_has_not_opened_sign_up_is_refused(board_meeting):
    open_comment(board_meeting, signup_open=False)
    with pytest.raises(ValidationError):
        sign_up(UserFactory(), board_meeting)


def test_group_meetings_take_no_public_comment(meeting):
    with pytest.raises(PermissionDenied):
        sign_up(UserFactory(), meeting)


def test_over_the_cap_without_a_waitlist_is_refused(board_meeting):
    open_comment(board_meeting, speaker_cap=2, when_full="refuse")
    sign_up(UserFactory(), board_meeting)
    sign_up(UserFactory(), board_meeting)
    with pytest.raises(ValidationError) as exc:
        sign_up(UserFactory(), board_meeting)
    assert exc.value.messages == ["Sorry, the speakers list is full."]
    assert SpeakerSignup.objects.count() == 2


def test_over_the_cap_with_a_waitlist_waits(board_meeting):
    open_comment(board_meeting, speaker_cap=1)
    first = sign_up(UserFactory(), board_meeting)
    second = sign_up(UserFactory(), board_meeting)
    assert first.status == SignupStatus.SIGNED_UP
    assert second.status == SignupStatus.WAITLISTED


def test_signing_up_twice_for_the_same_meeting_is_refused(board_meeting):
    open_comment(board_meeting)
    user = UserFactory()
    sign_up(user, board_meeting)
    with pytest.raises(ValidationError) as exc:
        sign_up(user, board_meeting)
    assert exc.value.messages == ["You are already signed up to speak at this meeting."]


def test_after_cancelling_a_person_may_sign_up_again(board_meeting):
    open_comment(board_meeting)
    user = UserFactory()
    signup = sign_up(user, board_meeting)
    services.comment_cancel(actor=user, signup=signup)
    again = sign_up(user, board_meeting)
    assert again.status == SignupStatus.SIGNED_UP


def test_remote_comment_is_refused_when_the_board_does_not_allow_it(board_meeting):
    open_comment(board_meeting, remote_allowed=False)
    with pytest.raises(ValidationError) as exc:
        sign_up(UserFactory(), board_meeting, attendance="remote")
    assert exc.value.message_dict["attendance"] == ["This meeting does not take remote comment."]


def test_before_the_window_the_page_says_so_and_offers_no_form(client, board_meeting):
    open_comment(board_meeting, opens_at=timezone.now() + timedelta(hours=1))
    login(client, UserFactory())
    body = client.get(reverse("meetings:comment", args=[board_meeting.pk])).content.decode()
    assert "Sign-up to speak has not opened yet." in body
    assert 'name="called_name"' not in body


def test_a_forged_post_outside_the_window_is_refused_and_keeps_the_text(client, board_meeting):
    open_comment(board_meeting, opens_at=timezone.now() + timedelta(hours=1))
    user = UserFactory()
    login(client, user)
    response = client.post(
        reverse("meetings:comment", args=[board_meeting.pk]),
        {
            "called_name": "Rose",
            "attendance": "in_person",
            "language": "ht",
            "comment_text": "Mwen vle pale",
        },
    )
    assert response.status_code == 400
    assert "Sign-up to speak has not opened yet." in response.content.decode()
    assert "Mwen vle pale" in response.content.decode()
    assert not SpeakerSignup.objects.exists()


def test_a_post_without_the_csrf_token_is_refused(board_meeting):
    from django.test import Client

    open_comment(board_meeting)
    forged = Client(enforce_csrf_checks=True)
    login(forged, UserFactory())
    response = forged.post(
        reverse("meetings:comment", args=[board_meeting.pk]),
        {"called_name": "X", "attendance": "in_person", "language": "en"},
    )
    assert response.status_code == 403
    assert not SpeakerSignup.objects.exists()


def test_a_forged_member_to_sign_up_for_is_refused(client, board_meeting, people):
    """Only a facilitator of the member's group may sign them up; a forged id is an
    invalid choice."""
    open_comment(board_meeting)
    login(client, people["other_member"])
    response = client.post(
        reverse("meetings:comment", args=[board_meeting.pk]),
        {
            "called_name": "X",
            "attendance": "in_person",
            "language": "en",
            "member": str(people["member"].pk),
        },
    )
    assert not SpeakerSignup.objects.filter(user=people["member"]).exists()
    signup = SpeakerSignup.objects.filter(user=people["other_member"]).first()
    assert signup is not None  # the forged field was ignored: they signed up themselves
    with pytest.raises(PermissionDenied):
        services.comment_signup(
            actor=people["other_member"],
            meeting=board_meeting,
            user=people["member"],
            called_name="X",
            language="en",
        )
    assert response.status_code == 302


def test_a_facilitator_signs_up_a_family_of_their_group_and_it_is_recorded(
    client, board_meeting, people, mfa_ok
):
    open_comment(board_meeting)
    login(client, people["facilitator"])
    response = client.post(
        reverse("meetings:comment", args=[board_meeting.pk]),
        {
            "called_name": "Maria's mother",
            "attendance": "in_person",
            "language": "es",
            "needs_interpreter": "on",
            "member": str(people["member"].pk),
        },
    )
    assert response.status_code == 302
    signup = SpeakerSignup.objects.get()
    assert signup.user == people["member"] and signup.added_by == people["facilitator"]


# Notifications ------------------------------------------------------------------------


def test_confirmation_arrives_in_the_speakers_language(
    board_meeting, django_capture_on_commit_callbacks
):
    open_comment(board_meeting)
    user = UserFactory(preferred_language="es", email="ana@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        sign_up(user, board_meeting, called_name="Ana")
    note = Notification.objects.get(recipient=user, kind="meetings.comment_confirmed")
    assert note.language == "es"
    assert "Ana" in note.body
    assert ScheduledNotice.objects.filter(kind="meetings.comment_reminder").count() == 1


def test_a_freed_place_goes_to_the_first_on_the_waiting_list_who_is_told(board_meeting):
    open_comment(board_meeting, speaker_cap=1)
    first_user, second_user = UserFactory(), UserFactory()
    first = sign_up(first_user, board_meeting)
    second = sign_up(second_user, board_meeting)
    services.comment_cancel(actor=first_user, signup=first)
    second.refresh_from_db()
    assert second.status == SignupStatus.SIGNED_UP
    assert Notification.objects.filter(
        recipient=second_user, kind="meetings.comment_promoted"
    ).exists()
    assert not ScheduledNotice.objects.filter(source_key=f"comment:{first.pk}:reminder").exists()


# Interpreter demand -------------------------------------------------------------------


def test_a_signup_needing_an_interpreter_shows_as_a_gap_at_once(board_meeting):
    open_comment(board_meeting)
    assert language_demand([board_meeting])[board_meeting.pk] == {}
    signup = sign_up(UserFactory(), board_meeting, language="ht", needs_interpreter=True)
    sign_up(UserFactory(), board_meeting, language="ht", needs_interpreter=True)
    sign_up(UserFactory(), board_meeting, language="ar", needs_interpreter=False)
    assert language_demand([board_meeting])[board_meeting.pk] == {"ht": 2}
    coverage = coverage_for([board_meeting])[0]
    assert [(r.language, r.requested, r.is_gap) for r in coverage.rows] == [("ht", 2, True)]
    services.comment_cancel(actor=signup.user, signup=signup)
    assert language_demand([board_meeting])[board_meeting.pk] == {"ht": 1}


# Ordering, times, lottery ---------------------------------------------------------------


def test_the_list_gives_cumulative_start_minutes_with_interpreted_extra_time(board_meeting):
    open_comment(board_meeting, minutes_per_speaker=3, interpreted_extra_minutes=2)
    sign_up(UserFactory(), board_meeting)
    sign_up(UserFactory(), board_meeting, language="ht", needs_interpreter=True)
    sign_up(UserFactory(), board_meeting)
    listing = speakers_list(board_meeting, board_meeting.public_comment)
    assert [(s.start_minute, s.minutes) for s in listing.speakers] == [(0, 3), (3, 5), (8, 3)]
    assert listing.total_minutes == 11


def test_by_agenda_item_speakers_are_ordered_by_the_agenda(board):
    meeting = add_meeting(
        board,
        "Agenda meeting",
        agenda=[
            ("item", {"title": "Budget"}),
            ("item", {"title": "Buses"}),
        ],
    )
    open_comment(meeting, order="agenda")
    a = sign_up(UserFactory(), meeting, agenda_item="Buses")
    b = sign_up(UserFactory(), meeting, agenda_item="Something else")
    c = sign_up(UserFactory(), meeting, agenda_item="Budget")
    d = sign_up(UserFactory(), meeting, agenda_item="Buses")
    listing = speakers_list(meeting, meeting.public_comment)
    assert [s.signup.pk for s in listing.speakers] == [c.pk, a.pk, d.pk, b.pk]


def test_the_clerk_reorders_and_advances_the_queue(board_meeting, clerk):
    open_comment(board_meeting)
    a, b, c = (sign_up(UserFactory(), board_meeting) for _ in range(3))
    services.speaker_move(actor=clerk, signup=c, up=True)
    listing = speakers_list(board_meeting, board_meeting.public_comment)
    assert [s.signup.pk for s in listing.speakers] == [a.pk, c.pk, b.pk]
    assert services.queue_advance(actor=clerk, meeting=board_meeting).pk == a.pk
    assert services.queue_advance(actor=clerk, meeting=board_meeting).pk == c.pk
    a.refresh_from_db()
    assert a.status == SignupStatus.SPOKE
    services.speaker_mark(actor=clerk, signup=b, status="no_show")
    assert services.queue_advance(actor=clerk, meeting=board_meeting) is None
    statuses = dict(SpeakerSignup.objects.values_list("pk", "status"))
    assert statuses == {a.pk: "spoke", b.pk: "no_show", c.pk: "spoke"}


def test_the_lottery_is_seeded_recorded_and_reproducible(board_meeting, clerk):
    comment = open_comment(board_meeting, speaker_cap=3, when_full="lottery")
    entries = [sign_up(UserFactory(), board_meeting) for _ in range(7)]
    assert {e.status for e in entries} == {SignupStatus.ENTERED}
    with pytest.raises(ValidationError):  # not before sign-up closes
        services.lottery_draw(actor=clerk, meeting=board_meeting)
    after = comment.closes_at + timedelta(minutes=1)
    lottery = services.lottery_draw(actor=clerk, meeting=board_meeting, seed="audit-42", now=after)
    import random

    expected = random.Random("audit-42").sample([e.pk for e in entries], 3)
    assert lottery.drawn == expected and lottery.is_reproducible()
    listing = speakers_list(board_meeting, comment)
    assert [s.signup.pk for s in listing.speakers] == expected
    assert len(listing.waitlist) == 4
    with pytest.raises(ValidationError):
        services.lottery_draw(actor=clerk, meeting=board_meeting, now=after)
    assert CommentLottery.objects.count() == 1


# Permission matrix --------------------------------------------------------------------

CLERK_ONLY = [
    ("get", "meetings:comment_clerk", False),
    ("get", "meetings:comment_settings", False),
    ("get", "meetings:comment_csv", False),
    ("post", "meetings:comment_advance", False),
    ("post", "meetings:comment_mark", True),
    ("post", "meetings:comment_move", True),
]


@pytest.mark.parametrize(
    "who, allowed",
    [
        ("anonymous", False),
        ("member", False),
        ("other_member", False),
        ("facilitator", False),
        ("leader", False),
        ("coordinator", False),
        ("clerk", True),
        ("staff", True),
    ],
)
def test_only_clerks_use_the_clerks_tools(
    client, board_meeting, people, clerk, who, allowed, mfa_ok
):
    open_comment(board_meeting)
    signup = sign_up(UserFactory(), board_meeting)
    users = {**people, "clerk": clerk, "coordinator": UserFactory(roles=["coordinator"])}
    if users[who] is not None:
        login(client, users[who])
    for method, name, with_signup in CLERK_ONLY:
        args = [board_meeting.pk, signup.pk] if with_signup else [board_meeting.pk]
        data = {"status": "called", "direction": "up"} if method == "post" else None
        response = getattr(client, method)(reverse(name, args=args), data)
        if allowed:
            assert response.status_code in (200, 302), name
        elif who == "anonymous":
            assert response.status_code == 302 and "login" in response["Location"], name
        else:
            assert response.status_code == 404, name
    signup.refresh_from_db()
    assert (signup.status != SignupStatus.SIGNED_UP) is allowed


def test_services_refuse_non_clerks(board_meeting, people):
    open_comment(board_meeting)
    signup = sign_up(UserFactory(), board_meeting)
    for user in (people["member"], people["facilitator"], people["leader"]):
        with pytest.raises(PermissionDenied):
            services.speaker_mark(actor=user, signup=signup, status="called")
        with pytest.raises(PermissionDenied):
            services.queue_advance(actor=user, meeting=board_meeting)
        with pytest.raises(PermissionDenied):
            services.speaker_move(actor=user, signup=signup, up=True)


def test_a_person_cannot_cancel_someone_elses_signup(client, board_meeting, people):
    open_comment(board_meeting)
    signup = sign_up(people["member"], board_meeting)
    login(client, people["other_member"])
    response = client.post(reverse("meetings:comment_cancel", args=[board_meeting.pk, signup.pk]))
    assert response.status_code == 404
    signup.refresh_from_db()
    assert signup.status == SignupStatus.SIGNED_UP


# Public view --------------------------------------------------------------------------


def test_the_public_sees_counts_and_never_names(client, board_meeting):
    open_comment(board_meeting, speaker_cap=5)
    sign_up(
        UserFactory(), board_meeting, called_name="Zora Secretname", comment_text="Private words"
    )
    response = client.get(reverse("meetings:comment", args=[board_meeting.pk]))
    body = response.content.decode()
    assert "1 person signed up" in body and "4 places left" in body
    assert "Zora Secretname" not in body and "Private words" not in body
    queue = client.get(reverse("meetings:queue", args=[board_meeting.pk])).content.decode()
    assert "Zora Secretname" not in queue


def test_names_are_published_only_after_the_meeting_when_the_board_chooses(client, board, clerk):
    start = timezone.now() + timedelta(hours=1)
    meeting = add_meeting(board, "Soon", starts_at=start, hours=1)
    comment = open_comment(meeting, publish_speakers=True)
    signup = sign_up(UserFactory(), meeting, called_name="Zora Secretname")
    services.queue_advance(actor=clerk, meeting=meeting)
    url = reverse("meetings:comment", args=[meeting.pk])
    assert "Zora Secretname" not in client.get(url).content.decode()
    type(meeting).objects.filter(pk=meeting.pk).update(
        starts_at=timezone.now() - timedelta(hours=3), ends_at=timezone.now() - timedelta(hours=2)
    )
    services.queue_advance(actor=clerk, meeting=meeting)
    assert "Zora Secretname" in client.get(url).content.decode()
    comment.publish_speakers = False
    comment.save()
    assert "Zora Secretname" not in client.get(url).content.decode()
    assert signup.pk


def test_names_and_comments_are_escaped_on_the_clerks_list(client, board_meeting, clerk):
    open_comment(board_meeting)
    sign_up(
        UserFactory(),
        board_meeting,
        called_name="<script>alert(1)</script>",
        comment_text="<b>bold</b>",
    )
    login(client, clerk)
    body = client.get(reverse("meetings:comment_clerk", args=[board_meeting.pk])).content.decode()
    assert "<script>alert(1)</script>" not in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body
    assert "&lt;b&gt;bold&lt;/b&gt;" in body


def test_the_clerks_list_says_why_each_person_left_it(client, board_meeting, clerk):
    """A clerk reads who cancelled and who withdrew, not a bare list of names."""
    open_comment(board_meeting)
    leaving, staying, cancelling = (sign_up(UserFactory(), board_meeting) for _ in range(3))
    services.speaker_mark(actor=clerk, signup=leaving, status="withdrew")
    services.comment_cancel(actor=cancelling.user, signup=cancelling)
    login(client, clerk)
    body = client.get(reverse("meetings:comment_clerk", args=[board_meeting.pk])).content.decode()
    withdrawn = body.split("Cancelled or withdrew", 1)[1]
    assert f"{leaving.called_name}</span> · Withdrew" in withdrawn
    assert f"{cancelling.called_name}</span> · Cancelled" in withdrawn
    assert staying.called_name not in withdrawn


# Exports ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value", ['=HYPERLINK("http://x")', "+1+1", "-2", "@SUM(A1)", "\tx", "\rx"]
)
def test_csv_cells_that_a_spreadsheet_would_run_are_neutralised(value):
    assert neutralise(value) == "'" + value
    assert neutralise("Rose") == "Rose"


def test_the_csv_export_neutralises_names_and_comments(client, board_meeting, clerk):
    open_comment(board_meeting)
    sign_up(UserFactory(), board_meeting, called_name="=cmd|' /C calc'!A0", comment_text="@evil")
    login(client, clerk)
    response = client.get(reverse("meetings:comment_csv", args=[board_meeting.pk]))
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[1][3] == "'=cmd|' /C calc'!A0"
    assert rows[1][-1] == "'@evil"
    assert not any(cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row)


def test_speakers_csv_lists_the_waiting_list_after_the_speakers(board_meeting):
    open_comment(board_meeting, speaker_cap=1)
    sign_up(UserFactory(), board_meeting, called_name="First")
    sign_up(UserFactory(), board_meeting, called_name="Second")
    rows = list(
        csv.reader(
            io.StringIO(speakers_csv(speakers_list(board_meeting, board_meeting.public_comment)))
        )
    )
    assert [r[3] for r in rows[1:]] == ["First", "Second"]


def test_the_pdf_renders_arabic_and_chinese_names(client, board_meeting, clerk):
    pypdf = pytest.importorskip("pypdf")
    open_comment(board_meeting)
    sign_up(UserFactory(), board_meeting, called_name="فاطمة الزهراء", language="ar")
    sign_up(UserFactory(), board_meeting, called_name="王小明", language="zh-hans")
    sign_up(UserFactory(), board_meeting, called_name="<b>Rose</b>", language="ht")
    login(client, clerk)
    response = client.get(reverse("meetings:comment_pdf", args=[board_meeting.pk]))
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    text = "".join(
        page.extract_text() for page in pypdf.PdfReader(io.BytesIO(response.content)).pages
    )
    assert "王小明" in text
    assert "فاطمة" in text or "ةمطاف" in text  # extraction order varies, the glyphs are there
    assert "<b>Rose</b>" in text


# Query counts -------------------------------------------------------------------------


def _clerk_page_queries(client, meeting) -> int:
    cache.clear()  # count the full work, not the cached list (tests/meetings/test_page_cache)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(reverse("meetings:comment_clerk", args=[meeting.pk]))
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_the_clerks_list_takes_the_same_queries_for_3_and_50_speakers(client, board, clerk):
    small = add_meeting(board, "Small")
    big = add_meeting(board, "Big", starts_at=small.starts_at + timedelta(days=1))
    facilitator = UserFactory()
    from tests.factories import AdvisoryGroupFactory

    group = AdvisoryGroupFactory()
    MembershipFactory(group=group, user=facilitator, role="facilitator")
    for meeting, count in ((small, 3), (big, 50)):
        open_comment(meeting, speaker_cap=100)
        for i in range(count):
            user = UserFactory()
            MembershipFactory(group=group, user=user)
            services.comment_signup(
                actor=facilitator,
                meeting=meeting,
                user=user,
                called_name=f"Speaker {i}",
                language="ht",
                needs_interpreter=i % 2 == 0,
                comment_text="Words",
            )
    login(client, clerk)
    _clerk_page_queries(client, small)  # warm caches (site root, locales)
    assert _clerk_page_queries(client, small) == _clerk_page_queries(client, big)


# Retention ----------------------------------------------------------------------------


def test_retention_deletes_names_and_comments_but_keeps_the_counts(board, settings):
    settings.PUBLIC_COMMENT_RETENTION_DAYS = 30
    start = timezone.now() + timedelta(hours=2)
    meeting = add_meeting(board, "Retained", starts_at=start, hours=1)
    open_comment(meeting)
    speaker = sign_up(
        UserFactory(),
        meeting,
        called_name="Rose",
        language="ht",
        needs_interpreter=True,
        comment_text="Text",
    )
    sign_up(UserFactory(), meeting, called_name="Ali", language="ar")
    before = meeting.ends_at + timedelta(days=29)
    assert services.comment_retention_apply(now=before) == 0
    after = meeting.ends_at + timedelta(days=30, minutes=1)
    assert services.comment_retention_apply(now=after) == 2
    speaker.refresh_from_db()
    assert (speaker.called_name, speaker.comment_text, speaker.user_id) == ("", "", None)
    assert speaker.language == "ht" and speaker.needs_interpreter and speaker.purged_at == after
    assert services.comment_retention_apply(now=after + timedelta(days=1)) == 0  # idempotent
    from meetings.public_comment.selectors import comment_report

    report = {(r["language"], r["status"]): r["people"] for r in comment_report(meeting)}
    assert report == {("ar", "signed_up"): 1, ("ht", "signed_up"): 1}


def test_the_retention_command_runs(board, capsys):
    from django.core.management import call_command

    call_command("purge_public_comments", days=0)
    assert "Cleared 0" in capsys.readouterr().out


def test_no_email_leaks_the_comment_text(board_meeting, django_capture_on_commit_callbacks):
    open_comment(board_meeting)
    user = UserFactory(email="x@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        sign_up(user, board_meeting, comment_text="Secret comment")
    assert all("Secret comment" not in m.body for m in mail.outbox)


# Settings and cancelling through the pages ----------------------------------------------


def test_the_clerk_sets_up_public_comment_and_bad_times_are_refused_with_input_kept(
    client, board_meeting, clerk
):
    login(client, clerk)
    url = reverse("meetings:comment_settings", args=[board_meeting.pk])
    assert client.get(url).status_code == 200
    data = {
        "signup_open": "on",
        "opens_at": "2030-01-02T10:00",
        "closes_at": "2030-01-01T10:00",
        "speaker_cap": "7",
        "minutes_per_speaker": "2",
        "interpreted_extra_minutes": "2",
        "order": "first_come",
        "when_full": "lottery",
    }
    response = client.post(url, data)
    assert response.status_code == 400
    assert "Sign-up must close after it opens." in response.content.decode()
    assert 'value="7"' in response.content.decode()
    data["closes_at"] = "2030-01-03T10:00"
    assert client.post(url, data).status_code == 302
    comment = board_meeting.public_comment
    assert (comment.speaker_cap, comment.when_full, comment.remote_allowed) == (7, "lottery", False)


def test_a_person_cancels_their_own_signup_from_the_page(client, board_meeting):
    open_comment(board_meeting)
    user = UserFactory()
    signup = sign_up(user, board_meeting)
    login(client, user)
    page = client.get(reverse("meetings:comment", args=[board_meeting.pk])).content.decode()
    assert 'id="my-signup"' in page
    response = client.post(reverse("meetings:comment_cancel", args=[board_meeting.pk, signup.pk]))
    assert response.status_code == 302
    signup.refresh_from_db()
    assert signup.status == SignupStatus.CANCELLED


def test_speakers_of_the_meetings_language_need_no_interpreter(board_meeting):
    open_comment(board_meeting)
    signup = sign_up(UserFactory(), board_meeting, language="en", needs_interpreter=True)
    assert signup.needs_interpreter is False


def test_the_queue_page_reads_right_to_left_in_arabic(client, board_meeting, clerk):
    open_comment(board_meeting)
    sign_up(UserFactory(), board_meeting)
    response = client.get(f"/ar/meetings/{board_meeting.pk}/queue/")
    assert response.status_code == 200
    assert '<html lang="ar" dir="rtl"' in response.content.decode()


def test_a_signup_can_start_from_a_recommendation_of_the_persons_group(
    client, board_meeting, people, group
):
    from advisory.models import Recommendation

    open_comment(board_meeting)
    mine = Recommendation.objects.create(
        group=group,
        title="Late buses",
        text="Add a late bus.",
        language="en",
        status="submitted",
        due_on=timezone.localdate() + timedelta(days=30),
        submitted_at=timezone.now(),
    )
    login(client, people["member"])
    page = client.get(reverse("meetings:comment", args=[board_meeting.pk])).content.decode()
    assert "Late buses" in page
    response = client.post(
        reverse("meetings:comment", args=[board_meeting.pk]),
        {
            "called_name": "M",
            "attendance": "in_person",
            "language": "en",
            "recommendation": str(mine.pk),
            "comment_text": "About the late bus",
        },
    )
    assert response.status_code == 302
    assert SpeakerSignup.objects.get(user=people["member"]).recommendation == mine
    services.comment_cancel(
        actor=people["member"], signup=SpeakerSignup.objects.get(user=people["member"])
    )
    again = sign_up(people["member"], board_meeting, recommendation=mine)
    assert again.comment_text == "Add a late bus."  # started from the recommendation
    with pytest.raises(ValidationError):
        sign_up(people["other_member"], board_meeting, recommendation=mine)


def test_the_clerk_sees_which_interpreters_are_still_missing(client, board_meeting, clerk):
    open_comment(board_meeting)
    sign_up(UserFactory(), board_meeting, language="ht", needs_interpreter=True)
    login(client, clerk)
    body = client.get(reverse("meetings:comment_clerk", args=[board_meeting.pk])).content.decode()
    assert "Kreyòl ayisyen: no interpreter yet" in body


def test_group_meetings_have_no_public_comment_pages(client, meeting):
    assert client.get(reverse("meetings:comment", args=[meeting.pk])).status_code == 404
    assert client.get(reverse("meetings:queue", args=[meeting.pk])).status_code == 404


def test_the_reminder_before_the_meeting_is_sent_once_in_the_speakers_language(board_meeting):
    from cms.notifications import scheduled_notices_send_due

    open_comment(board_meeting)
    user = UserFactory(preferred_language="ht")
    sign_up(user, board_meeting, called_name="Rose")
    due = board_meeting.starts_at - timedelta(hours=1)
    assert scheduled_notices_send_due(now=due) == 1
    assert scheduled_notices_send_due(now=due) == 0
    reminder = Notification.objects.get(recipient=user, kind="meetings.comment_reminder")
    assert reminder.language == "ht"


def test_a_reader_chooses_the_agenda_item_in_their_language(client, board):
    from tests.conftest import translate

    meeting = add_meeting(board, "Agenda", agenda=[("item", {"title": "Buses"})])
    open_comment(meeting, order="agenda")
    spanish = translate(meeting, "es", title="Agenda ES")
    spanish.agenda = [("item", {"title": "Autobuses"})]
    spanish.save_revision().publish()
    user = UserFactory()
    login(client, user)
    url = f"/es/meetings/{spanish.pk}/comment/"
    assert '<option value="Buses">Autobuses</option>' in client.get(url).content.decode()
    response = client.post(
        url,
        {"called_name": "Ana", "attendance": "in_person", "language": "es", "agenda_item": "Buses"},
    )
    assert response.status_code == 302
    assert SpeakerSignup.objects.get(user=user).agenda_item == "Buses"


def test_the_retention_task_clears_old_signups(board):
    from meetings.tasks import purge_public_comments

    meeting = add_meeting(board, "Long ago", starts_at=timezone.now() + timedelta(hours=1))
    open_comment(meeting)
    signup = sign_up(UserFactory(), meeting, called_name="Rose", comment_text="Words")
    type(meeting).objects.filter(pk=meeting.pk).update(
        starts_at=timezone.now() - timedelta(days=40),
        ends_at=timezone.now() - timedelta(days=40) + timedelta(hours=2),
    )
    result = purge_public_comments.enqueue()
    assert result.return_value == 1
    signup.refresh_from_db()
    assert (signup.called_name, signup.comment_text) == ("", "")


def test_retention_also_deletes_the_notices_that_repeat_the_name(
    board, django_capture_on_commit_callbacks
):
    from cms.models import Notification, ScheduledNotice

    start = timezone.now() + timedelta(days=3)
    meeting = add_meeting(board, "Notices retained", starts_at=start, hours=1)
    open_comment(meeting)
    other_notice = Notification.objects.create(
        recipient=UserFactory(), kind="cms.test", language="en", line="L", subject="S", body="B"
    )
    with django_capture_on_commit_callbacks(execute=True):
        signup = sign_up(UserFactory(), meeting, called_name="Rose Pierre", language="ht")
    keys = [f"comment:{signup.pk}:confirmed", f"comment:{signup.pk}:reminder"]
    assert Notification.objects.filter(source_key__in=keys).exists()
    assert ScheduledNotice.objects.filter(source_key__in=keys).exists()
    services.comment_retention_apply(now=meeting.ends_at + timedelta(days=31))
    assert not Notification.objects.filter(source_key__in=keys).exists()
    assert not ScheduledNotice.objects.filter(source_key__in=keys).exists()
    assert Notification.objects.filter(pk=other_notice.pk).exists()
