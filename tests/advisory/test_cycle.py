import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from advisory.models import (
    Ballot,
    Comment,
    Concern,
    ContentTranslation,
    Dot,
    ModerationLog,
    Phase,
    RankedPriority,
    Round,
    Support,
)
from advisory.services import cycle as services
from cms.models import Notification
from tests.conftest import login
from tests.factories import MembershipFactory, UserFactory


@pytest.fixture
def round_(group):
    return Round.objects.create(group=group, title="Spring round", phase=Phase.COLLECTING)


def concern(round_, author, title="Buses are late", **extra):
    return services.concern_submit(
        actor=author, round_=round_, title=title, text="Every morning.", language="en", **extra
    )


def member(group, **kwargs):
    user = UserFactory(**kwargs)
    MembershipFactory(group=group, user=user)
    return user


# Phases ------------------------------------------------------------------------------


def test_phases_advance_in_order_and_only_by_the_facilitator(people, group):
    r = Round.objects.create(group=group, title="R")
    with pytest.raises(PermissionDenied):
        services.round_advance(actor=people["member"], round_=r)
    for expected in (Phase.COLLECTING, Phase.VOTING, Phase.CLOSED):
        r = services.round_advance(actor=people["facilitator"], round_=r)
        assert r.phase == expected
    with pytest.raises(ValidationError):
        services.round_advance(actor=people["facilitator"], round_=r)


def test_concerns_only_while_collecting(people, group):
    r = Round.objects.create(group=group, title="R", phase=Phase.VOTING)
    with pytest.raises(ValidationError):
        concern(r, people["member"])
    assert Concern.objects.count() == 0


@pytest.mark.parametrize(
    ("who", "allowed"),
    [
        ("member", True),
        ("facilitator", True),
        ("other_member", False),
        ("leader", False),
        ("staff", False),
    ],
)
def test_who_may_submit_a_concern(people, round_, who, allowed):
    if allowed:
        concern(round_, people[who])
    else:
        with pytest.raises(PermissionDenied):
            concern(round_, people[who])


def test_round_settings_are_checked_by_the_database_too(group):
    from django.db import IntegrityError

    with pytest.raises(IntegrityError):
        Round.objects.create(group=group, title="bad", dot_budget=2, max_dots_per_concern=5)


# Concerns ----------------------------------------------------------------------------


def test_anonymous_concern_hides_the_author_from_members_not_from_facilitators(
    client, home, people, round_, mfa_ok
):
    concern(round_, people["member"], title="Bullying", is_anonymous=True)
    other = member(round_.group, display_name="Curious Parent")
    login(client, other)
    body = client.get(f"/en/groups/{round_.group.slug}/rounds/{round_.pk}/").content.decode()
    assert "Bullying" in body and "A member (name hidden)" in body
    assert people["member"].display_name not in body
    login(client, people["facilitator"])
    body = client.get(f"/en/groups/{round_.group.slug}/rounds/{round_.pk}/").content.decode()
    assert people["member"].display_name in body
    assert "name hidden from members" in body


def test_the_form_says_facilitators_still_see_the_author(client, home, people, round_):
    login(client, people["member"])
    body = client.get(f"/en/groups/{round_.group.slug}/rounds/{round_.pk}/").content.decode()
    assert "The facilitators of the group still see who wrote it" in body


def test_submitting_keeps_the_original_language_and_errors_keep_the_text(
    client, home, people, round_
):
    login(client, people["member"])
    url = f"/es/groups/{round_.group.slug}/rounds/{round_.pk}/"
    response = client.post(url, {"title": "", "text": "El autobús llega tarde", "language": "es"})
    assert response.status_code == 200
    assert "El autobús llega tarde" in response.content.decode()
    response = client.post(
        url, {"title": "Autobús", "text": "El autobús llega tarde", "language": "es"}
    )
    assert response.status_code == 302
    assert Concern.objects.get().language == "es"


def test_non_audio_or_oversized_uploads_are_refused_before_storage(
    people, round_, settings, tmp_path
):
    settings.MEDIA_ROOT = str(tmp_path)
    fake = SimpleUploadedFile("voice.exe", b"MZ...", content_type="application/octet-stream")
    with pytest.raises(ValidationError):
        concern(round_, people["member"], audio=fake)
    big = SimpleUploadedFile("voice.mp3", b"0" * (10 * 1024 * 1024 + 1), content_type="audio/mpeg")
    with pytest.raises(ValidationError):
        concern(round_, people["member"], audio=big)
    assert not any(tmp_path.rglob("*.*"))
    ok = SimpleUploadedFile("voice.m4a", b"\x00\x00\x00\x18ftypM4A ", content_type="audio/mp4")
    saved = concern(round_, people["member"], audio=ok)
    assert saved.audio.name.startswith("concerns/audio/")


