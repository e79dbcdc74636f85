"""Background tasks (django-tasks). Run by `manage.py db_worker` in production."""

from django_tasks import task


@task()
def deliver(delivery_id: int) -> str:
    from cms.notifications import delivery_attempt

    return delivery_attempt(delivery_id=delivery_id)


@task()
def process_audio_summary(summary_id: int) -> str:
    """After an audio summary is uploaded: read its length, transcode where ffmpeg is
    installed (see cms.audio.services.audio_summary_process)."""
    from cms.audio.services import audio_summary_process

    return audio_summary_process(summary_id=summary_id)
