"""Background work through Django's task framework (django-tasks; `django.tasks` in Django 6).

Work that must not run in a web request (large PDF drafts, reports) is a task: a function
decorated with `django_tasks.task`, run by a worker process (`manage.py db_worker` on the
embedded database backend, `manage.py rqworker` on Redis). Jobs wait in the database or
in Redis, so they survive a restart of the web process or of the worker. The framework
runs each job once; retrying is ours: `retry_later` enqueues the next attempt after a
growing delay, and the record the user looks at (a MatrixRender) says what happened.
"""

import datetime
import logging

from django.conf import settings
from django.utils import timezone
from django_tasks import TaskResultStatus, default_task_backend
from django_tasks.exceptions import TaskResultDoesNotExist

logger = logging.getLogger(__name__)


def retry_delays():
    """Seconds to wait before the 2nd, 3rd, ... attempt (TASK_RETRY_DELAYS)."""
    return settings.TASK_RETRY_DELAYS


def retry_later(task, *args, attempt, **kwargs):
    """Enqueue attempt `attempt + 1` of the task after its backoff delay.

    Returns the task result, or None once the attempts are used up (the caller then
    records the failure for good).
    """
    delays = retry_delays()
    if attempt > len(delays):
        return None
    delay = datetime.timedelta(seconds=delays[attempt - 1])
    logger.info("Retrying %s in %s (attempt %d)", task.name, delay, attempt + 1)
    return task.using(run_after=timezone.now() + delay).enqueue(
        *args, attempt=attempt + 1, **kwargs
    )


def max_attempts():
    return len(retry_delays()) + 1


def job_result(result_id):
    """The task framework's record of a job (its status, started_at, errors), or None.

    None means never enqueued, pruned, or kept by a backend that cannot look results up
    (the immediate backend keeps none).
    """
    if not result_id or not default_task_backend.supports_get_result:
        return None
    try:
        return default_task_backend.get_result(result_id)
    except TaskResultDoesNotExist:
        return None


__all__ = ["TaskResultStatus", "job_result", "max_attempts", "retry_later"]