def test_support_is_one_per_person_and_can_be_taken_back(people, round_):
    c = concern(round_, people["member"])
    services.concern_support(actor=people["facilitator"], concern=c)
    services.concern_support(actor=people["facilitator"], concern=c)
    assert Support.objects.filter(concern=c).count() == 1
    services.concern_support(actor=people["facilitator"], concern=c, support=False)
    assert Support.objects.filter(concern=c).count() == 0


def test_hidden_concern_shows_its_reason_to_its_author_only(client, home, people, round_, mfa_ok):
    c = concern(round_, people["member"], title="Off-topic")
    services.concern_hide(
        actor=people["facilitator"], concern=c, reason="Please use the lunch survey"
    )
    assert ModerationLog.objects.get(action="hide").actor == people["facilitator"]
    login(client, people["member"])
    body = client.get(f"/en/groups/{round_.group.slug}/concerns/{c.pk}/").content.decode()
    assert "Please use the lunch survey" in body
    other = member(round_.group)
    login(client, other)
    assert client.get(f"/en/groups/{round_.group.slug}/concerns/{c.pk}/").status_code == 404


@pytest.mark.parametrize(
    "who, status",
    [
        ("anonymous", 302),
        ("member", 200),  # its author
        ("fellow", 404),
        ("other_member", 404),
        ("facilitator", 200),
        ("leader", 404),
        ("staff", 200),  # a superuser
    ],
)
def test_who_reads_a_hidden_concern(client, home, people, round_, mfa_ok, who, status):
    c = concern(round_, people["member"], title="Off-topic")
    services.concern_hide(actor=people["facilitator"], concern=c, reason="Lunch survey")
    person = member(round_.group) if who == "fellow" else people[who]
    if person is not None:
        login(client, person)
    response = client.get(f"/en/groups/{round_.group.slug}/concerns/{c.pk}/")
    assert response.status_code == status


def test_merge_moves_supports_comments_and_dots_and_keeps_a_link(people, round_):
    group = round_.group
    a = concern(round_, people["member"], title="Late buses")
    b = concern(round_, people["facilitator"], title="Bus is late")
    fans = [member(group) for _ in range(3)]
    for fan in fans:
        services.concern_support(actor=fan, concern=a)
    services.concern_support(actor=fans[0], concern=b)  # supports both: counted once
    services.comment_add(actor=fans[1], concern=a, text="Same here", language="en")
    round_.phase = Phase.VOTING
    round_.save()
    services.ballot_cast(actor=fans[2], round_=round_, allocation={a.pk: 2, b.pk: 1})
    services.concern_merge(actor=people["facilitator"], source=a, target=b)
    a.refresh_from_db()
    assert a.status == "merged" and a.merged_into == b
    assert Support.objects.filter(concern=b).count() == 3
    assert Comment.objects.filter(concern=b).count() == 1
    assert Dot.objects.get(concern=b).count == 3  # nobody's vote is lost
    assert not Dot.objects.filter(concern=a).exists()


def test_reader_sees_the_original_and_a_labelled_translation(client, home, people, round_):
    c = services.concern_submit(
        actor=people["member"],
        round_=round_,
        title="Autobús",
        text="El autobús llega tarde.",
        language="es",
    )
    ContentTranslation.objects.create(
        concern=c,
        language="ar",
        text="الحافلة تتأخر.",
        status="reviewed",
        translated_by=people["facilitator"],
    )
    reader = member(round_.group, preferred_language="ar")
    login(client, reader)
    body = client.get(f"/ar/groups/{round_.group.slug}/concerns/{c.pk}/").content.decode()
    assert '<div class="user-text" lang="es" dir="ltr"><p>El autobús llega tarde.</p></div>' in body
    assert "الحافلة تتأخر." in body
    with translation.override("ar"):
        assert translation.gettext("Translation, checked by a person") in body


def test_user_text_is_escaped(client, home, people, round_):
    c = concern(round_, people["member"], title="<img src=x onerror=alert(1)>")
    login(client, people["member"])
    body = client.get(f"/en/groups/{round_.group.slug}/concerns/{c.pk}/").content.decode()
    assert "<img src=x" not in body and "&lt;img src=x" in body


