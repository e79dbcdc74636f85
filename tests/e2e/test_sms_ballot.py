"""A family votes by text message; the group's results page in the browser shows the
ballot, and a new text replaces it (the same ballot service as the web)."""

import pytest

from advisory.models import Concern, Phase, Round
from cms.sms_inbound.services import conversation_set
from tests.conftest import build_site
from tests.e2e.test_advisory_cycle import browser_as
from tests.factories import AdvisoryGroupFactory, MembershipFactory, UserFactory
from tests.sms import replies_to, text

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PHONE = "+12025550147"


def test_a_ballot_cast_by_text_shows_on_the_results_page(
    browser, live_server, page, twilio, _sms_outbox
):
    build_site()
    group = AdvisoryGroupFactory(working_languages=["en", "so"])
    hodan = UserFactory(
        display_name="Hodan",
        email="",
        phone=PHONE,
        phone_verified=True,
        contact_channel="sms",
        preferred_language="so",
    )
    reader = UserFactory(display_name="Maria")
    for person in (hodan, reader):
        MembershipFactory(group=group, user=person)
    round_ = Round.objects.create(
        group=group, title="Spring priorities", phase=Phase.VOTING, dot_budget=5
    )
    titles = ["Late buses", "Cold lunch", "Homework help"]
    concerns = [
        Concern.objects.create(round=round_, author=reader, title=t, text=t, language="en")
        for t in titles
    ]
    conversation_set(
        phone=PHONE,
        user=hodan,
        handler="advisory.vote",
        data={"round": round_.pk, "order": [c.pk for c in concerns]},
    )

    results = browser_as(browser, live_server, reader)
    url = f"{live_server.url}/en/groups/{group.slug}/rounds/{round_.pk}/results/"
    results.goto(url)
    assert "0 members have voted" in results.locator("main").inner_text()

    status, _ = text(live_server.url, PHONE, "2 2 3")
    assert status == 200
    assert "2: 2" in replies_to(_sms_outbox, PHONE)[-1]  # read back in Somali

    results.reload()
    body = results.locator("main").inner_text()
    results.screenshot(path=str(page.shots.folder / "01-sms-ballot-on-results.png"), full_page=True)
    assert "1 member has voted" in body
    cold = results.locator(".ranking li", has_text="Cold lunch")
    homework = results.locator(".ranking li", has_text="Homework help")
    assert "2 dots" in cold.inner_text()
    assert "1 dot" in homework.inner_text()

    # A new text replaces the ballot, as a new web ballot does.
    text(live_server.url, PHONE, "1")
    results.reload()
    results.screenshot(path=str(page.shots.folder / "02-ballot-replaced.png"), full_page=True)
    assert "1 member has voted" in results.locator("main").inner_text()
    assert "1 dot" in results.locator(".ranking li", has_text="Late buses").inner_text()
    assert "0 dots" in results.locator(".ranking li", has_text="Cold lunch").inner_text()
