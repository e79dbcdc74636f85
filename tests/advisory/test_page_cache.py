"""The concern list and results are served from fragments cached per round generation
(advisory/caching.py). What a reader sees must still be the truth after every kind of
change, and nothing one reader may see may reach another."""

import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from advisory.models import Concern, ContentTranslation, Phase, Round
from advisory.services import cycle as services
from advisory.services import translations as translation_services
from tests.conftest import login
from tests.factories import MembershipFactory, UserFactory


@pytest.fixture
def round_(group):
    return Round.objects.create(group=group, title="Spring round", phase=Phase.COLLECTING)


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    """Run a write as if its transaction committed (the cache moves on only then)."""

    def run(fn, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return fn(**kwargs)

    return run


def submit(commit, round_, author, title="Buses are late", **extra):
    return commit(
        services.concern_submit,
        actor=author,
        round_=round_,
        title=title,
        text="Every morning.",
        language="en",
        **extra,
    )


def page(client, round_, suffix=""):
    response = client.get(f"/en/groups/{round_.group.slug}/rounds/{round_.pk}/{suffix}")
    assert response.status_code == 200
    return response.content.decode()


def test_a_new_support_shows_on_a_list_already_cached(client, people, round_, commit):
    c = submit(commit, round_, people["member"])
    login(client, people["member"])
    assert "0 supporters" in page(client, round_)
    assert "0 supporters" in page(client, round_)  # now from the cache
    commit(services.concern_support, actor=people["facilitator"], concern=c)
    assert "1 supporter" in page(client, round_)


def test_comments_topics_hiding_and_new_concerns_show_at_once(client, people, round_, commit):
    c = submit(commit, round_, people["member"])
    login(client, people["member"])
    page(client, round_)
    commit(services.comment_add, actor=people["facilitator"], concern=c, text="Yes", language="en")
    commit(services.concern_tag, actor=people["facilitator"], concern=c, names=["Transport"])
    body = page(client, round_)
    assert "1 comment" in body and "Transport" in body
    submit(commit, round_, people["facilitator"], title="Lunch is cold")
    assert "Lunch is cold" in page(client, round_)
    commit(services.concern_hide, actor=people["facilitator"], concern=c, reason="Off topic")
    assert "Off topic" in page(client, round_)  # its author sees why


def test_a_reviewed_translation_replaces_the_requested_label(client, people, round_, commit):
    reader = UserFactory(display_name="Fatima", preferred_language="ar", roles=["interpreter"])
    MembershipFactory(group=round_.group, user=reader)
    round_.group.working_languages = ["en", "ar"]
    round_.group.save()
    submit(commit, round_, people["member"])
    login(client, reader)
    ar_page = f"/ar/groups/{round_.group.slug}/rounds/{round_.pk}/"
    before = client.get(ar_page).content.decode()
    t = ContentTranslation.objects.get(language="ar")
    commit(
        translation_services.translation_save,
        actor=reader,
        translation=t,
        title="الحافلات تتأخر",
        text="كل صباح.",
        reviewed=True,
    )
    after = client.get(ar_page).content.decode()
    assert "كل صباح." not in before
    assert "كل صباح." in after


def test_a_hidden_name_is_never_served_from_the_authors_cached_card(client, people, round_, commit):
    submit(commit, round_, people["member"], is_anonymous=True)
    login(client, people["member"])
    assert "Member" in re.sub(r"<header.*?</header>", "", page(client, round_), flags=re.S)
    other = UserFactory(display_name="Lan")
    MembershipFactory(group=round_.group, user=other)
    login(client, other)
    body = page(client, round_)
    assert "A member (name hidden)" in body
    assert ">Member" not in body.split("concern-list")[1]


def test_a_renamed_author_shows_with_the_new_name(client, people, round_, commit, mfa_ok):
    submit(commit, round_, people["member"])
    login(client, people["facilitator"])
    page(client, round_)
    people["member"].display_name = "María José"
    commit(people["member"].save)
    assert "María José" in page(client, round_)


def test_each_reader_gets_their_own_csrf_token_and_the_cached_form_works(
    people, round_, commit, mfa_ok
):
    c = submit(commit, round_, people["member"])
    tokens = []
    for person in (people["member"], people["facilitator"]):
        browser = Client(enforce_csrf_checks=True)
        login(browser, person)
        body = page(browser, round_)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', body).group(1)
        assert "__advisory_csrf_token__" not in body
        tokens.append(token)
        response = browser.post(
            f"/en/groups/{round_.group.slug}/concerns/{c.pk}/support/",
            {"csrfmiddlewaretoken": token, "from": "round"},
        )
        assert response.status_code == 302
    assert tokens[0] != tokens[1]
    assert c.supports.count() == 2


def test_results_show_a_new_ballot_at_once(client, people, round_, commit, mfa_ok):
    c = submit(commit, round_, people["member"])
    round_.phase = Phase.VOTING
    round_.save()
    login(client, people["facilitator"])
    assert "0 dots" in page(client, round_, "results/")
    commit(services.ballot_cast, actor=people["member"], round_=round_, allocation={c.pk: 3})
    body = page(client, round_, "results/")
    assert "3 dots" in body and "1 member has voted" in body


def _count(client, url, *, cold):
    client.get(url)
    if cold:
        cache.clear()
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx)


@pytest.mark.parametrize("cold", [True, False])
@pytest.mark.parametrize("suffix", ["", "results/"])
def test_query_count_is_flat_with_and_without_cached_fragments(
    client, people, round_, commit, cold, suffix
):
    login(client, people["member"])
    for i in range(3):
        submit(commit, round_, people["member"], title=f"few {i}")
    if suffix:
        round_.phase = Phase.VOTING
        round_.save()
    url = f"/en/groups/{round_.group.slug}/rounds/{round_.pk}/{suffix}"
    few = _count(client, url, cold=cold)
    Concern.objects.bulk_create(
        [
            Concern(
                round=round_, author=people["member"], title=f"many {i}", text="t", language="en"
            )
            for i in range(47)
        ]
    )
    cache.clear()
    assert _count(client, url, cold=cold) == few


def test_a_hidden_concern_shows_to_its_author_and_not_to_the_next_reader(
    client, people, round_, commit
):
    c = submit(commit, round_, people["member"], title="Only mine now")
    commit(services.concern_hide, actor=people["facilitator"], concern=c, reason="Off topic")
    login(client, people["member"])
    assert "Only mine now" in page(client, round_)  # cached for the author
    other = UserFactory(display_name="Lan")
    MembershipFactory(group=round_.group, user=other)
    login(client, other)
    assert "Only mine now" not in page(client, round_)
