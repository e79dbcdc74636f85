"""Advisory pages at scale (issue: 1 group, 2,000 members, 1,000 concerns, 10,000 ballot
lines on PostgreSQL). Prints the figures; asserts the targets.

    make bench        # needs DATABASE_URL=postgres://...

"10,000 ballots" is read as 10,000 dot allocations: the database allows one ballot per
member per round, so 2,000 members cast 2,000 ballots of 5 lines each.
"""

import statistics
import time

import pytest
from django.core.cache import cache
from django.db import connection
from django.http import HttpResponse
from django.template.base import Template
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext, _TestState
from django.urls import path

from advisory.models import (
    AdvisoryGroup,
    Ballot,
    Concern,
    Dot,
    Membership,
    Phase,
    Round,
    Support,
)
from cms.models import User
from cms.urls import urlpatterns as site_urlpatterns
from tests.conftest import build_site

pytestmark = pytest.mark.django_db(transaction=True)

MEMBERS, CONCERNS, LINES_PER_BALLOT, RUNS = 2000, 1000, 5, 25


def bare_concern_list(request, pk: int):
    """A bare Django view running the same single paginated query as the concern list."""
    rows = list(
        Concern.objects.filter(round_id=pk, status="visible").order_by("-created_at", "-pk")[:30]
    )
    return HttpResponse("\n".join(c.title for c in rows), content_type="text/plain")


urlpatterns = [path("bench/bare/<int:pk>/", bare_concern_list), *site_urlpatterns]


def _median_ms(client: Client, url: str, *, cold: bool = False) -> float:
    client.get(url)  # warm caches
    samples = []
    for _ in range(RUNS):
        if cold:
            cache.clear()  # every fragment rendered afresh, as after a write to the round
        start = time.perf_counter()
        response = client.get(url)
        samples.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, url
    return statistics.median(samples)


def _seed():
    build_site()
    group = AdvisoryGroup.objects.create(name="Bench", slug="bench", working_languages=["en", "es"])
    users = User.objects.bulk_create(
        [
            User(
                username=f"bench{i}",
                display_name=f"Parent {i}",
                email=f"b{i}@example.org",
                password="!",
            )
            for i in range(MEMBERS)
        ]
    )
    Membership.objects.bulk_create([Membership(group=group, user=u) for u in users])
    round_ = Round.objects.create(group=group, title="Bench round", phase=Phase.VOTING)
    concerns = Concern.objects.bulk_create(
        [
            Concern(
                round=round_,
                author=users[i % MEMBERS],
                title=f"Concern {i}",
                text="The bus is late " * 10,
                language="en",
            )
            for i in range(CONCERNS)
        ]
    )
    Support.objects.bulk_create(
        [Support(concern=concerns[(i * 7) % CONCERNS], user=users[i]) for i in range(MEMBERS)]
    )
    ballots = Ballot.objects.bulk_create([Ballot(round=round_, member=u) for u in users])
    Dot.objects.bulk_create(
        [
            Dot(ballot=b, concern=concerns[(i * 13 + j * 101) % CONCERNS], count=1)
            for i, b in enumerate(ballots)
            for j in range(LINES_PER_BALLOT)
        ]
    )
    return users, round_


@pytest.mark.skipif(connection.vendor != "postgresql", reason="benchmarks run on PostgreSQL")
@override_settings(ROOT_URLCONF=__name__)
def test_concern_list_and_results_within_3x_of_a_bare_view_and_ranking_in_one_query(
    monkeypatch,
):
    # Render templates as production does: without the test runner's instrumentation
    # (which copies every template context to send a signal) that the bare view escapes.
    monkeypatch.setattr(Template, "_render", _TestState.saved_data.template_render)
    users, round_ = _seed()
    client = Client()
    client.force_login(users[0], backend="django.contrib.auth.backends.ModelBackend")
    bare = _median_ms(client, f"/bench/bare/{round_.pk}/")
    chrome = _median_ms(client, "/en/partners/")
    listing = _median_ms(client, f"/en/groups/bench/rounds/{round_.pk}/")
    results = _median_ms(client, f"/en/groups/bench/rounds/{round_.pk}/results/")
    listing_cold = _median_ms(client, f"/en/groups/bench/rounds/{round_.pk}/", cold=True)
    results_cold = _median_ms(client, f"/en/groups/bench/rounds/{round_.pk}/results/", cold=True)
    print(f"\nrows: {MEMBERS} members, {CONCERNS} concerns, {Dot.objects.count()} ballot lines")
    print(f"bare view (one paginated query): {bare:.1f} ms (median of {RUNS})")
    print(f"site chrome alone (empty partner directory page): {chrome:.1f} ms")
    print(f"concern list page:               {listing:.1f} ms  ratio {listing / bare:.2f}x")
    print(f"results page (live totals):      {results:.1f} ms  ratio {results / bare:.2f}x")
    print(
        f"  after a write (fragments re-rendered): concern list {listing_cold:.1f} ms "
        f"({listing_cold / bare:.2f}x), results {results_cold:.1f} ms ({results_cold / bare:.2f}x)"
    )

    from advisory.services.cycle import round_close

    facilitator = users[1]
    Membership.objects.filter(user=facilitator).update(role="facilitator")
    with CaptureQueriesContext(connection) as ctx:
        start = time.perf_counter()
        round_close(actor=facilitator, round_=round_)
        close_ms = (time.perf_counter() - start) * 1000
    aggregates = [q for q in ctx.captured_queries if "SUM(" in q["sql"].upper()]
    print(
        f"closing the round: {close_ms:.1f} ms, {len(ctx.captured_queries)} queries, "
        f"{len(aggregates)} aggregate ranking query"
    )
    frozen = _median_ms(client, f"/en/groups/bench/rounds/{round_.pk}/results/")
    print(f"results page (frozen ranking):   {frozen:.1f} ms  ratio {frozen / bare:.2f}x")
    assert len(aggregates) == 1
    assert listing / bare <= 3
    assert results / bare <= 3
