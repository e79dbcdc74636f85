import pytest
from django.conf import settings
from django.test import Client

from advisory.models import Concern, Phase, Round
from tests.conftest import build_site
from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS
from tests.factories import AdvisoryGroupFactory, MembershipFactory, UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_a_parent_records_a_concern_by_voice_in_the_browser(live_server, playwright):
    """Chromium's fake microphone stands in for a real one."""
    build_site()
    group = AdvisoryGroupFactory()
    parent = UserFactory(display_name="Abdi", preferred_language="so")
    MembershipFactory(group=group, user=parent)
    round_ = Round.objects.create(group=group, title="R", phase=Phase.COLLECTING)
    client = Client()
    client.force_login(parent, backend="django.contrib.auth.backends.ModelBackend")

    browser = playwright.chromium.launch(
        executable_path=CHROMIUM,
        args=[
            *CHROMIUM_ARGS,
            "--use-fake-ui-for-media-stream",
            "--use-fake-device-for-media-stream",
        ],
    )
    context = browser.new_context()
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
    page.goto(f"{live_server.url}/so/groups/{group.slug}/rounds/{round_.pk}/")
    page.locator("[data-record]").click()
    page.wait_for_timeout(1500)
    page.locator("[data-stop]").click()
    page.wait_for_function("document.getElementById('id_audio').files.length === 1")
    assert page.locator("[data-preview]").is_visible()
    page.fill("input[name=title]", "Cunto xalaal ah")
    page.locator("form.form button[type=submit]").last.click()
    page.wait_for_url(f"{live_server.url}/so/groups/{group.slug}/concerns/**")
    assert page.locator("audio[controls]").count() == 1
    browser.close()

    concern = Concern.objects.get()
    assert concern.audio.name.endswith((".webm", ".ogg"))
    assert concern.audio.size > 1000
