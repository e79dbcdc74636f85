"""Audio summaries in the browser: an interpreter records one with the browser's recorder
(Chromium's fake microphone) and uploads another with JavaScript off; a family reading in
Arabic sees the large play button next to the recommendation and plays it."""

import io
import wave

import pytest
from django.conf import settings
from django.test import Client

from cms.languages import language_name
from cms.models import AudioSummary
from tests.conftest import build_site
from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS, Shots, foreign_requests
from tests.factories import MembershipFactory, RecommendationFactory, UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def _signed_in(browser, live_server, user, **context_args):
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    context = browser.new_context(**context_args)
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
    return context, page


def _wav(path, seconds=1.0, rate=8000):
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(1)
        out.setframerate(rate)
        out.writeframes(b"\x80" * int(rate * seconds))
    path.write_bytes(buffer.getvalue())
    return path


def test_an_interpreter_records_and_a_family_in_arabic_plays_it(
    live_server, playwright, tmp_path, settings
):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    build_site()
    recommendation = RecommendationFactory(summary="Buses should come earlier.")
    group = recommendation.group
    interpreter = UserFactory(display_name="Samira", roles=["interpreter"])
    family = UserFactory(display_name="Amal", preferred_language="ar")
    MembershipFactory(group=group, user=family)

    browser = playwright.chromium.launch(
        executable_path=CHROMIUM,
        args=[
            *CHROMIUM_ARGS,
            "--use-fake-ui-for-media-stream",
            "--use-fake-device-for-media-stream",
        ],
    )
    try:
        # 1. The interpreter records the Arabic summary in the browser.
        context, page = _signed_in(browser, live_server, interpreter)
        shots = Shots(page, "audio_summary_record")
        page.goto(f"{live_server.url}/en/audio/recommendation/{recommendation.pk}/")
        page.select_option("#id_language", "ar")
        page.get_by_role("button", name="Record the summary").click()
        page.wait_for_timeout(1500)
        page.get_by_role("button", name="Stop").click()
        page.wait_for_function("document.getElementById('id_file').files.length === 1")
        shots("recorded")
        page.get_by_role("button", name="Save the audio summary").click()
        page.wait_for_url(f"{live_server.url}/en/audio/recommendation/{recommendation.pk}/")
        assert page.get_by_text("The audio summary is saved").is_visible()
        shots("saved")
        context.close()

        summary = AudioSummary.objects.get()
        assert summary.language == "ar" and summary.recorded_by == interpreter
        assert summary.mime_type in ("audio/webm", "audio/ogg")
        assert summary.size > 1000 and summary.processed_at is not None

        # 2. A family reading in Arabic, on a phone, sees the big play button and plays it.
        context, page = _signed_in(
            browser, live_server, family, viewport={"width": 360, "height": 780}
        )
        shots = Shots(page, "audio_summary_play_ar")
        page.goto(f"{live_server.url}/ar/groups/{group.slug}/recommendations/{recommendation.pk}/")
        assert page.locator("html").get_attribute("dir") == "rtl"
        box = page.locator(".audio-summary")
        assert language_name("ar") in box.inner_text()
        button = box.locator("[data-play]")
        assert button.is_visible()
        size = button.bounding_box()
        assert size["height"] >= 44 and size["width"] >= 44
        button.focus()
        page.keyboard.press("Enter")
        page.wait_for_function("!document.querySelector('.audio-summary audio').paused")
        assert button.get_attribute("aria-pressed") == "true"
        shots("playing")
        assert foreign_requests(page, live_server) == []
        # The same page in English has no summary in English: nothing is shown.
        page.goto(f"{live_server.url}/en/groups/{group.slug}/recommendations/{recommendation.pk}/")
        assert page.locator(".audio-summary").count() == 0
        context.close()
    finally:
        browser.close()


def test_a_summary_is_uploaded_without_javascript_and_plays_with_native_controls(
    live_server, browser, tmp_path, settings
):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    build_site()
    recommendation = RecommendationFactory(summary="Buses should come earlier.")
    interpreter = UserFactory(display_name="Samira", roles=["interpreter"])
    family = UserFactory(display_name="Amal", preferred_language="ar")
    MembershipFactory(group=recommendation.group, user=family)
    url = f"{live_server.url}/ar/audio/recommendation/{recommendation.pk}/"

    context, page = _signed_in(browser, live_server, interpreter, java_script_enabled=False)
    shots = Shots(page, "audio_summary_upload_nojs")
    page.goto(url)
    assert page.locator("[data-recorder]").is_hidden()  # no recorder without JavaScript
    # A text file named .mp3 is refused with a message in Arabic; the language stays.
    fake = tmp_path / "summary.mp3"
    fake.write_text("not a recording " * 50)
    page.select_option("#id_language", "ar")
    page.set_input_files("#id_file", str(fake))
    page.locator("form.form button[type=submit]").click()
    errors = page.locator("#id_file-errors")
    assert errors.is_visible()
    assert "MP3" in errors.inner_text() and "ليس" in errors.inner_text()
    assert page.locator("#id_language").input_value() == "ar"
    shots("refused")
    page.set_input_files("#id_file", str(_wav(tmp_path / "summary.wav")))
    page.locator("form.form button[type=submit]").click()
    page.wait_for_url(url)
    shots("saved")
    context.close()
    summary = AudioSummary.objects.get()
    assert summary.mime_type == "audio/wav" and summary.duration_seconds == pytest.approx(1.0)

    context, page = _signed_in(browser, live_server, family, java_script_enabled=False)
    page.goto(
        f"{live_server.url}/ar/groups/{recommendation.group.slug}/recommendations/"
        f"{recommendation.pk}/"
    )
    assert page.locator(".audio-summary audio[controls]").is_visible()
    assert page.locator(".audio-summary [data-play]").is_hidden()
    context.close()
