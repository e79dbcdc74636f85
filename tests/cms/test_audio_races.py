"""First recordings of one item in one language uploaded at the same moment, on PostgreSQL
with real threads and connections (a test transaction would hide the race). Skipped on
SQLite, which serialises writers; tests/cms/test_audio_summaries.py simulates the same
race there. CI runs this on PostgreSQL."""

from pathlib import Path

import pytest
from django.core.files.storage import default_storage
from django.db import connection

from cms.audio.services import audio_summary_attach
from cms.models import AudioSummary
from tests.cms.test_audio_summaries import wav
from tests.concurrency import run_in_threads
from tests.factories import RecommendationFactory, UserFactory

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL"),
]


def test_five_first_recordings_in_one_language_at_once_leave_one_summary_and_no_error(
    settings, tmp_path
):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    recommendation = RecommendationFactory()
    interpreters = [UserFactory(roles=["interpreter"]) for _ in range(5)]

    def record(index: int):
        return audio_summary_attach(
            actor=interpreters[index], item=recommendation, language="ar", upload=wav()
        )

    results = run_in_threads(5, record)
    assert [r for r in results if isinstance(r, Exception)] == []  # nobody gets a 500
    stored = AudioSummary.objects.get()
    assert stored.recorded_by in interpreters
    assert default_storage.exists(stored.file.name)
    # Each replaced recording left storage after its replacement was committed.
    files = [p for p in Path(settings.MEDIA_ROOT).rglob("*") if p.is_file()]
    assert [p.relative_to(settings.MEDIA_ROOT).as_posix() for p in files] == [stored.file.name]
