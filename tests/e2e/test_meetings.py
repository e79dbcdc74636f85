"""A Vietnamese-speaking member asks for an interpreter; the gap appears for the
coordinator; a verified interpreter claims the slot from their page; the coordinator's
page shows it covered without reloading (Daphne, a real WebSocket, Chromium)."""

import pytest

from advisory.models import GroupPage
from meetings.models import MeetingIndexPage, Rsvp, SlotClaim
from tests.conftest import build_site, translate
from tests.e2e.conftest import foreign_requests
from tests.e2e.test_advisory_cycle import browser_as
from tests.factories import AdvisoryGroupFactory, MembershipFactory, UserFactory
from tests.meetings.conftest import add_meeting, make_interpreter, publish_child

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_vietnamese_member_asks_interpreter_claims_coordinator_sees_it_covered_live(
    browser, asgi_live_server
):
    home = build_site()
    group = AdvisoryGroupFactory(working_languages=["en", "vi"])
    group_page = publish_child(
        home, GroupPage(title="Lincoln families", slug="lincoln", group=group)
    )
    index = publish_child(group_page, MeetingIndexPage(title="Meetings", slug="meetings"))
    meeting = add_meeting(index, "Spring family meeting", place="Lincoln library")
    vietnamese = translate(meeting, "vi", title="Họp phụ huynh mùa xuân")
    lan = UserFactory(display_name="Lan", preferred_language="vi")
    MembershipFactory(group=group, user=lan)
    coordinator = UserFactory(display_name="Language access office", roles=["coordinator"])
    thu = make_interpreter("vi", display_name="Thu", verifier=coordinator)
    base = asgi_live_server.url

    # Lan replies on the Vietnamese page and asks for Vietnamese interpretation.
    member = browser_as(browser, asgi_live_server, lan)
    member.goto(f"{base}{vietnamese.url}")
    assert member.locator("h1").inner_text() == "Họp phụ huynh mùa xuân"
    member.locator(f"a[href='/vi/meetings/{vietnamese.pk}/reply/']").click()
    member.check("input[name=response][value=yes]")
    member.select_option("select[name=language]", "vi")
    member.fill("input[name=children]", "1")
    member.locator("form.form button[type=submit]").click()
    member.wait_for_url(f"{base}{vietnamese.url}")
    assert member.locator("#my-reply").is_visible()
    assert Rsvp.objects.get(user=lan).meeting_id == meeting.pk

    # The coordinator sees the gap, opens the slot from the replies, and keeps watching.
    coord = browser_as(browser, asgi_live_server, coordinator)
    coord.goto(f"{base}/en/meetings/coverage/")
    coord.locator("tr.coverage__row--gap[data-language=vi]").first.wait_for()
    coord.goto(f"{base}/en/meetings/{meeting.pk}/coverage/")
    coord.locator("form[action$='/slots/propose/'] button").click()
    coord.wait_for_url(f"{base}/en/meetings/{meeting.pk}/coverage/")
    region = coord.locator("[data-live-ws]")
    region.and_(coord.locator("[data-live-connected=true]")).wait_for()
    row = coord.locator("#coverage tr[data-language=vi]")
    assert "coverage__row--gap" in row.get_attribute("class")
    navigations = coord.evaluate("performance.getEntriesByType('navigation').length")

    # Thu, verified for Vietnamese, claims it from their page in one click.
    interpreter = browser_as(browser, asgi_live_server, thu)
    interpreter.goto(f"{base}/en/meetings/interpreting/")
    open_slot = interpreter.locator("#open-slots li").filter(has_text="Spring family meeting")
    open_slot.locator("button[type=submit]").click()
    interpreter.wait_for_url(f"{base}/en/meetings/interpreting/")
    assert "Spring family meeting" in interpreter.locator("#assignments").inner_text()
    assert SlotClaim.objects.filter(interpreter=thu, released_at__isnull=True).count() == 1

    # Without reloading, the coordinator's page now shows Vietnamese covered.
    coord.locator("[data-live-updated]").wait_for(timeout=10_000)
    coord.locator("#coverage tr[data-language=vi]:not(.coverage__row--gap)").wait_for()
    assert "Thu" in coord.locator("#coverage").inner_text()
    assert coord.evaluate("performance.getEntriesByType('navigation').length") == navigations
    coord.set_viewport_size({"width": 360, "height": 800})
    assert coord.evaluate("document.documentElement.scrollWidth") <= 360
    for p in (member, coord, interpreter):
        assert foreign_requests(p, asgi_live_server) == []  # no third-party requests
        p.context.close()
