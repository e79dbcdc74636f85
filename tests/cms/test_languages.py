import re

import pytest
from django.conf import settings
from django.test import override_settings
from django.urls import reverse
from django.utils import translation

from cms.languages import parse_site_languages
from tests.conftest import SITE_LANGUAGE_CODES, translate

NATIVE_NAMES = {
    "en": "English",
    "es": "Español",
    "ar": "العربيّة",
    "zh-hans": "简体中文",
    "vi": "Tiếng Việt",
    "ht": "Kreyòl ayisyen",
    "so": "Soomaali",
    "pt": "Português",
    "fr": "Français",
    "ko": "한국어",
}


def html_tag(response) -> str:
    return re.search(r"<html[^>]*>", response.content.decode()).group(0)


def test_the_demo_ships_the_ten_languages_design_names():
    assert list(NATIVE_NAMES) == SITE_LANGUAGE_CODES


@pytest.mark.parametrize("code", list(NATIVE_NAMES))
def test_every_language_has_its_prefix_and_html_lang_and_dir(client, home, code):
    response = client.get(f"/{code}/")
    assert response.status_code == 200
    expected_dir = "rtl" if code == "ar" else "ltr"
    assert html_tag(response) == f'<html lang="{code}" dir="{expected_dir}">'


def test_language_switcher_names_each_language_in_its_own_name(client, home):
    response = client.get("/ar/")
    body = response.content.decode()
    switcher = re.search(r'<nav class="language-switcher".*?</nav>', body, re.S).group(0)
    for code, name in NATIVE_NAMES.items():
        assert f'lang="{code}"' in switcher
        assert name in switcher
    assert 'href="/ar/" lang="ar" dir="rtl" hreflang="ar" aria-current="true"' in switcher


def test_switcher_on_a_translated_page_links_to_its_translation(client, resources):
    page = resources.get_children().get(slug="rights").specific
    translate(page, "es", title="Derechos", slug="derechos")
    response = client.get("/en/resources/rights/")
    assert 'href="/es/resources/derechos/" lang="es"' in response.content.decode()


def test_switcher_falls_back_to_that_languages_home_when_no_translation(client, resources):
    translate(resources.get_parent().specific, "ko", title="가족 자문")
    response = client.get("/en/resources/rights/")
    # The Korean site exists but this page is not translated: go to the Korean home.
    assert 'href="/ko/" lang="ko"' in response.content.decode()


def test_untranslated_content_is_marked_with_its_own_language(client, resources):
    """With no Korean site at all, the Korean link shows the English page with Korean
    menus, and the English content carries lang="en"."""
    body = client.get("/en/resources/rights/").content.decode()
    assert 'href="/ko/resources/rights/" lang="ko"' in body
    response = client.get("/ko/resources/rights/")
    assert response.status_code == 200
    body = response.content.decode()
    assert '<html lang="ko" dir="ltr">' in body
    assert '<main id="main" tabindex="-1" lang="en" dir="ltr">' in body


def test_switcher_on_a_django_view_keeps_the_same_address(client, home):
    response = client.get("/es/partners/")
    assert 'href="/so/partners/" lang="so"' in response.content.decode()


def test_ui_strings_are_translated_for_each_language(client, home):
    for code in SITE_LANGUAGE_CODES:
        with translation.override(code):
            expected = translation.gettext("Community partners")
        response = client.get(f"/{code}/partners/")
        assert expected in response.content.decode()
        if code != "en":
            assert expected != "Community partners", f"{code} has no translation"


def test_bare_root_redirects_to_the_browser_language(client, home):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="so,en;q=0.5")
    assert response.status_code == 302
    assert response["Location"] == "/so/"


def test_reading_a_language_remembers_it_for_the_bare_address(client, home):
    client.get("/vi/")
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "vi"
    response = client.get("/")
    assert response["Location"] == "/vi/"


def test_unknown_language_prefix_gives_a_404_in_the_default_language(client, home):
    response = client.get("/xx/some-page/", follow=True)
    assert response.status_code == 404
    assert html_tag(response) == '<html lang="en" dir="ltr">'
    assert "Page not found" in response.content.decode()


def test_404_page_is_translated(client, home):
    response = client.get("/ar/no-such-page/")
    assert response.status_code == 404
    with translation.override("ar"):
        expected = translation.gettext("Page not found")
    assert expected in response.content.decode()
    assert 'dir="rtl"' in html_tag(response)


@override_settings(DEBUG_PROPAGATE_EXCEPTIONS=False)
def test_500_page_exists_and_is_translated(rf, home):
    from cms.views import server_error

    request = rf.get("/es/")
    with translation.override("es"):
        response = server_error(request)
        expected = translation.gettext("Something went wrong")
    assert response.status_code == 500
    body = response.content.decode()
    assert expected in body and expected != "Something went wrong"
    assert '<html lang="es" dir="ltr">' in body


def test_a_crashing_view_shows_the_translated_500_page(client, home, monkeypatch):
    from cms import views

    def boom(request):
        raise RuntimeError("boom")

    monkeypatch.setattr(views, "partner_directory", lambda **kw: boom(None))
    client.raise_request_exception = False
    response = client.get("/fr/partners/")
    assert response.status_code == 500
    with translation.override("fr"):
        assert translation.gettext("Something went wrong") in response.content.decode()


def test_site_languages_are_configurable():
    assert parse_site_languages("en,so") == [("en", "English"), ("so", "Somali")]
    with pytest.raises(ValueError):
        parse_site_languages("en,xx")


def test_url_names_reverse_under_the_active_language():
    with translation.override("ko"):
        assert reverse("partners") == "/ko/partners/"


def test_a_missing_admin_address_is_a_404_there_not_a_redirect_to_the_public_site(
    client, people, mfa_ok
):
    from tests.conftest import login

    login(client, people["staff"])
    assert client.get("/admin/snippets/advisory/round/edit/999999/").status_code == 404
    assert client.get("/admin/no-such-screen/").status_code == 404
    # Addresses of the public site still gain their language prefix.
    response = client.get("/no-such-page/")
    assert response.status_code == 302 and response["Location"].startswith("/en/")
