from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from advisory.models import Poll, PollVote
from advisory.selectors.polls import poll_results
from advisory.services.polls import poll_close, poll_create, poll_vote
from cms.models import Notification
from tests.conftest import login
from tests.factories import AdvisoryGroupFactory, MembershipFactory, UserFactory

ALREADY_VOTED = "You have already voted in this poll."


def make_poll(group, actor, *, open_now=True, choices=("Monday", "Tuesday", "Wednesday"), **kw):
    now = timezone.now()
    fields = {
        "question": "Which evening suits you?",
        "language": "en",
        "kind": "single",
        "results_shown": "after_vote",
        "opens_at": now - timedelta(hours=1) if open_now else now + timedelta(days=1),
        "closes_at": now + timedelta(days=3),
        "choices": list(choices),
        "translations": None,
    }
    fields.update(kw)
    return poll_create(actor=actor, group=group, **fields)


def choice_ids(poll) -> list[int]:
    return list(poll.choices.order_by("order").values_list("pk", flat=True))


def url(group, poll=None, suffix="", lang="en") -> str:
    base = f"/{lang}/groups/{group.slug}/polls/"
    return base + (f"{poll.pk}/" if poll else "") + suffix


# Permission matrix ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("member", 200),
        ("other_member", 404),
        ("facilitator", 200),
        ("leader", 404),
        ("staff", 200),
    ],
)
def test_only_the_groups_people_and_staff_see_its_polls(
    client, home, people, group, mfa_ok, who, status
):
    poll = make_poll(group, people["facilitator"])
    login(client, people[who])
    assert client.get(url(group)).status_code == status
    assert client.get(url(group, poll)).status_code == status


def test_anonymous_is_sent_to_sign_in_for_polls(client, home, people, group):
    poll = make_poll(group, people["facilitator"])
    for address in (url(group), url(group, poll), url(group, suffix="new/")):
        response = client.get(address)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("member", 404),
        ("other_member", 404),
        ("facilitator", 200),
        ("leader", 404),
        ("staff", 200),
    ],
)
def test_only_facilitators_and_staff_reach_the_new_poll_page(
    client, home, people, group, mfa_ok, who, status
):
    login(client, people[who])
    assert client.get(url(group, suffix="new/")).status_code == status


@pytest.mark.parametrize(
    ("who", "allowed"),
    [
        ("member", False),
        ("other_member", False),
        ("facilitator", True),
        ("leader", False),
        ("staff", True),
    ],
)
def test_only_facilitators_and_admins_may_create_a_poll(people, group, who, allowed):
    if allowed:
        assert make_poll(group, people[who]).pk
    else:
        with pytest.raises(PermissionDenied):
            make_poll(group, people[who])
        assert Poll.objects.count() == 0


@pytest.mark.parametrize(
    ("who", "allowed"),
    [
        ("member", True),
        ("other_member", False),
        ("facilitator", True),
        ("leader", False),
        # An administrator manages polls but never votes in a group they are not in.
        ("staff", False),
    ],
)
def test_only_the_groups_people_may_vote(people, group, who, allowed):
    poll = make_poll(group, people["facilitator"])
    if allowed:
        poll_vote(actor=people[who], poll=poll, choice_ids=choice_ids(poll)[:1])
        assert PollVote.objects.filter(poll=poll, member=people[who]).exists()
    else:
        with pytest.raises(PermissionDenied):
            poll_vote(actor=people[who], poll=poll, choice_ids=choice_ids(poll)[:1])
        assert PollVote.objects.count() == 0


@pytest.mark.parametrize("who", ["member", "other_member", "leader"])
def test_only_facilitators_may_close_a_poll(people, group, who):
    poll = make_poll(group, people["facilitator"])
    closes_at = poll.closes_at
    with pytest.raises(PermissionDenied):
        poll_close(actor=people[who], poll=poll)
    poll.refresh_from_db()
    assert poll.closes_at == closes_at


