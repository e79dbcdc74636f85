import pytest
from django.conf import settings
from django.test import Client

from advisory.models import ContentTranslation, Phase, Round
from tests.conftest import build_site
from tests.e2e.conftest import foreign_requests
from tests.factories import AdvisoryGroupFactory, MembershipFactory, UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def browser_as(browser, live_server, user, *, rtl=False):
    """A browser context signed in as ``user`` (session made by Django's test client)."""
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    context = browser.new_context(viewport={"width": 900, "height": 900})
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
    page.set_default_timeout(15_000)
    page.requests = []
    page.on("request", lambda r: page.requests.append(r.url))
    return page


def test_spanish_concern_arabic_reader_both_vote_facilitator_closes_ranked_list(
    browser, live_server, page
):
    build_site()
    group = AdvisoryGroupFactory(working_languages=["en", "es", "ar"])
    maria = UserFactory(display_name="María", preferred_language="es")
    fatima = UserFactory(display_name="Fatima", preferred_language="ar")
    amal = UserFactory(display_name="Amal", roles=[])
    interpreter = UserFactory(display_name="Khalid", roles=["interpreter"])
    for person in (maria, fatima):
        MembershipFactory(group=group, user=person)
    MembershipFactory(group=group, user=amal, role="facilitator")
    from allauth.mfa.models import Authenticator

    Authenticator.objects.create(user=amal, type=Authenticator.Type.TOTP, data={"secret": "x"})
    round_ = Round.objects.create(group=group, title="Prioridades", phase=Phase.COLLECTING)
    base = f"{live_server.url}"

    # María shares a concern in Spanish.
    es = browser_as(browser, live_server, maria)
    es.goto(f"{base}/es/groups/{group.slug}/rounds/{round_.pk}/")
    es.fill("input[name=title]", "El autobús llega tarde")
    es.fill("textarea[name=text]", "Los niños pierden el desayuno.")
    es.select_option("select[name=language]", "es")
    es.locator("form.form button[type=submit]").click()
    es.wait_for_url(f"{base}/es/groups/{group.slug}/concerns/**")
    page.shots = es.shots = page.shots  # reuse the screenshot folder
    es.screenshot(path=str(page.shots.folder / "01-maria-shared.png"), full_page=True)

    # An interpreter translates it into Arabic; Fatima reads both, clearly labelled.
    t = ContentTranslation.objects.get(language="ar")
    tr = browser_as(browser, live_server, interpreter)
    tr.goto(f"{base}/ar/groups/translations/{t.pk}/")
    tr.fill("input[name=title]", "الحافلة تتأخر")
    tr.fill("textarea[name=text]", "يفوت الأطفال وجبة الإفطار.")
    tr.check("input[name=reviewed]")
    tr.locator("form.form button[type=submit]").click()
    tr.wait_for_url(f"{base}/ar/groups/translations/")

    ar = browser_as(browser, live_server, fatima)
    ar.goto(f"{base}/ar/groups/{group.slug}/rounds/{round_.pk}/")
    ar.get_by_role("link", name="El autobús llega tarde").click()
    assert (
        ar.locator(".user-text[lang=es]").inner_text().strip() == "Los niños pierden el desayuno."
    )
    assert "يفوت الأطفال وجبة الإفطار." in ar.locator(".translation").inner_text()
    assert ar.locator("html").get_attribute("dir") == "rtl"
    ar.screenshot(path=str(page.shots.folder / "02-fatima-reads-translation.png"), full_page=True)

    # The facilitator opens voting; both vote; the facilitator closes the round.
    fa = browser_as(browser, live_server, amal)
    fa.goto(f"{base}/en/groups/{group.slug}/rounds/{round_.pk}/")
    fa.get_by_role("button", name="Close concerns and open voting").click()
    fa.wait_for_url(f"{base}/en/groups/{group.slug}/rounds/{round_.pk}/")

    concern_field = f"input[name=c{round_.concerns.get().pk}]"
    for voter, lang, dots in ((es, "es", "3"), (ar, "ar", "2")):
        voter.goto(f"{base}/{lang}/groups/{group.slug}/rounds/{round_.pk}/ballot/")
        voter.fill(concern_field, dots)
        voter.locator("form.ballot button[type=submit]").click()
        voter.wait_for_url(f"{base}/{lang}/groups/{group.slug}/rounds/{round_.pk}/ballot/")
        assert voter.locator(".message--success").is_visible()
    ar.screenshot(path=str(page.shots.folder / "03-fatima-voted.png"), full_page=True)

    fa.goto(f"{base}/en/groups/{group.slug}/rounds/{round_.pk}/")
    fa.get_by_role("button", name="Close voting and publish the results").click()
    fa.wait_for_url(f"{base}/en/groups/{group.slug}/rounds/{round_.pk}/results/")
    ranking = fa.locator("ol.ranking li").first.inner_text()
    assert "Rank 1" in ranking and "El autobús llega tarde" in ranking and "5 dots" in ranking
    fa.screenshot(path=str(page.shots.folder / "04-ranked-list.png"), full_page=True)

    # Fatima sees the ranked list in Arabic.
    ar.goto(f"{base}/ar/groups/{group.slug}/rounds/{round_.pk}/results/")
    assert ar.locator("ol.ranking li").count() == 1
    for p in (es, tr, ar, fa):
        assert foreign_requests(p, live_server) == []
        p.context.close()
