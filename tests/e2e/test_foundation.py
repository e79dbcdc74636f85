import re

import pytest
from django.core import mail

from cms.models import User
from tests.conftest import build_site, code_in
from tests.e2e.conftest import foreign_requests

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def last_code() -> str:
    return code_in(mail.outbox[-1].body)


def test_visitor_switches_to_arabic_and_sees_a_right_to_left_home_page(page, live_server):
    build_site()
    page.goto(f"{live_server.url}/en/")
    assert page.locator("html").get_attribute("dir") == "ltr"
    page.shots("english-home")

    page.get_by_role("navigation", name="Choose a language").get_by_role(
        "link", name="العربيّة"
    ).click()
    page.wait_for_url(f"{live_server.url}/ar/")
    assert page.locator("html").get_attribute("lang") == "ar"
    assert page.locator("html").get_attribute("dir") == "rtl"
    page.shots("arabic-home")

    # Mirrored layout: the site name sits on the right, the main menu on the left.
    width = page.viewport_size["width"]
    name_box = page.locator(".site-name").bounding_box()
    nav_box = page.locator(".site-nav").bounding_box()
    assert name_box["x"] + name_box["width"] > width * 0.7
    assert nav_box["x"] < name_box["x"]

    # A 360 px phone: nothing is wider than the screen.
    page.set_viewport_size({"width": 360, "height": 740})
    page.reload()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.shots("arabic-home-phone")

    assert foreign_requests(page, live_server) == []


def test_new_person_signs_up_in_spanish_verifies_sets_preferences_and_logs_in_by_code(
    page, live_server
):
    build_site()
    mail.outbox.clear()
    page.goto(f"{live_server.url}/es/accounts/signup/")
    assert page.locator("html").get_attribute("lang") == "es"
    page.fill("input[name=display_name]", "Rosa M.")
    page.fill("input[name=email]", "rosa@example.org")
    page.fill("input[name=password1]", "una-clave-larga-2026")
    # A mistake first: the passwords differ. The message is in Spanish; nothing is lost.
    page.fill("input[name=password2]", "otra-clave-distinta")
    page.shots("signup-form")
    page.locator("form.form button[type=submit]").click()
    assert page.locator(".errors").first.is_visible()
    assert "contraseña" in page.locator(".errors").first.inner_text().lower()
    assert page.input_value("input[name=display_name]") == "Rosa M."
    assert page.input_value("input[name=email]") == "rosa@example.org"
    page.shots("signup-error-in-spanish")

    page.fill("input[name=password1]", "una-clave-larga-2026")
    page.fill("input[name=password2]", "una-clave-larga-2026")
    page.locator("form.form button[type=submit]").click()

    # Verify the email address with the code that was sent.
    page.wait_for_url(re.compile(r"/es/accounts/confirm-email/"))
    page.shots("verify-email")
    page.fill("input[name=code]", last_code())
    page.locator("form.form button[type=submit]").first.click()

    # First login: choose language and contact channel.
    page.wait_for_url(f"{live_server.url}/es/me/welcome/")
    page.shots("welcome")
    page.select_option("select[name=preferred_language]", "es")
    page.check("input[name=contact_channel][value=email]")
    page.locator("form.form button[type=submit]").click()
    page.wait_for_url(f"{live_server.url}/es/me/profile/")
    assert page.locator(".message--success").is_visible()
    page.shots("profile-saved")
    user = User.objects.get(email="rosa@example.org")
    assert (user.preferred_language, user.contact_channel) == ("es", "email")

    # Sign out, then back in with a code sent by email.
    page.locator("form[action='/es/accounts/logout/'] button").click()
    if "/accounts/logout/" in page.url:  # allauth's confirmation page
        page.locator("form.form button[type=submit]").click()
    page.goto(f"{live_server.url}/es/accounts/login/code/")
    page.shots("request-code")
    page.fill("input[name=email]", "rosa@example.org")
    page.locator("form.form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/es/accounts/login/code/confirm/"))
    page.fill("input[name=code]", last_code())
    page.shots("enter-code")
    page.locator("form.form button[type=submit]").first.click()
    page.wait_for_url(f"{live_server.url}/es/")
    assert page.locator("form[action='/es/accounts/logout/']").is_visible()
    page.shots("signed-in-by-code")

    assert foreign_requests(page, live_server) == []
