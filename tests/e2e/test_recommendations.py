"""Browser: members co-write a recommendation, the facilitator gets the summaries and
submits it, the leader publishes an answer with a commitment, and a member downloads the
Spanish packet."""

import io
from pathlib import Path

import pypdf
import pytest
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.test import Client

from advisory.models import Recommendation
from tests.conftest import build_site
from tests.e2e.conftest import foreign_requests
from tests.factories import (
    AdvisoryGroupFactory,
    MembershipFactory,
    UserFactory,
    answer_states,
    closed_round_with_priorities,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def browser_as(browser, live_server, user, shots_folder, width=900):
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    context = browser.new_context(viewport={"width": width, "height": 900}, accept_downloads=True)
    context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
    page = context.new_page()
    page.set_default_timeout(20_000)
    page.requests = []
    page.on("request", lambda r: page.requests.append(r.url))
    page.folder = shots_folder
    return page


def shot(page, name):
    page.screenshot(path=str(page.folder / f"{name}.png"), full_page=True)


def test_members_cowrite_facilitator_submits_leader_answers_member_downloads_spanish_packet(
    browser, live_server, page
):
    build_site()
    answer_states()
    group = AdvisoryGroupFactory(working_languages=["es", "en"], require_all_languages=True)
    maria = UserFactory(display_name="María", preferred_language="es")
    sarah = UserFactory(display_name="Sarah", preferred_language="en")
    amal = UserFactory(display_name="Amal")
    leader = UserFactory(display_name="Principal Rivera", roles=["leader"])
    for person in (maria, sarah):
        MembershipFactory(group=group, user=person)
    MembershipFactory(group=group, user=amal, role="facilitator")
    for person in (amal, leader):
        Authenticator.objects.create(
            user=person, type=Authenticator.Type.TOTP, data={"secret": "x"}
        )
    round_ = closed_round_with_priorities(group)
    base = live_server.url
    folder = page.shots.folder

    # María starts the recommendation in Spanish, on a phone-sized screen.
    es = browser_as(browser, live_server, maria, folder, width=360)
    es.goto(f"{base}/es/groups/{group.slug}/recommendations/new/")
    es.fill("input[name=title]", "Autobuses antes del timbre")
    es.fill("textarea[name=text]", "El autobús de la ruta 4 debe llegar antes.")
    es.fill("textarea[name=reasons]", "Los niños pierden el desayuno.")
    es.fill("textarea[name=summary]", "Los autobuses deben llegar antes de clase.")
    es.select_option("select[name=language]", "es")
    es.check(f"input[name=concerns][value='{round_.priorities.first().concern_id}']")
    es.locator("form.form button[type=submit]").click()
    es.wait_for_url(f"{base}/es/groups/{group.slug}/recommendations/*/")
    rec = Recommendation.objects.get()
    shot(es, "01-maria-draft")

    # Sarah adds to it: a new revision, both are co-authors.
    en = browser_as(browser, live_server, sarah, folder)
    en.goto(f"{base}/en/groups/{group.slug}/recommendations/{rec.pk}/edit/")
    en.fill("textarea[name=text]", "El autobús de la ruta 4 debe llegar 15 minutos antes.")
    en.locator("form.form button[type=submit]").click()
    en.wait_for_url(f"{base}/en/groups/{group.slug}/recommendations/{rec.pk}/")
    assert "revision 2" in en.content()
    assert "María" in en.content() and "Sarah" in en.content()
    shot(en, "02-sarah-revision")

    # The facilitator cannot submit yet (English summary missing), asks for it, translates
    # it (facilitators may translate for their group), then submits to the leader.
    fa = browser_as(browser, live_server, amal, folder)
    fa.goto(f"{base}/en/groups/{group.slug}/recommendations/{rec.pk}/")
    assert "Missing: English" in fa.content()
    fa.get_by_role("button", name="Ask the translators for the missing summaries").click()
    fa.goto(f"{base}/en/groups/translations/")
    fa.get_by_role("link", name="Translate").first.click()
    fa.fill("input[name=title]", "Buses before the bell")
    fa.fill("textarea[name=text]", "Buses should arrive before school starts.")
    fa.check("input[name=reviewed]")
    fa.get_by_role("button", name="Save the translation").click()
    fa.goto(f"{base}/en/groups/{group.slug}/recommendations/{rec.pk}/")
    fa.check(f"input[name=leaders][value='{leader.pk}']")
    fa.get_by_role("button", name="Submit the recommendation").click()
    fa.wait_for_url(f"{base}/en/groups/{group.slug}/recommendations/{rec.pk}/")
    assert "The recommendation is submitted" in fa.content()
    shot(fa, "03-submitted")

    # The leader finds it in the queue and publishes an answer with a commitment.
    le = browser_as(browser, live_server, leader, folder)
    le.goto(f"{base}/en/groups/answers/")
    le.get_by_role("link", name="Buses before the bell").click()
    le.get_by_role("link", name="Write the answer").click()
    le.check("input[name=state] >> nth=0")  # Accepted
    le.fill("textarea[name=text]", "We will move the route 4 pick-ups earlier.")
    le.select_option("select[name=language]", "en")
    le.fill("input[name='commitments-0-what']", "New route 4 timetable")
    le.fill("input[name='commitments-0-owner']", "Transportation office")
    le.fill("input[name='commitments-0-due_on']", "2030-01-15")
    le.get_by_role("button", name="Publish the answer").click()
    le.wait_for_url(f"{base}/en/groups/{group.slug}/recommendations/{rec.pk}/")
    assert "New route 4 timetable" in le.content()
    shot(le, "04-answered")

    # María sees the answer and downloads the Spanish packet.
    es.goto(f"{base}/es/groups/{group.slug}/recommendations/{rec.pk}/")
    assert "New route 4 timetable" in es.content()
    es.select_option("select[name=language]", "es")
    with es.expect_download() as info:
        es.locator("#packet-heading ~ form button[type=submit]").click()
    path = info.value.path()
    content = Path(path).read_bytes()
    assert content.startswith(b"%PDF")
    text = "\n".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(content)).pages)
    assert "Los autobuses deben llegar antes de clase." in text
    assert "New route 4 timetable" in text
    shot(es, "05-maria-reads-answer")
    for p in (es, en, fa, le):
        assert foreign_requests(p, live_server) == []
