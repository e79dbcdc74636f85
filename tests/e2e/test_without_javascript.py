"""Works without JavaScript: with scripts off in the browser, a family submits a concern,
votes, replies to a meeting and signs up to speak; the live pages offer a reload link."""

import pytest
from wagtail.models import Page

from advisory.models import Ballot, Concern, GroupPage, Phase, Round
from meetings.models import BoardIndexPage, MeetingIndexPage, Rsvp, SpeakerSignup
from tests.conftest import build_site
from tests.e2e.a11y import signed_in_context
from tests.factories import AdvisoryGroupFactory, MembershipFactory, UserFactory
from tests.meetings.conftest import add_meeting, open_comment, publish_child

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_with_javascript_off_a_family_shares_a_concern_votes_replies_and_signs_up_to_speak(
    browser, live_server
):
    build_site()
    home = Page.objects.get(depth=2).specific
    group = AdvisoryGroupFactory(working_languages=["en", "so"])
    hodan = UserFactory(display_name="Hodan", preferred_language="so")
    MembershipFactory(group=group, user=hodan)
    group_page = publish_child(home, GroupPage(title="Lincoln", slug="lincoln", group=group))
    index = publish_child(group_page, MeetingIndexPage(title="Meetings", slug="meetings"))
    meeting = add_meeting(index, "Spring meeting", place="Library")
    board = publish_child(home, BoardIndexPage(title="School board", slug="board"))
    board_meeting = add_meeting(board, "Board meeting", place="District office")
    open_comment(board_meeting)
    round_ = Round.objects.create(group=group, title="Spring", phase=Phase.COLLECTING)
    base = live_server.url

    context = signed_in_context(
        browser,
        base,
        hodan,
        java_script_enabled=False,
        viewport={"width": 360, "height": 800},
    )
    page = context.new_page()
    page.set_default_timeout(15_000)

    # A concern (the voice recorder needs a script; the file field does not).
    page.goto(f"{base}/so/groups/{group.slug}/rounds/{round_.pk}/")
    assert page.locator("[data-recorder]").is_hidden()
    page.fill("input[name=title]", "Baska ayaa daaha")
    page.fill("textarea[name=text]", "Carruurtu waxay seegaan quraacda.")
    page.select_option("select[name=language]", "so")
    page.locator("form.form button[type=submit]").click()
    page.wait_for_url(f"{base}/so/groups/{group.slug}/concerns/**")
    concern = Concern.objects.get()
    assert (concern.author, concern.language) == (hodan, "so")

    # The vote, and the results page's reload link in place of live updates.
    round_.phase = Phase.VOTING
    round_.save()
    page.goto(f"{base}/so/groups/{group.slug}/rounds/{round_.pk}/ballot/")
    page.fill(f"input[name=c{concern.pk}]", "3")
    page.locator("form.ballot button[type=submit]").click()
    page.wait_for_url(f"{base}/so/groups/{group.slug}/rounds/{round_.pk}/ballot/")
    assert Ballot.objects.get(member=hodan).dots.get().count == 3
    page.goto(f"{base}/so/groups/{group.slug}/rounds/{round_.pk}/results/")
    reload = page.locator(".live-fallback a")  # inside <noscript>: shown only with scripts off
    assert reload.is_visible()
    assert reload.get_attribute("href") == f"/so/groups/{group.slug}/rounds/{round_.pk}/results/"

    # A reply to the group meeting.
    page.goto(f"{base}/so/meetings/{meeting.pk}/reply/")
    page.check("input[name=response][value=yes]")
    page.select_option("select[name=language]", "so")
    with page.expect_navigation():
        page.locator("form.form button[type=submit]").click()
    assert page.locator("#my-reply").is_visible()
    assert Rsvp.objects.get(user=hodan).language == "so"

    # Public comment, then the live queue's reload link.
    page.goto(f"{base}/so/meetings/{board_meeting.pk}/comment/")
    page.fill("input[name=called_name]", "Hodan A.")
    page.check("input[name=attendance][value=in_person]")
    page.select_option("select[name=language]", "so")
    page.check("input[name=needs_interpreter]")
    page.locator("form.form button[type=submit]").click()
    page.wait_for_url(f"{base}/so/meetings/{board_meeting.pk}/comment/")
    assert SpeakerSignup.objects.get(user=hodan).needs_interpreter
    page.goto(f"{base}/so/meetings/{board_meeting.pk}/queue/")
    assert page.locator(".live-fallback a").is_visible()
    page.screenshot(
        path=str(live_server_artifacts() / "queue-without-javascript-so-360.png"), full_page=True
    )
    context.close()


def live_server_artifacts():
    from tests.e2e.a11y import SCREENSHOTS

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS
