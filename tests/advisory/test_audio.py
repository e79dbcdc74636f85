"""Sound in the advisory app: what an audio summary's page calls a recommendation (the
same title its reader sees on the recommendation's own page), and a member's voice
recording of a concern, which is a 404 (never a server error) once storage lost it."""

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from advisory.models import ContentTranslation, Phase, Round
from advisory.services import cycle as cycle_services
from cms.audio.services import audio_summary_attach
from tests.cms.test_audio_summaries import wav
from tests.conftest import login
from tests.factories import RecommendationFactory, UserFactory


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")


# The title on a summary's page ------------------------------------------------------------


def _arabic_summary_page(client, people, recommendation) -> str:
    interpreter = UserFactory(roles=["interpreter"])
    summary = audio_summary_attach(
        actor=interpreter, item=recommendation, language="ar", upload=wav()
    )
    login(client, people["member"])
    response = client.get(reverse("audio:listen", kwargs={"pk": summary.pk}))
    assert response.status_code == 200
    return response.content.decode()


def test_a_summary_page_does_not_title_a_recommendation_with_an_unchecked_machine_draft(
    client, people, group
):
    recommendation = RecommendationFactory(group=group, title="Earlier buses")
    ContentTranslation.objects.create(
        recommendation=recommendation,
        language="ar",
        title="حافلات آلية",
        text="ترجمة آلية",
        status="draft",
        is_machine=True,
    )
    page = _arabic_summary_page(client, people, recommendation)
    assert "Earlier buses" in page
    assert "حافلات آلية" not in page


def test_a_summary_page_titles_a_recommendation_with_the_title_a_person_wrote(
    client, people, group
):
    recommendation = RecommendationFactory(group=group, title="Earlier buses")
    ContentTranslation.objects.create(
        recommendation=recommendation,
        language="ar",
        title="حافلات أبكر",
        text="يجب أن تصل الحافلات قبل الجرس.",
        status="draft",
        is_machine=False,
    )
    page = _arabic_summary_page(client, people, recommendation)
    assert "حافلات أبكر" in page


# A concern's voice recording ---------------------------------------------------------------

RECORDING = b"\x00\x00\x00\x18ftypM4A " + b"\x00" * 64


@pytest.fixture
def recorded_concern(people, group):
    round_ = Round.objects.create(group=group, title="Spring round", phase=Phase.COLLECTING)
    return cycle_services.concern_submit(
        actor=people["member"],
        round_=round_,
        title="Buses are late",
        text="Every morning.",
        language="en",
        audio=SimpleUploadedFile("voice.m4a", RECORDING, content_type="audio/mp4"),
    )


def test_a_concerns_voice_recording_plays_for_the_group(client, people, group, recorded_concern):
    login(client, people["member"])
    url = reverse("advisory:concern_audio", args=[group.slug, recorded_concern.pk])
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "audio/mp4"
    assert response["Cache-Control"] == "private, max-age=3600"
    assert b"".join(response.streaming_content) == RECORDING


def test_a_concerns_voice_recording_gone_from_storage_is_a_404(
    client, people, group, recorded_concern
):
    default_storage.delete(recorded_concern.audio.name)
    login(client, people["member"])
    url = reverse("advisory:concern_audio", args=[group.slug, recorded_concern.pk])
    assert client.get(url).status_code == 404