def test_another_groups_member_gets_404_everywhere(client, home, people, round_):
    c = concern(round_, people["member"])
    login(client, people["other_member"])
    slug = round_.group.slug
    for url in [
        f"/en/groups/{slug}/",
        f"/en/groups/{slug}/rounds/{round_.pk}/",
        f"/en/groups/{slug}/concerns/{c.pk}/",
        f"/en/groups/{slug}/rounds/{round_.pk}/ballot/",
        f"/en/groups/{slug}/rounds/{round_.pk}/results/",
    ]:
        assert client.get(url).status_code == 404, url
    assert client.post(f"/en/groups/{slug}/concerns/{c.pk}/support/").status_code == 404


# Ballots -----------------------------------------------------------------------------


@pytest.fixture
def voting(people, round_):
    concerns = [concern(round_, people["member"], title=f"C{i}") for i in range(4)]
    round_.phase = Phase.VOTING
    round_.save()
    return round_, concerns


def test_a_member_spends_dots_and_can_change_the_ballot(people, voting):
    r, cs = voting
    services.ballot_cast(actor=people["member"], round_=r, allocation={cs[0].pk: 3, cs[1].pk: 2})
    services.ballot_cast(actor=people["member"], round_=r, allocation={cs[2].pk: 1})
    assert Ballot.objects.filter(round=r).count() == 1
    assert dict(Dot.objects.values_list("concern_id", "count")) == {cs[2].pk: 1}


@pytest.mark.parametrize(
    "allocation, message",
    [
        ({0: 3, 1: 3}, "dots to spend"),
        ({0: 4}, "at most 3"),
        ({0: -1}, "negative"),
    ],
)
def test_over_budget_over_max_or_negative_is_refused(people, voting, allocation, message):
    r, cs = voting
    with pytest.raises(ValidationError) as info:
        services.ballot_cast(
            actor=people["member"],
            round_=r,
            allocation={cs[i].pk: n for i, n in allocation.items()},
        )
    assert message in " ".join(info.value.messages)
    assert not Dot.objects.exists()


def test_votes_outside_the_phase_on_hidden_or_other_rounds_are_refused(people, voting, group):
    r, cs = voting
    services.concern_hide(actor=people["facilitator"], concern=cs[0], reason="dup")
    with pytest.raises(ValidationError):
        services.ballot_cast(actor=people["member"], round_=r, allocation={cs[0].pk: 1})
    other_round = Round.objects.create(group=group, title="Other", phase=Phase.VOTING)
    with pytest.raises(ValidationError):
        services.ballot_cast(actor=people["member"], round_=other_round, allocation={cs[1].pk: 1})
    r.phase = Phase.CLOSED
    r.save()
    with pytest.raises(ValidationError):
        services.ballot_cast(actor=people["member"], round_=r, allocation={cs[1].pk: 1})
    assert not Dot.objects.exists()


@pytest.mark.parametrize(
    ("who", "allowed"),
    [
        ("member", True),
        ("facilitator", False),
        ("other_member", False),
        ("leader", False),
        ("staff", False),
    ],
)
def test_who_may_vote(people, voting, who, allowed):
    r, cs = voting
    if allowed:
        services.ballot_cast(actor=people[who], round_=r, allocation={cs[0].pk: 1})
    else:
        with pytest.raises(PermissionDenied):
            services.ballot_cast(actor=people[who], round_=r, allocation={cs[0].pk: 1})


def test_votes_are_secret_only_totals_are_shown(client, home, people, voting):
    r, cs = voting
    voter = member(r.group, display_name="Secret Voter")
    services.ballot_cast(actor=voter, round_=r, allocation={cs[0].pk: 3})
    login(client, people["member"])
    body = client.get(f"/en/groups/{r.group.slug}/rounds/{r.pk}/results/").content.decode()
    assert "3 dots" in body and "Secret Voter" not in body
    ballot_page = client.get(f"/en/groups/{r.group.slug}/rounds/{r.pk}/ballot/").content.decode()
    assert 'value="3"' not in ballot_page  # someone else's dots never prefill your ballot


