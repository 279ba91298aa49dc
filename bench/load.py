"""The load run (issue 14 item 5): the whole deployment on loopback, a mix of users, and
the accounting afterwards.

    .venv/bin/python bench/load.py [--seconds 60] [--requests 20000] [--clients 12]

It starts, and stops again on exit, Ctrl-C or error: a throwaway PostgreSQL cluster (initdb
as the postgres user into a temp dir, port --pg-port), moto's S3 API server, the task
worker (db_worker) and two gunicorn masters (one worker of 4 threads each) sharing the
database and the database cache. DEBUG is off, as in production. The site is migrated and
loaded with seed_demo; the demo survey (2021-Q4) is reopened until the end of this year and
SURVEY_PER_DEVICE_HOUR / SURVEY_PER_ADDRESS_HOUR / PUBLIC_THROTTLE_REQUESTS are raised so every
post is accepted.

Clients are threads of this process using only the standard library, each logging in
through the real login page (always with the right password, so django-axes locks
nothing): staff upload PDFs and JPEGs through the month panel, team leads approve or return
files in the review queue and tick months, chairs and evaluators read the matrix, the
dashboard and the overview, visitors post the public survey, one anonymous client reads the
login page (the baseline). A burst phase then measures the matrix page and the login page
alone. The machine is shared and noisy: read the figures as ratios to the login page.

Exit status 0 only with 0 errors and everything accounted for.
"""

import argparse
import contextlib
import os
import signal
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from loadrun import accounting, report, services  # noqa: E402
from loadrun.client import Recorder  # noqa: E402
from loadrun.roles import Baseline, Hammer, Lead, Ledger, Reader, Staff, Visitor  # noqa: E402

PASSWORD = "zi-load-bench-2021"
PORTS = (8741, 8742)
# Client i plays ROLES[i % len(ROLES)]: (class, demo account).
ROLES = [
    (Staff, "staf"),
    (Lead, "ketua-tim"),
    (Reader, "ketua"),
    (Visitor, None),
    (Reader, "penilai"),
    (Staff, "staf"),
    (Baseline, None),
    (Lead, "ketua-tim"),
]


def arguments():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=60, help="length of the mixed phase")
    parser.add_argument("--requests", type=int, default=20000, help="at most this many requests")
    parser.add_argument("--clients", type=int, default=12, help="simulated users at once")
    parser.add_argument("--burst-seconds", type=float, default=8, help="each burst page")
    parser.add_argument("--burst-clients", type=int, default=16)
    parser.add_argument("--pg-port", type=int, default=54347)
    return parser.parse_args()


def run_threads(clients):
    threads = [threading.Thread(target=c.run, name=c.name, daemon=True) for c in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def mixed_phase(args, ledger, survey_path):
    recorder = Recorder(args.requests, time.monotonic() + args.seconds)
    clients = []
    for number in range(args.clients):
        kind, username = ROLES[number % len(ROLES)]
        name = f"{kind.__name__.lower()}-{number}"
        client = kind(name, username, PASSWORD, PORTS, recorder, ledger, seed=number)
        client.survey_path = survey_path
        clients.append(client)
    run_threads(clients)
    return recorder, time.monotonic() - recorder.started


def burst(args, kind, target, username):
    """One page from --burst-clients connections at once; logins happen before the clock."""
    clients = []
    for number in range(args.burst_clients):
        client = Hammer(f"burst-{number}", None, PASSWORD, PORTS, Recorder(0, 0), Ledger(), 0)
        if username and not clients:
            client.browser.login(username, PASSWORD)
        elif clients:
            client.browser.jar = clients[0].browser.jar  # one session, 16 connections
        client.kind, client.target = kind, target
        clients.append(client)
    recorder = Recorder(10**9, time.monotonic() + args.burst_seconds)
    for client in clients:
        client.recorder = client.browser.recorder = recorder
    run_threads(clients)
    elapsed = time.monotonic() - recorder.started
    served = [s for s in recorder.samples if s[0] == kind]
    return len(served) / elapsed, recorder


def start_everything(stack, args):
    work = services.temp_dir(stack, "zi-load-")
    logs = work / "logs"
    logs.mkdir()
    database = services.start_postgres(stack, args.pg_port, work)
    endpoint = services.start_s3(stack, logs)
    survey_limit = 100 * args.requests
    env = services.app_environment(database, endpoint, work, survey_limit)
    print(f"PostgreSQL on 127.0.0.1:{args.pg_port}, S3 API (moto) at {endpoint}; logs in {logs}")
    print(f"SURVEY_PER_*_HOUR and PUBLIC_THROTTLE_REQUESTS raised to {survey_limit}")
    print("preparing the site (migrate, collectstatic, seed_demo) ...", flush=True)
    services.prepare_site(env, PASSWORD)
    services.start_app(stack, env, PORTS, logs)
    print(f"gunicorn on ports {PORTS} (1 worker x 4 threads each) and db_worker are up")
    os.environ.update(env)  # the accounting reads the same database and bucket
    import django

    django.setup()
    return endpoint


def print_results(recorder, elapsed, burst_figures, ledger, problems):
    text, kinds = report.table(recorder.samples, elapsed, f"mixed phase, {elapsed:.0f} s:")
    print(text)
    print("\n".join(report.ratios(kinds)))
    print("\n".join(report.burst_lines(*burst_figures)))
    print(f"confirmed: {len(ledger.uploads)} uploads, {len(ledger.decisions)} reviews, "
          f"{len(ledger.ticks)} ticks, {ledger.surveys} survey responses; "
          f"{len(ledger.conflicts)} refused because another lead acted first")  # fmt: skip
    for error in recorder.errors[:20]:
        print(f"  error: {error}")
    for problem in problems[:50]:
        print(f"  off: {problem}")
    if not recorder.errors and not problems:
        print("0 errors, nothing lost")
        return 0
    print(f"{len(recorder.errors)} errors, {len(problems)} things off")
    return 1


def main():
    args = arguments()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    with contextlib.ExitStack() as stack:
        endpoint = start_everything(stack, args)
        import boto3

        s3 = boto3.client("s3", endpoint_url=endpoint, aws_access_key_id="testing",
                          aws_secret_access_key="testing", region_name="us-east-1")  # fmt: skip
        ledger, before = Ledger(), accounting.snapshot()
        print(f"mixed phase: {args.clients} clients, {args.seconds:.0f} s or "
              f"{args.requests} requests ...", flush=True)  # fmt: skip
        recorder, elapsed = mixed_phase(args, ledger, accounting.survey_path())
        matrix = "/plans/pn-sarolangun/2021/matrix/"
        matrix_rate, burst_a = burst(args, "matrix", matrix, "ketua")
        login_rate, burst_b = burst(args, "login page", "/accounts/login/", None)
        recorder.errors += burst_a.errors + burst_b.errors
        problems = accounting.account(ledger, s3, services.BUCKET, before)
        figures = (matrix_rate, login_rate, args.burst_clients, args.burst_seconds)
        status = print_results(recorder, elapsed, figures, ledger, problems)
        print("\n".join(accounting.table_sizes()))
    print("stopped gunicorn, db_worker, moto_server and PostgreSQL; temp dir removed")
    return status


if __name__ == "__main__":
    sys.exit(main())