def test_another_groups_poll_is_not_found_through_this_groups_address(
    client, home, people, group, mfa_ok
):
    other_group = AdvisoryGroupFactory()
    other_facilitator = UserFactory()
    MembershipFactory(group=other_group, user=other_facilitator, role="facilitator")
    foreign = make_poll(other_group, other_facilitator)
    login(client, people["facilitator"])
    assert client.get(url(group, foreign)).status_code == 404
    assert client.post(url(group, foreign), {"choices": choice_ids(foreign)[0]}).status_code == 404
    assert client.post(url(group, foreign, "close/")).status_code == 404
    assert PollVote.objects.count() == 0


# Creating ------------------------------------------------------------------------------


def test_a_poll_needs_two_different_choices_and_to_close_after_it_opens(people, group):
    now = timezone.now()
    with pytest.raises(ValidationError) as info:
        make_poll(
            group,
            people["facilitator"],
            choices=["Yes", " ", "Yes"],
            opens_at=now,
            closes_at=now - timedelta(hours=1),
        )
    errors = info.value.message_dict
    assert errors["choices"] == ["Please give at least two different choices, one per line."]
    assert errors["closes_at"] == ["The poll must close after it opens."]
    assert Poll.objects.count() == 0


def test_a_partial_translation_is_refused_with_a_clear_message(people, group):
    with pytest.raises(ValidationError) as info:
        make_poll(
            group,
            people["facilitator"],
            translations={"es": {"question": "¿Qué noche?", "choices": ["Lunes"]}},
        )
    assert "(3 lines)" in info.value.message_dict["choices_es"][0]
    assert Poll.objects.count() == 0


