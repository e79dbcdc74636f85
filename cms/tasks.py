"""Background tasks (django-tasks). Run by `manage.py db_worker` in production.

Tasks are entry points, like views: they import the services they run, and services
queue them by name (``cms.queue.enqueue``)."""

from django_tasks import task

from cms.notifications import delivery_attempt


@task()
def deliver(delivery_id: int) -> str:
    return delivery_attempt(delivery_id=delivery_id)
