"""Background tasks of the meetings app (django-tasks)."""

from django_tasks import task

from meetings.public_comment.services import comment_retention_apply


@task()
def purge_public_comments() -> int:
    """Retention of public-comment sign-ups, for schedulers that enqueue tasks rather
    than run ``manage.py purge_public_comments`` from cron."""
    return comment_retention_apply()
