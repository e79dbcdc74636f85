"""Keyboard and screen reader: families complete the ballot, a reply to a meeting, a
public-comment sign-up and a concern with the keyboard alone (Tab, Shift+Tab, Enter,
Space, arrow keys; typing in text fields), and every focused control shows a focus ring.
Form errors are tied to their fields and announced; live pages say what changed politely
and never read the countdown."""

import re

import pytest

from advisory.models import Ballot, Concern, Phase, Round
from meetings.models import BoardIndexPage, Rsvp, SpeakerSignup
from tests.conftest import build_site
from tests.e2e.a11y import signed_in_context
from tests.factories import AdvisoryGroupFactory, MembershipFactory, UserFactory
from tests.meetings.conftest import add_meeting, open_comment, publish_child

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

FOCUSED = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const s = getComputedStyle(el);
  const outline = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2;
  const shadow = s.boxShadow && s.boxShadow !== 'none';
  return {
    what: el.tagName + (el.name ? '[name=' + el.name + ']' : '') + ' ' + (el.textContent || '').trim().slice(0, 40),
    focusVisible: el.matches(':focus-visible'),
    ring: outline || shadow,
  };
}"""


def tab_to(page, selector: str, *, back: bool = False, limit: int = 80) -> None:
    """Press Tab (or Shift+Tab) until ``selector`` has the focus; every control passed on
    the way must show a visible focus ring."""
    for _ in range(limit):
        page.keyboard.press("Shift+Tab" if back else "Tab")
        focused = page.evaluate(FOCUSED)
        if focused is not None:
            assert focused["focusVisible"] and focused["ring"], (
                f"no visible focus ring on {focused['what']}"
            )
        if page.evaluate("(s) => document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"{selector} never got the keyboard focus")


def choose_with_arrows(page, selector: str, value: str) -> None:
    """Move a focused <select> to ``value`` with the arrow keys (no list opened)."""
    for _ in range(30):
        if page.input_value(selector) == value:
            return
        page.keyboard.press("ArrowDown")
    raise AssertionError(f"{value} not reachable with the arrow keys in {selector}")


def tab_in(browser, server, user, width=1024):
    context = signed_in_context(browser, server.url, user, viewport={"width": width, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    return page


@pytest.fixture
def district():
    build_site()
    group = AdvisoryGroupFactory(working_languages=["en", "ar"])
    member = UserFactory(display_name="Fatima", preferred_language="ar")
    MembershipFactory(group=group, user=member)
    return group, member


def test_a_member_shares_a_concern_and_votes_with_the_keyboard_alone(
    browser, live_server, district
):
    group, member = district
    collecting = Round.objects.create(group=group, title="Spring", phase=Phase.COLLECTING)
    page = tab_in(browser, live_server, member)
    page.goto(f"{live_server.url}/en/groups/{group.slug}/rounds/{collecting.pk}/")

    # A mistake first: sending an empty form. The errors are announced (the summary takes
    # the focus, role=alert) and tied to their fields.
    tab_to(page, "form.form button[type=submit]")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    summary = page.locator("#form-errors")
    assert summary.get_attribute("role") == "alert"
    assert page.evaluate("document.activeElement.id") == "form-errors"
    title = page.locator("input[name=title]")
    assert title.get_attribute("aria-invalid") == "true"
    error_id = title.get_attribute("aria-describedby").split()[-1]
    assert page.locator(f"#{error_id}").inner_text().strip()
    assert page.locator(f"#{error_id}").inner_text().strip() in summary.inner_text()

    # The summary's link leads to the field.
    tab_to(page, "#form-errors a[href='#id_title']")
    page.keyboard.press("Enter")
    tab_to(page, "input[name=title]", back=True)
    page.keyboard.type("The bus is late")
    tab_to(page, "textarea[name=text]")
    page.keyboard.type("Our children miss breakfast.")
    tab_to(page, "select[name=language]")
    choose_with_arrows(page, "select[name=language]", "en")
    tab_to(page, "form.form button[type=submit]")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/concerns/\d+/"))
    concern = Concern.objects.get(title="The bus is late")
    assert concern.author == member

    # Voting on it: type the dots, Enter on the button.
    collecting.phase = Phase.VOTING
    collecting.save()
    page.goto(f"{live_server.url}/en/groups/{group.slug}/rounds/{collecting.pk}/ballot/")
    tab_to(page, f"input[name=c{concern.pk}]")
    page.keyboard.press("Control+A")
    page.keyboard.type("2")
    tab_to(page, "form.ballot button[type=submit]")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.locator(".message--success").is_visible()
    assert Ballot.objects.get(member=member).dots.get().count == 2
    page.context.close()


def test_a_member_replies_to_a_meeting_and_signs_up_to_speak_with_the_keyboard_alone(
    browser, live_server, district
):
    group, member = district
    from wagtail.models import Page

    from advisory.models import GroupPage
    from meetings.models import MeetingIndexPage

    home = Page.objects.get(depth=2).specific
    group_page = publish_child(home, GroupPage(title="Lincoln", slug="lincoln", group=group))
    index = publish_child(group_page, MeetingIndexPage(title="Meetings", slug="meetings"))
    meeting = add_meeting(index, "Spring meeting", place="Library")
    board = publish_child(home, BoardIndexPage(title="School board", slug="board"))
    board_meeting = add_meeting(board, "Board meeting", place="District office")
    open_comment(board_meeting)
    page = tab_in(browser, live_server, member, width=360)

    # The reply: radios with Space and the arrow keys, the select with the arrows.
    page.goto(f"{live_server.url}/en/meetings/{meeting.pk}/reply/")
    tab_to(page, "input[name=response]")
    page.keyboard.press("Space")
    assert page.locator("input[name=response]:checked").get_attribute("value") == "yes"
    tab_to(page, "select[name=language]")
    choose_with_arrows(page, "select[name=language]", "ar")
    tab_to(page, "input[name=transport]")
    page.keyboard.press("Space")
    tab_to(page, "form.form button[type=submit]")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/lincoln/meetings/"))
    reply = Rsvp.objects.get(user=member)
    assert (reply.response, reply.language, reply.transport) == ("yes", "ar", True)

    # Public comment: name, in person or remote, language, interpreter, comment.
    page.goto(f"{live_server.url}/en/meetings/{board_meeting.pk}/comment/")
    tab_to(page, "input[name=called_name]")
    page.keyboard.press("Control+A")
    page.keyboard.type("Fatima A.")
    tab_to(page, "input[name=attendance]")
    page.keyboard.press("Space")
    tab_to(page, "select[name=language]")
    choose_with_arrows(page, "select[name=language]", "ar")
    tab_to(page, "input[name=needs_interpreter]")
    page.keyboard.press("Space")
    tab_to(page, "form.form button[type=submit]")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    signup = SpeakerSignup.objects.get(user=member)
    assert (signup.called_name, signup.language, signup.needs_interpreter) == (
        "Fatima A.",
        "ar",
        True,
    )
    assert "Fatima A." in page.locator("#my-signup").inner_text()
    page.context.close()


def test_the_live_queue_announces_a_new_speaker_once_and_never_the_countdown(
    browser, asgi_live_server
):
    home = build_site()
    board = publish_child(home, BoardIndexPage(title="School board", slug="board"))
    meeting = add_meeting(board, "Board meeting", place="District office")
    open_comment(meeting)
    from meetings.public_comment.services import comment_signup

    speaker = UserFactory(display_name="Jean")
    comment_signup(actor=speaker, meeting=meeting, called_name="Jean", language="en")
    clerk = UserFactory(display_name="Clerk", roles=["clerk"])
    base = asgi_live_server.url

    viewer = tab_in(browser, asgi_live_server, None, width=360)
    viewer.goto(f"{base}/en/meetings/{meeting.pk}/queue/")
    viewer.locator("#queue[data-live-connected=true]").wait_for()
    status = viewer.locator("[data-live-status]")
    assert status.get_attribute("aria-live") == "polite"
    # The swapped region is not itself live (it would be read whole on every change).
    assert viewer.locator("#queue").get_attribute("aria-live") is None
    viewer.evaluate(
        """() => {
          window.announced = [];
          new MutationObserver(() => {
            const text = document.querySelector('[data-live-status]').textContent;
            if (text) window.announced.push(text);
          }).observe(document.querySelector('[data-live-status]'),
                     {childList: true, characterData: true, subtree: true});
        }"""
    )

    desk = tab_in(browser, asgi_live_server, clerk)
    desk.goto(f"{base}/en/meetings/{meeting.pk}/comment/speakers/")
    tab_to(desk, "#advance")
    with desk.expect_navigation():
        desk.keyboard.press("Enter")

    viewer.locator(".countdown").wait_for()
    viewer.wait_for_function("window.announced.length > 0", timeout=10_000)
    first_tick = viewer.locator(".countdown").inner_text()
    viewer.wait_for_timeout(2500)
    assert viewer.locator(".countdown").inner_text() != first_tick  # it ticks...
    assert viewer.evaluate("window.announced") == ["Now speaking: Speaker 1"]  # ...silently
    countdown_live = viewer.evaluate(
        """() => {
          const el = document.querySelector('.countdown');
          const live = el.closest('[aria-live]');
          return live ? live.getAttribute('aria-live') : 'none';
        }"""
    )
    assert countdown_live in ("off", "none")
    for p in (viewer, desk):
        p.context.close()
