"""The task queue: workers on the database never take the same job; Redis works too."""

import os
import shutil
import socket
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from tests import sample_tasks

BASE_DIR = Path(settings.BASE_DIR)


def _database_url():
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    return f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"


def _worker(worker_id):
    env = dict(
        os.environ,
        DJANGO_SETTINGS_MODULE="tests.settings",
        DATABASE_URL=_database_url(),
        TASKS_BACKEND="database",
    )
    command = [sys.executable, "manage.py", "db_worker", "--batch", "--interval", "0"]
    command += ["--no-startup-delay", "--no-reload", "--worker-id", worker_id, "-v", "0"]
    return subprocess.Popen(command, cwd=BASE_DIR, env=env)


@pytest.mark.django_db(transaction=True)
def test_two_workers_run_every_job_exactly_once(tmp_path):
    log = tmp_path / "ran.txt"
    for number in range(60):
        sample_tasks.record.enqueue(str(log), number)
    workers = [_worker("worker-1"), _worker("worker-2")]
    for worker in workers:
        assert worker.wait(timeout=120) == 0
    lines = [line.split() for line in log.read_text().splitlines()]
    runs = Counter(int(number) for number, _ in lines)
    assert sorted(runs) == list(range(60))
    assert set(runs.values()) == {1}  # no job ran twice
    assert len({pid for _, pid in lines}) == 2  # both workers took jobs

    from django_tasks_db.models import DBTaskResult

    assert set(DBTaskResult.objects.values_list("status", flat=True)) == {"SUCCESSFUL"}


def _free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def redis_url(tmp_path):
    """A throwaway redis-server on loopback (Debian's redis-server, installed for the tests)."""
    binary = shutil.which("redis-server")
    assert binary, "redis-server is missing: run scripts/system-packages test"
    port = _free_port()
    server = subprocess.Popen(
        [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        cwd=tmp_path,
        stdout=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            break
        except OSError:
            time.sleep(0.05)
    yield f"redis://127.0.0.1:{port}/0"
    server.terminate()
    server.wait(timeout=10)


@pytest.fixture
def rq_backend(settings, redis_url):
    """TASKS_BACKEND=rq, as settings.py sets it (the framework re-reads TASKS when it changes)."""
    settings.RQ_QUEUES = {"default": {"URL": redis_url}}
    settings.TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}


def _run_rq_jobs():
    import django_rq
    from django_tasks_rq.backend import Job
    from rq import SimpleWorker

    queue = django_rq.get_queue("default", job_class=Job)
    SimpleWorker([queue], connection=queue.connection, job_class=Job).work(burst=True)


def test_jobs_wait_in_redis_and_a_worker_runs_them(rq_backend, tmp_path):
    from django_tasks import TaskResultStatus

    log = tmp_path / "ran.txt"
    result = sample_tasks.record.enqueue(str(log), 7)
    assert result.status == TaskResultStatus.READY
    assert not log.exists()  # nothing runs in the request
    _run_rq_jobs()
    result.refresh()
    assert result.status == TaskResultStatus.SUCCESSFUL and result.return_value == 7
    assert log.read_text().split()[0] == "7"


@pytest.mark.django_db
def test_a_large_plans_draft_renders_through_redis(rq_backend, client, users, plan, settings):
    from reports.models import MatrixRender
    from tests.evidence_helpers import login

    settings.PDF_BACKGROUND_ROWS = 10
    url = "/plans/pn-sarolangun/2021/matrix.pdf"
    login(client, users["ketua"])
    assert client.get(url).status_code == 202
    job = MatrixRender.objects.get()
    assert job.is_waiting()
    _run_rq_jobs()
    job.refresh_from_db()
    assert job.status == MatrixRender.Status.DONE
    assert client.get(url).status_code == 200
