"""A Haitian-Creole-speaking parent signs up to speak at the school board from the
Haitian Creole pages and asks for an interpreter; the clerk sees them on the speakers list
and advances the live queue; a queue page open in another browser updates without reload
(Daphne, a real WebSocket, Chromium)."""

import re

import pytest
from django.utils import translation
from django.utils.translation import gettext

from meetings.models import BoardIndexPage, SignupStatus, SpeakerSignup
from meetings.selectors import language_demand
from tests.conftest import build_site, translate
from tests.e2e.conftest import Shots, foreign_requests
from tests.e2e.test_advisory_cycle import browser_as
from tests.factories import UserFactory
from tests.meetings.conftest import add_meeting, open_comment, publish_child

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_haitian_creole_parent_signs_up_with_interpreter_and_the_queue_moves_live(
    browser, asgi_live_server
):
    home = build_site()
    board = publish_child(home, BoardIndexPage(title="School board", slug="board"))
    meeting = add_meeting(board, "Regular board meeting", place="District office")
    creole = translate(meeting, "ht", title="Reyinyon konsèy lekòl la")
    open_comment(meeting, speaker_cap=3)
    jean = UserFactory(display_name="Jean", preferred_language="ht")
    clerk = UserFactory(display_name="Clerk", roles=["clerk"])
    base = asgi_live_server.url

    # Jean finds public comment on the Haitian Creole meeting page and signs up.
    parent = browser_as(browser, asgi_live_server, jean)
    parent.goto(f"{base}{creole.url}")
    assert parent.locator("h1").inner_text() == "Reyinyon konsèy lekòl la"
    assert parent.evaluate("document.documentElement.lang") == "ht"
    parent.locator(f"a.button[href='/ht/meetings/{creole.pk}/comment/']").click()
    parent.fill("input[name=called_name]", "Jean-Baptiste <Pòl>")
    parent.check("input[name=attendance][value=in_person]")
    parent.select_option("select[name=language]", "ht")
    parent.check("input[name=needs_interpreter]")
    parent.fill("textarea[name=comment_text]", "Bis la rive an reta.")
    Shots(parent, "public_comment_parent")("signup-form-ht")
    parent.locator("form.form button[type=submit]").click()
    parent.wait_for_url(f"{base}/ht/meetings/{creole.pk}/comment/")
    assert "Jean-Baptiste <Pòl>" in parent.locator("#my-signup").inner_text()
    signup = SpeakerSignup.objects.get(user=jean)
    assert (signup.language, signup.needs_interpreter, signup.status) == (
        "ht",
        True,
        SignupStatus.SIGNED_UP,
    )
    assert signup.meeting_id == meeting.pk  # the Creole page signs up for the one meeting
    assert language_demand([meeting.pk])[meeting.pk] == {"ht": 1}

    # A family watches the queue page in another browser (numbers, no names).
    viewer_context = browser.new_context(viewport={"width": 360, "height": 740})
    viewer = viewer_context.new_page()
    viewer.set_default_timeout(15_000)
    viewer.requests = []
    viewer.on("request", lambda r: viewer.requests.append(r.url))
    viewer.goto(f"{base}/ht/meetings/{creole.pk}/queue/")
    viewer.locator("#queue[data-live-connected=true]").wait_for()
    with translation.override("ht"):  # what the catalogue says in Haitian Creole
        speaker_1 = gettext("Speaker %(number)s") % {"number": 1}
    assert speaker_1 != "Speaker 1"
    assert speaker_1 in viewer.locator("#next-speaker").inner_text()
    assert "Jean-Baptiste" not in viewer.content()
    navigations = viewer.evaluate("performance.getEntriesByType('navigation').length")

    # The clerk sees Jean on the list, with the interpreter, and calls the next speaker.
    desk = browser_as(browser, asgi_live_server, clerk)
    desk.goto(f"{base}/en/meetings/{meeting.pk}/comment/speakers/")
    row = desk.locator(f"#speaker-{signup.pk}")
    assert "Jean-Baptiste <Pòl>" in row.inner_text()
    assert "Interpreter" in row.inner_text()
    assert "+0 min (5 min)" in row.inner_text()  # 3 minutes + 2 interpreted
    Shots(desk, "public_comment_clerk")("speakers-list")
    desk.locator("#advance").click()
    desk.wait_for_url(f"{base}/en/meetings/{meeting.pk}/comment/speakers/")
    assert "Speaking now" in desk.locator(f"#speaker-{signup.pk}").inner_text()

    # Without reloading, the queue page shows speaker 1 speaking, with a countdown.
    viewer.locator("#queue[data-live-updated]").wait_for(timeout=10_000)
    assert speaker_1 in viewer.locator("#now-speaking").inner_text()
    viewer.locator(".countdown").wait_for()
    # The script counts down in m:ss from the server's end time (5 minutes here).
    viewer.locator(".countdown").filter(has_text=re.compile(r"^\s*[45]:[0-5]\d\s*$")).wait_for()
    assert viewer.evaluate("performance.getEntriesByType('navigation').length") == navigations
    assert viewer.evaluate("document.documentElement.scrollWidth") <= 360
    shots = Shots(viewer, "public_comment_queue")
    shots("queue-phone-360")
    viewer.set_viewport_size({"width": 1600, "height": 900})
    shots("queue-projector")
    for p in (parent, desk, viewer):
        assert foreign_requests(p, asgi_live_server) == []
        p.context.close()
