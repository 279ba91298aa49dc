"""The matrix page against the login page under wrk (issue 14 item 5): 16 connections on
one gunicorn of 2 workers x 4 threads, PostgreSQL, the shared cache in the database or Redis.

    .venv/bin/python bench/matrix_wrk.py [--seconds 10] [--runs 2] [--caches db,redis]

It starts, and stops again on exit: a throwaway PostgreSQL cluster (port --pg-port), a
redis-server on loopback (port --redis-port) when asked for, and gunicorn with DEBUG off,
as in production. The site is loaded with seed_demo; the chairperson (ketua) logs in once
through the login page and wrk reuses that session on every connection. Each page is read
once before it is timed (the matrix's cache is filled by that read, as by the first reader
of the day). Every response must be a 200: a redirect to the login page would be fast and
wrong, so a Lua script counts the statuses and any other answer fails the run.

The machine is shared and noisy: read the figures as ratios to the login page measured in
the same run, next to it. Needs Debian's wrk (scripts/system-packages bench) and
redis-server for --caches redis.
"""

import argparse
import contextlib
import re
import shutil
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from loadrun import services  # noqa: E402
from loadrun.client import Browser, Recorder  # noqa: E402

PASSWORD = "zi-wrk-bench-2021"
PORT = 8751
PAGES = [  # (name, path, logged in)
    ("login page", "/accounts/login/", False),
    ("home", "/", True),
    ("dashboard", "/plans/pn-sarolangun/2021/", True),
    ("matrix", "/plans/pn-sarolangun/2021/matrix/", True),
]
# Per wrk thread: count what was not a 200; done() adds up every thread's count.
COUNT_STATUSES = """
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args) bad = 0 end
function response(status, headers, body) if status ~= 200 then bad = bad + 1 end end
function done(summary, latency, requests)
  local total = 0
  for _, thread in ipairs(threads) do total = total + thread:get("bad") end
  io.write(string.format("NOT200 %d\\n", total))
end
"""


def arguments():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=int, default=10, help="each wrk run")
    parser.add_argument("--runs", type=int, default=2, help="rounds over the pages")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--caches", default="db,redis", help="db, redis or both")
    parser.add_argument("--pg-port", type=int, default=54361)
    parser.add_argument("--redis-port", type=int, default=63791)
    return parser.parse_args()


def start_redis(stack, port, work):
    server = shutil.which("redis-server")
    if server is None:
        raise RuntimeError("redis-server is not installed (apt-get install redis-server)")
    command = [server, "--port", str(port), "--bind", "127.0.0.1", "--save", "",
               "--appendonly", "no", "--dir", str(work)]  # fmt: skip
    services.spawn(stack, "redis", command, None, work)
    for _ in range(100):
        if subprocess.run(["redis-cli", "-p", str(port), "ping"], capture_output=True).stdout:
            return f"redis://127.0.0.1:{port}/0"
        subprocess.run(["sleep", "0.1"])
    raise RuntimeError("redis-server did not answer")


def start_gunicorn(stack, env, logs):
    gunicorn = str(Path(services.PYTHON).with_name("gunicorn"))
    command = [gunicorn, "zi_tracker.wsgi", "--bind", f"127.0.0.1:{PORT}", "--worker-class",
               "gthread", "--workers", "2", "--threads", "4", "--timeout", "120"]  # fmt: skip
    process = services.spawn(stack, f"gunicorn-{env['CACHE_URL'][:5]}", command, env, logs)
    services.wait_http(f"http://127.0.0.1:{PORT}/accounts/login/", process, "gunicorn")


def session_cookie():
    """Log the chairperson in through the login page; check every page answers 200."""
    browser = Browser((PORT,), Recorder(10**6, float("inf")), "wrk")
    browser.login("ketua", PASSWORD)
    for _name, path, _logged_in in PAGES:
        browser.get("check", path)  # raises unless 200 (the matrix's cache is filled here)
    browser.close()
    return "; ".join(f"{c.name}={c.value}" for c in browser.jar if c.name == "sessionid")


def wrk(path, cookie, args, script):
    command = ["wrk", "-t2", f"-c{args.connections}", f"-d{args.seconds}s", "--latency",
               "-s", str(script)]  # fmt: skip
    if cookie:
        command += ["-H", f"Cookie: {cookie}"]
    out = subprocess.run([*command, f"http://127.0.0.1:{PORT}{path}"], check=True,
                         capture_output=True, text=True).stdout  # fmt: skip
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    p50 = re.search(r"50%\s+([\d.]+\w+)", out).group(1)
    bad = int(re.search(r"NOT200 (\d+)", out).group(1))
    errors = re.search(r"Socket errors: (.*)", out)
    if bad or errors:
        raise RuntimeError(f"{path}: {bad} answers were not 200; {errors and errors.group(1)}")
    return rate, p50


def measure(args, cache, env, stack, work, script):
    env = {**env, "CACHE_URL": cache}
    start_gunicorn(stack, env, work)
    cookie = session_cookie()
    print(f"\nCACHE_URL={cache}: gunicorn 2 workers x 4 threads, wrk -t2 -c{args.connections} "
          f"-d{args.seconds}s")  # fmt: skip
    print(f"{'run':>3}  {'page':<11} {'req/s':>8} {'p50':>9}  {'/ login':>7}")
    for run in range(1, args.runs + 1):
        baseline = None
        for name, path, logged_in in PAGES:
            rate, p50 = wrk(path, cookie if logged_in else None, args, script)
            baseline = baseline or rate
            print(f"{run:>3}  {name:<11} {rate:>8.1f} {p50:>9}  {rate / baseline:>7.2f}")


def main():
    args = arguments()
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is not installed: scripts/system-packages bench")
    with contextlib.ExitStack() as stack:
        work = services.temp_dir(stack, "zi-wrk-")
        script = work / "statuses.lua"
        script.write_text(COUNT_STATUSES)
        database = services.start_postgres(stack, args.pg_port, work)
        env = services.app_environment(database, "", work, 1000)
        for name in [n for n in env if n.startswith("STORAGE_S3_")]:
            del env[name]  # files on local disk: this bench reads no files
        print("preparing the site (migrate, collectstatic, seed_demo) ...", flush=True)
        services.prepare_site(env, PASSWORD)
        for cache in args.caches.split(","):
            with contextlib.ExitStack() as run:
                url = "db" if cache == "db" else start_redis(run, args.redis_port, work)
                measure(args, url, env, run, work, script)


if __name__ == "__main__":
    main()