def test_the_form_keeps_what_was_typed_and_shows_the_error_next_to_the_field(
    client, home, people, group, mfa_ok
):
    login(client, people["facilitator"])
    response = client.post(
        url(group, suffix="new/"),
        {
            "question": "Best time?",
            "language": "en",
            "kind": "single",
            "results_shown": "after_vote",
            "opens_at": "2030-01-01T18:00",
            "closes_at": "2030-01-02T18:00",
            "choices": "Morning\n",
            "question_es": "¿Mejor hora?",
        },
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "Please give at least two different choices, one per line." in body
    assert 'id="id_choices-errors"' in body
    assert 'value="Best time?"' in body and "Morning" in body
    assert 'value="¿Mejor hora?"' in body
    assert Poll.objects.count() == 0


def test_a_facilitator_creates_a_poll_with_a_translation_through_the_page(
    client, home, people, group, mfa_ok
):
    login(client, people["facilitator"])
    response = client.post(
        url(group, suffix="new/"),
        {
            "question": "Best time?",
            "language": "en",
            "kind": "multiple",
            "results_shown": "after_close",
            "opens_at": "2030-01-01T18:00",
            "closes_at": "2030-01-02T18:00",
            "choices": "Morning\nEvening",
            "question_es": "¿Mejor hora?",
            "choices_es": "Mañana\nTarde",
        },
    )
    poll = Poll.objects.get()
    assert response.status_code == 302 and response["Location"] == url(group, poll)
    assert poll.kind == "multiple" and poll.results_shown == "after_close"
    assert list(poll.choices.values_list("text", flat=True)) == ["Morning", "Evening"]
    assert poll.translations.get().question == "¿Mejor hora?"


# Voting --------------------------------------------------------------------------------


def test_voting_before_the_poll_opens_is_refused(people, group):
    poll = make_poll(group, people["facilitator"], open_now=False)
    with pytest.raises(ValidationError) as info:
        poll_vote(actor=people["member"], poll=poll, choice_ids=choice_ids(poll)[:1])
    assert info.value.message_dict["choices"] == ["This poll is not open yet."]
    assert PollVote.objects.count() == 0


def test_voting_after_the_poll_closes_is_refused(people, group):
    poll = make_poll(group, people["facilitator"])
    with pytest.raises(ValidationError) as info:
        poll_vote(
            actor=people["member"],
            poll=poll,
            choice_ids=choice_ids(poll)[:1],
            now=poll.closes_at,
        )
    assert info.value.message_dict["choices"] == ["This poll is closed."]
    assert PollVote.objects.count() == 0


def test_a_closed_poll_refuses_votes(people, group):
    poll = make_poll(group, people["facilitator"])
    poll_close(actor=people["facilitator"], poll=poll)
    with pytest.raises(ValidationError):
        poll_vote(actor=people["member"], poll=poll, choice_ids=choice_ids(poll)[:1])
    with pytest.raises(ValidationError) as info:
        poll_close(actor=people["facilitator"], poll=poll)
    assert info.value.messages == ["This poll is already closed."]


def test_a_single_choice_poll_takes_exactly_one_answer(people, group):
    poll = make_poll(group, people["facilitator"])
    with pytest.raises(ValidationError) as info:
        poll_vote(actor=people["member"], poll=poll, choice_ids=choice_ids(poll)[:2])
    assert info.value.message_dict["choices"] == ["Please choose only one answer."]
    with pytest.raises(ValidationError):
        poll_vote(actor=people["member"], poll=poll, choice_ids=[])
    assert PollVote.objects.count() == 0


def test_a_multiple_choice_poll_takes_several_answers(people, group):
    poll = make_poll(group, people["facilitator"], kind="multiple")
    ids = choice_ids(poll)
    vote = poll_vote(actor=people["member"], poll=poll, choice_ids=ids[:2])
    assert sorted(vote.choices.values_list("pk", flat=True)) == ids[:2]


def test_a_choice_from_another_poll_is_refused(people, group):
    poll = make_poll(group, people["facilitator"], kind="multiple")
    other = make_poll(group, people["facilitator"], choices=["A", "B"])
    with pytest.raises(ValidationError) as info:
        poll_vote(
            actor=people["member"],
            poll=poll,
            choice_ids=[choice_ids(poll)[0], choice_ids(other)[0]],
        )
    assert info.value.message_dict["choices"] == ["Please choose from this poll's answers."]
    assert PollVote.objects.count() == 0


def test_a_second_vote_is_refused_with_a_message(people, group):
    poll = make_poll(group, people["facilitator"])
    ids = choice_ids(poll)
    poll_vote(actor=people["member"], poll=poll, choice_ids=ids[:1])
    with pytest.raises(ValidationError) as info:
        poll_vote(actor=people["member"], poll=poll, choice_ids=ids[1:2])
    assert info.value.message_dict["choices"] == [ALREADY_VOTED]
    vote = PollVote.objects.get()
    assert list(vote.choices.values_list("pk", flat=True)) == ids[:1]


def test_a_racing_double_submit_is_refused_with_the_same_message(people, group, monkeypatch):
    """The existence check passed in both requests; the unique constraint decides."""
    poll = make_poll(group, people["facilitator"])
    ids = choice_ids(poll)
    poll_vote(actor=people["member"], poll=poll, choice_ids=ids[:1])
    from django.db.models import QuerySet

    real_exists = QuerySet.exists

    def blind_exists(self):
        return False if self.model is PollVote else real_exists(self)

    monkeypatch.setattr(QuerySet, "exists", blind_exists)
    with pytest.raises(ValidationError) as info:
        poll_vote(actor=people["member"], poll=poll, choice_ids=ids[1:2])
    assert info.value.message_dict["choices"] == [ALREADY_VOTED]
    assert PollVote.objects.count() == 1


def test_a_member_votes_on_the_page_and_then_sees_the_results(client, home, people, group):
    poll = make_poll(group, people["facilitator"])
    ids = choice_ids(poll)
    login(client, people["member"])
    page = client.get(url(group, poll)).content.decode()
    assert 'type="radio"' in page and "Results are shown after you vote." in page
    response = client.post(url(group, poll), {"choices": str(ids[1])})
    assert response.status_code == 302
    page = client.get(url(group, poll)).content.decode()
    assert "Thank you. Your vote was counted." in page
    assert "1 vote (100%)" in page and "0 votes (0%)" in page
    assert '<meter class="poll-results__bar" min="0" max="100" value="100"' in page
    assert 'type="radio"' not in page
    # Votes are secret: nobody's name appears next to the results.
    assert people["member"].display_name not in page.split("Results")[-1]


def test_a_second_vote_on_the_page_shows_the_message_and_changes_nothing(
    client, home, people, group
):
    poll = make_poll(group, people["facilitator"], kind="multiple")
    ids = choice_ids(poll)
    poll_vote(actor=people["member"], poll=poll, choice_ids=ids[:1])
    login(client, people["member"])
    response = client.post(url(group, poll), {"choices": [str(ids[1])]})
    assert response.status_code == 200
    assert ALREADY_VOTED in response.content.decode()
    assert list(PollVote.objects.get().choices.values_list("pk", flat=True)) == ids[:1]


def test_the_vote_page_shows_checkboxes_for_a_multiple_choice_poll(client, home, people, group):
    poll = make_poll(group, people["facilitator"], kind="multiple")
    login(client, people["member"])
    page = client.get(url(group, poll)).content.decode()
    assert page.count('type="checkbox"') == 3 and 'type="radio"' not in page
    response = client.post(url(group, poll), {})
    assert "Please choose at least one answer." in response.content.decode()


def test_a_facilitator_closes_a_poll_from_its_page(client, home, people, group, mfa_ok):
    poll = make_poll(group, people["facilitator"])
    login(client, people["facilitator"])
    response = client.post(url(group, poll, "close/"))
    assert response.status_code == 302
    poll.refresh_from_db()
    assert poll.closes_at <= timezone.now()
    assert "This poll is closed." in client.get(url(group, poll)).content.decode()


def test_members_cannot_close_a_poll_from_the_page(client, home, people, group):
    poll = make_poll(group, people["facilitator"])
    login(client, people["member"])
    assert client.post(url(group, poll, "close/")).status_code == 404
    assert client.get(url(group, poll, "close/")).status_code == 405


# Results -------------------------------------------------------------------------------


def test_results_are_hidden_until_the_member_votes(people, group):
    poll = make_poll(group, people["facilitator"])
    ids = choice_ids(poll)
    now = timezone.now()
    other = UserFactory()
    MembershipFactory(group=group, user=other)
    poll_vote(actor=other, poll=poll, choice_ids=ids[:1])
    assert poll_results(poll, people["member"], now) is None
    poll_vote(actor=people["member"], poll=poll, choice_ids=ids[:1])
    results = poll_results(poll, people["member"], now)
    assert [(r.text, r.votes, r.percent) for r in results] == [
        ("Monday", 2, 100),
        ("Tuesday", 0, 0),
        ("Wednesday", 0, 0),
    ]


def test_results_shown_after_close_stay_hidden_until_the_poll_closes(people, group):
    poll = make_poll(group, people["facilitator"], results_shown="after_close")
    ids = choice_ids(poll)
    poll_vote(actor=people["member"], poll=poll, choice_ids=ids[:1])
    assert poll_results(poll, people["member"], timezone.now()) is None
    assert poll_results(poll, people["member"], poll.closes_at) is not None


def test_facilitators_and_staff_always_see_the_totals(people, group):
    poll = make_poll(group, people["facilitator"], results_shown="after_close")
    now = timezone.now()
    assert poll_results(poll, people["facilitator"], now) is not None
    assert poll_results(poll, people["staff"], now) is not None


def test_results_of_a_closed_poll_are_shown_to_members_who_did_not_vote(
    client, home, people, group
):
    poll = make_poll(group, people["facilitator"])
    poll_vote(actor=people["facilitator"], poll=poll, choice_ids=choice_ids(poll)[:1])
    poll_close(actor=people["facilitator"], poll=poll)
    login(client, people["member"])
    page = client.get(url(group)).content.decode()
    assert "1 person has voted." in page and "1 vote (100%)" in page


# Languages and escaping ----------------------------------------------------------------


def test_a_spanish_reader_sees_the_translation_and_others_the_marked_original(
    client, home, people, group
):
    poll = make_poll(
        group,
        people["facilitator"],
        choices=["Monday", "Tuesday"],
        translations={
            "es": {"question": "¿Qué noche le conviene?", "choices": ["Lunes", "Martes"]}
        },
    )
    login(client, people["member"])
    spanish = client.get(url(group, poll, lang="es")).content.decode()
    assert "¿Qué noche le conviene?" in spanish and "Lunes" in spanish
    assert "Which evening suits you?" not in spanish

    vietnamese = client.get(url(group, poll, lang="vi")).content.decode()
    assert '<h1 id="poll-question" lang="en" dir="ltr">Which evening suits you?</h1>' in vietnamese
    assert 'lang="en" dir="ltr">Monday</label>' in vietnamese

    arabic_list = client.get(url(group, lang="ar")).content.decode()
    assert 'lang="en" dir="ltr"><a href="/ar/groups/' in arabic_list


def test_a_question_with_a_script_tag_is_shown_as_text(client, home, people, group):
    poll = make_poll(
        group,
        people["facilitator"],
        question="<script>alert(1)</script>?",
        choices=["<b>yes</b>", "no"],
    )
    login(client, people["member"])
    for address in (url(group), url(group, poll)):
        page = client.get(address).content.decode()
        assert "<script>alert(1)</script>" not in page
        assert "&lt;script&gt;alert(1)&lt;/script&gt;?" in page
    assert "&lt;b&gt;yes&lt;/b&gt;" in page and "<b>yes</b>" not in page


# Queries -------------------------------------------------------------------------------


def _list_queries(client, group, count: int, facilitator, member) -> int:
    Poll.objects.all().delete()
    for i in range(count):
        poll = make_poll(group, facilitator, question=f"Question {i}")
        if i % 2:
            poll_vote(actor=member, poll=poll, choice_ids=choice_ids(poll)[:1])
    client.get(url(group))  # warm caches (sessions, site, content types)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url(group))
    assert response.content.decode().count('class="card"') == count
    return len(ctx.captured_queries)


def test_the_poll_list_runs_the_same_number_of_queries_for_3_and_50_polls(
    client, home, people, group
):
    login(client, people["member"])
    few = _list_queries(client, group, 3, people["facilitator"], people["member"])
    many = _list_queries(client, group, 50, people["facilitator"], people["member"])
    assert few == many


# Notifications -------------------------------------------------------------------------


def test_members_are_told_of_an_open_poll_in_their_language(
    people, group, settings, django_capture_on_commit_callbacks
):
    spanish = UserFactory(preferred_language="es")
    korean = UserFactory(preferred_language="ko")
    for person in (spanish, korean):
        MembershipFactory(group=group, user=person)
    with django_capture_on_commit_callbacks(execute=True):
        poll = make_poll(
            group,
            people["facilitator"],
            choices=["Monday", "Tuesday"],
            translations={"es": {"question": "¿Qué noche?", "choices": ["Lunes", "Martes"]}},
        )
    spanish_note = Notification.objects.get(recipient=spanish, kind="advisory.poll_opened")
    assert spanish_note.language == "es"
    assert "¿Qué noche?" in spanish_note.body and "Which evening" not in spanish_note.body
    site = settings.SITE_URL.rstrip("/")
    assert f"{site}/es/groups/{group.slug}/polls/{poll.pk}/" in spanish_note.body
    assert spanish_note.url == f"{site}/es/groups/{group.slug}/polls/{poll.pk}/"

    korean_note = Notification.objects.get(recipient=korean, kind="advisory.poll_opened")
    assert "Which evening suits you?" in korean_note.body
    with translation.override("ko"):
        pending = translation.gettext(
            "Translation pending: the question is shown in the language it was written in."
        )
    assert pending in korean_note.body and pending not in spanish_note.body
    assert f"/ko/groups/{group.slug}/polls/{poll.pk}/" in korean_note.url
    recipients = set(Notification.objects.values_list("recipient", flat=True))
    assert people["other_member"].pk not in recipients
    assert people["member"].pk in recipients


def test_a_poll_that_opens_later_sends_no_notice_now(people, group):
    make_poll(group, people["facilitator"], open_now=False)
    assert not Notification.objects.filter(kind="advisory.poll_opened").exists()
