"""Queueing background work by the task's name.

Tasks (``<app>/tasks.py``, run by ``manage.py db_worker``) are entry points like views:
each imports the service it runs. Services therefore name the task they want run instead
of importing its module, the way a view names a URL with ``reverse``; that keeps services
below tasks, with no import circle between them.
"""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any

from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)


def enqueue(task_path: str, *args: Any, run_after: datetime | None = None) -> Any:
    """Queue the django-tasks task at ``task_path`` (``"cms.tasks.deliver"``)."""
    task = import_string(task_path)
    if run_after is not None:
        task = task.using(run_after=run_after)
    return task.enqueue(*args)


def enqueue_or_log(task_path: str, *args: Any, run_after: datetime | None = None) -> bool:
    """``enqueue`` for work that something else picks up when queueing fails (a sweeper, a
    resume, or no harm done): the failure is logged, never raised into the action that
    asked after its commit. Returns whether the task was queued."""
    try:
        enqueue(task_path, *args, run_after=run_after)
    except Exception:  # a queue that is down must not fail the person's action
        logger.exception("could not queue %s%r", task_path, args)
        return False
    return True