def test_ballot_page_shows_errors_and_keeps_what_was_typed(client, home, people, voting):
    r, cs = voting
    login(client, people["member"])
    response = client.post(
        f"/en/groups/{r.group.slug}/rounds/{r.pk}/ballot/", {f"c{cs[0].pk}": 3, f"c{cs[1].pk}": 3}
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "You have 5 dots to spend; this ballot uses 6." in body
    assert body.count('value="3"') == 2


# Ranking -----------------------------------------------------------------------------


def test_closing_freezes_a_ranking_with_ties_and_tells_the_group(
    people, voting, django_capture_on_commit_callbacks
):
    r, (a, b, c, d) = voting
    group = r.group
    voters = [member(group) for _ in range(3)]
    services.ballot_cast(actor=voters[0], round_=r, allocation={a.pk: 3, b.pk: 2})
    services.ballot_cast(actor=voters[1], round_=r, allocation={b.pk: 1, c.pk: 3})
    services.ballot_cast(actor=voters[2], round_=r, allocation={a.pk: 1})
    # a: 4 dots, b: 3, c: 3 (c has more supporters), d: 0
    services.concern_support(actor=voters[0], concern=c)
    with CaptureQueriesContext(connection) as ctx:
        services.round_close(actor=people["facilitator"], round_=r)
    ranking_selects = [q for q in ctx.captured_queries if "SUM(" in q["sql"].upper()]
    assert len(ranking_selects) == 1  # the ranking is one aggregate query
    ranked = list(
        RankedPriority.objects.filter(round=r).values_list("concern_id", "dots", "is_tie")
    )
    assert ranked == [(a.pk, 4, False), (c.pk, 3, True), (b.pk, 3, True), (d.pk, 0, False)]
    r.refresh_from_db()
    assert r.phase == Phase.CLOSED
    assert Notification.objects.filter(kind="advisory.results_published").count() >= 4


def test_results_page_shows_the_frozen_ranking(client, home, people, voting, mfa_ok):
    r, cs = voting
    services.ballot_cast(actor=people["member"], round_=r, allocation={cs[2].pk: 3})
    login(client, people["facilitator"])
    response = client.post(f"/en/groups/{r.group.slug}/rounds/{r.pk}/advance/")
    assert response.status_code == 302
    body = client.get(response["Location"]).content.decode()
    assert "Rank 1" in body and "C2" in body.split("Rank 2")[0]


# Query counts ------------------------------------------------------------------------


def _count(client, url):
    client.get(url)
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx)


@pytest.mark.parametrize("page", ["round", "ballot", "results"])
def test_pages_run_the_same_queries_for_3_and_50_concerns(client, home, people, round_, page):
    login(client, people["member"])
    for i in range(3):
        concern(round_, people["member"], title=f"few {i}")
    if page != "round":
        round_.phase = Phase.VOTING
        round_.save()
    paths = {"round": "", "ballot": "ballot/", "results": "results/"}
    url = f"/en/groups/{round_.group.slug}/rounds/{round_.pk}/{paths[page]}"
    few = _count(client, url)
    Concern.objects.bulk_create(
        [
            Concern(
                round=round_, author=people["member"], title=f"many {i}", text="t", language="en"
            )
            for i in range(47)
        ]
    )
    assert _count(client, url) == few


def test_admin_lists_rounds_concerns_polls_and_the_moderation_log(client, home, people, round_):
    from allauth.mfa.models import Authenticator

    concern(round_, people["member"])
    admin = people["staff"]
    Authenticator.objects.create(user=admin, type=Authenticator.Type.TOTP, data={"secret": "x"})
    login(client, admin)
    for model in ["advisorygroup", "round", "concern", "poll", "moderationlog"]:
        response = client.get(f"/admin/snippets/advisory/{model}/")
        assert response.status_code == 200, model
    assert "Buses are late" in client.get("/admin/snippets/advisory/concern/").content.decode()


def test_ballot_and_results_show_titles_in_the_readers_language(client, home, people, voting):
    r, cs = voting
    ContentTranslation.objects.create(
        concern=cs[0], language="ar", title="الحافلة", text="…", status="reviewed"
    )
    reader = member(r.group, preferred_language="ar")
    login(client, reader)
    assert (
        "الحافلة" in client.get(f"/ar/groups/{r.group.slug}/rounds/{r.pk}/ballot/").content.decode()
    )
    assert (
        "الحافلة"
        in client.get(f"/ar/groups/{r.group.slug}/rounds/{r.pk}/results/").content.decode()
    )
    assert (
        "الحافلة"
        not in client.get(f"/en/groups/{r.group.slug}/rounds/{r.pk}/results/").content.decode()
    )


def test_the_group_home_leads_to_every_part_of_the_group(client, people, group):
    login(client, people["member"])
    body = client.get(f"/es/groups/{group.slug}/").content.decode()
    for href in (
        f"/es/groups/{group.slug}/polls/",
        f"/es/groups/{group.slug}/recommendations/",
        f"/es/meetings/groups/{group.slug}/",
    ):
        assert f'href="{href}"' in body
