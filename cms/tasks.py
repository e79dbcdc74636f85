"""Background tasks (django-tasks). Run by `manage.py db_worker` in production."""

from django_tasks import task


@task()
def deliver(delivery_id: int) -> str:
    from cms.notifications import delivery_attempt

    return delivery_attempt(delivery_id=delivery_id)


@task()
def broadcast_prepare(broadcast_id: int) -> int:
    """Fan a broadcast out in batches (inbox entries and deliveries); queues the sends."""
    from cms.broadcasts import broadcast_fanout

    return broadcast_fanout(broadcast_id=broadcast_id)


@task()
def broadcast_deliver(broadcast_id: int, channel: str) -> int:
    """Send a broadcast's deliveries on one channel, throttled, until none is left."""
    from cms.broadcasts import broadcast_send

    return broadcast_send(broadcast_id=broadcast_id, channel=channel)
