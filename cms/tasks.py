"""Background tasks (django-tasks). Run by `manage.py db_worker` in production."""

from django_tasks import task


@task()
def deliver(delivery_id: int) -> str:
    from cms.notifications import delivery_attempt

    return delivery_attempt(delivery_id=delivery_id)


@task()
def send_outbound_sms(outbound_id: int) -> str:
    from cms.sms_inbound.services import outbound_send

    return outbound_send(outbound_id=outbound_id)
