"""Live tallies through the real ASGI stack: Daphne, the session-authenticated WebSocket
and the page's script, in Chromium."""

import pytest

from advisory.models import Concern, Phase, Round
from tests.conftest import build_site
from tests.e2e.test_advisory_cycle import browser_as
from tests.factories import AdvisoryGroupFactory, MembershipFactory, UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_results_page_updates_without_reload_when_another_member_votes(browser, asgi_live_server):
    build_site()
    group = AdvisoryGroupFactory(working_languages=["en", "ar"])
    watcher = UserFactory(display_name="Fatima", preferred_language="ar")
    voter = UserFactory(display_name="Lan", preferred_language="en")
    for person in (watcher, voter):
        MembershipFactory(group=group, user=person)
    round_ = Round.objects.create(group=group, title="Priorities", phase=Phase.VOTING)
    concern = Concern.objects.create(
        round=round_, author=voter, title="Late buses", text="Every morning.", language="en"
    )
    base = asgi_live_server.url
    results = f"{base}/ar/groups/{group.slug}/rounds/{round_.pk}/results/"

    watching = browser_as(browser, asgi_live_server, watcher)
    watching.goto(results)
    region = watching.locator("[data-live-ws]")
    region.and_(watching.locator("[data-live-connected=true]")).wait_for()
    assert watching.locator("html").get_attribute("dir") == "rtl"
    assert region.get_attribute("data-live-updated") is None
    before = region.inner_text()

    voting = browser_as(browser, asgi_live_server, voter)
    voting.goto(f"{base}/en/groups/{group.slug}/rounds/{round_.pk}/ballot/")
    voting.fill(f"input[name=c{concern.pk}]", "3")
    voting.locator("form.ballot button[type=submit]").click()
    voting.wait_for_url(f"{base}/en/groups/{group.slug}/rounds/{round_.pk}/ballot/")

    # No reload: the same document swaps in fresh totals after the server's hint.
    watching.locator("[data-live-updated]").wait_for(timeout=10_000)
    after = region.inner_text()
    assert after != before
    assert "3" in after
    assert watching.evaluate("performance.getEntriesByType('navigation').length") == 1
    for p in (watching, voting):
        p.context.close()
