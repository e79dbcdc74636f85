"""Background tasks (django-tasks). Run by `manage.py db_worker` in production.

Tasks are entry points, like views: they import the services they run, and services
queue them by name (``cms.queue.enqueue``)."""

from django_tasks import task

from cms.audio.services import audio_summary_process
from cms.broadcasts import broadcast_fanout, broadcast_send
from cms.notifications import delivery_attempt
from cms.sms_inbound.services import outbound_send


@task()
def deliver(delivery_id: int) -> str:
    return delivery_attempt(delivery_id=delivery_id)


@task()
def process_audio_summary(summary_id: int) -> str:
    """After an audio summary is uploaded: read its length, transcode where ffmpeg is
    installed (see cms.audio.services.audio_summary_process)."""
    return audio_summary_process(summary_id=summary_id)


@task()
def broadcast_prepare(broadcast_id: int) -> int:
    """Fan a broadcast out in batches (inbox entries and deliveries); queues the sends."""
    return broadcast_fanout(broadcast_id=broadcast_id)


@task()
def broadcast_deliver(broadcast_id: int, channel: str) -> int:
    """Send a broadcast's deliveries on one channel, throttled, until none is left."""
    return broadcast_send(broadcast_id=broadcast_id, channel=channel)


@task()
def send_outbound_sms(outbound_id: int) -> str:
    return outbound_send(outbound_id=outbound_id)
