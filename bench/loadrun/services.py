"""Everything the load run starts on loopback, each stopped again by the ExitStack it is
registered on: a throwaway PostgreSQL cluster, moto's S3 API server, the task worker and
two gunicorn masters sharing the database and the cache."""

import os
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PGBIN = sorted(Path("/usr/lib/postgresql").glob("*/bin"), key=lambda p: int(p.parent.name))
BUCKET = "zi-load-bucket"
PYTHON = sys.executable


def _stop_process(process, name, timeout=15):
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            print(f"  {name} did not stop in {timeout} s; killing it", file=sys.stderr)
            process.kill()
            process.wait()


def spawn(stack, name, command, env, log_dir):
    """Start a long-running process with its output in log_dir/name.log; stopped on exit."""
    log = stack.enter_context(open(log_dir / f"{name}.log", "wb"))  # noqa: SIM115
    process = subprocess.Popen(
        command, env=env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
    )
    stack.callback(_stop_process, process, name)
    return process


def wait_http(url, process, name, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{name} exited with status {process.returncode} (see its log)")
        try:
            urllib.request.urlopen(url, timeout=2).close()
            return
        except urllib.error.HTTPError:
            return  # it answers
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"{name} did not answer on {url} within {timeout} s")


def temp_dir(stack, prefix):
    path = Path(tempfile.mkdtemp(prefix=prefix))
    stack.callback(shutil.rmtree, path, ignore_errors=True)
    return path


def start_postgres(stack, port, work):
    """initdb as the postgres user into a temp dir; returns the app's DATABASE_URL."""
    if not PGBIN:
        raise RuntimeError("PostgreSQL is not installed (/usr/lib/postgresql/*/bin)")
    pgbin, data = PGBIN[-1], work / "pgdata"
    data.mkdir()
    shutil.chown(work, "postgres", "postgres")
    shutil.chown(data, "postgres", "postgres")

    def as_postgres(*command):
        subprocess.run(["runuser", "-u", "postgres", "--", *command], check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)  # fmt: skip

    as_postgres(str(pgbin / "initdb"), "-D", str(data), "-U", "postgres", "--auth=trust",
                "-E", "UTF8", "--locale=C.UTF-8")  # fmt: skip
    options = f"-c listen_addresses=127.0.0.1 -p {port} -k {data} -c fsync=off"
    as_postgres(str(pgbin / "pg_ctl"), "-D", str(data), "-l", str(data / "server.log"),
                "-w", "-o", options, "start")  # fmt: skip
    stack.callback(
        subprocess.run,
        ["runuser", "-u", "postgres", "--", str(pgbin / "pg_ctl"), "-D", str(data), "-m", "fast",
         "-w", "stop"],
        stdout=subprocess.DEVNULL,
    )  # fmt: skip
    subprocess.run(
        ["psql", "-h", "127.0.0.1", "-p", str(port), "-U", "postgres", "-q",
         "-c", "CREATE ROLE app LOGIN PASSWORD 'app' CREATEDB",
         "-c", "CREATE DATABASE app OWNER app"],
        check=True,
    )  # fmt: skip
    return f"postgres://app:app@127.0.0.1:{port}/app"


def start_s3(stack, log_dir):
    """moto's standalone S3 server on a free loopback port, with the bucket made."""
    sys.path.insert(0, str(ROOT))
    from tests.s3_server import free_port, make_bucket, moto_server_command

    command, port = moto_server_command(), free_port()
    if command is None:
        raise RuntimeError("moto_server is not installed (pip install -e '.[dev]')")
    process = spawn(stack, "moto_server", [*command, "-H", "127.0.0.1", "-p", str(port)],
                    os.environ.copy(), log_dir)  # fmt: skip
    endpoint = f"http://127.0.0.1:{port}"
    wait_http(f"{endpoint}/moto-api/", process, "moto_server")
    make_bucket(endpoint, BUCKET)
    return endpoint


def app_environment(database_url, s3_endpoint, work, survey_limit):
    """The production-like settings every app process gets (DEBUG off)."""
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "zi_tracker.settings",
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SITE_URL": "http://127.0.0.1",
        "SECURE_COOKIES": "0",
        "DATABASE_URL": database_url,
        "DB_CONN_MAX_AGE": "60",
        "CACHE_URL": "db",
        "TASKS_BACKEND": "database",
        "STATIC_ROOT": str(work / "static"),
        "MEDIA_ROOT": str(work / "media"),
        "STORAGE_S3_BUCKET": BUCKET,
        "STORAGE_S3_ENDPOINT_URL": s3_endpoint,
        "STORAGE_S3_ACCESS_KEY": "testing",
        "STORAGE_S3_SECRET_KEY": "testing",
        "STORAGE_S3_REGION": "us-east-1",
        "STORAGE_S3_ADDRESSING_STYLE": "path",
        "SURVEY_PER_DEVICE_HOUR": str(survey_limit),
        "SURVEY_PER_ADDRESS_HOUR": str(survey_limit),
        "PUBLIC_THROTTLE_REQUESTS": str(survey_limit),
        "LOG_LEVEL": "WARNING",
    }


def manage(env, *args):
    result = subprocess.run([PYTHON, "manage.py", *args], env=env, cwd=ROOT,
                            capture_output=True, text=True)  # fmt: skip
    if result.returncode:
        raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{result.stderr[-3000:]}")
    return result.stdout


def start_app(stack, env, ports, log_dir, threads=4):
    """The task worker and one gunicorn master (one worker, `threads` threads) per port."""
    spawn(stack, "db_worker", [PYTHON, "manage.py", "db_worker", "--no-reload"], env, log_dir)
    gunicorn = str(Path(PYTHON).with_name("gunicorn"))
    for port in ports:
        process = spawn(
            stack,
            f"gunicorn-{port}",
            [gunicorn, "zi_tracker.wsgi", "--bind", f"127.0.0.1:{port}", "--worker-class",
             "gthread", "--workers", "1", "--threads", str(threads), "--timeout", "120"],
            env,
            log_dir,
        )  # fmt: skip
        wait_http(f"http://127.0.0.1:{port}/accounts/login/", process, f"gunicorn on {port}")


# Run inside manage.py shell after seed_demo: the demo survey (2021-Q4) closed long ago, so
# the bench reopens it until the end of this year for the public posts.
REOPEN_SURVEY = """
import datetime
from surveys.models import Survey
today = datetime.date.today()
Survey.objects.filter(satker__slug="pn-sarolangun", period="2021-Q4").update(
    closes_on=datetime.date(today.year, 12, 31))
"""


def prepare_site(env, password):
    """Migrate, collect the static files, load the demo and reopen its survey."""
    manage(env, "migrate", "--no-input")
    manage(env, "createcachetable")
    manage(env, "collectstatic", "--no-input")
    manage(env, "seed_demo", "--allow-production", "--password", password)
    manage(env, "load_lke_framework", "--builtin")
    manage(env, "shell", "-c", REOPEN_SURVEY)
