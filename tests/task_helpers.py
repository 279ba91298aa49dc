"""Run the background jobs the code under test enqueued, as the worker would."""

from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult


def run_pending_tasks(limit=50):
    """Run every job that is due, in the test's own transaction; return how many ran.

    The worker's own loop would close the test's connection between jobs, so this claims
    and runs them one by one with the worker's run_task.
    """
    worker = Worker(
        queue_names=["*"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="test-worker",
        excluded_queue_names=[],
    )
    ran = 0
    while ran < limit and (result := DBTaskResult.objects.ready().first()) is not None:
        result.claim(worker.worker_id)
        worker.run_task(result)
        ran += 1
    return ran
