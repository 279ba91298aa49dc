"""Time the surveys: the results at 1,000 and 100,000 responses, and the public form's POST
under load on loopback.

    .venv/bin/python bench/surveys.py [repeats]

Prints medians and ratios measured in the same run (the machines are shared and noisy; the
query counts are pinned by the tests): results at 100,000 responses against 1,000 (the work
is in the database's aggregation, so it grows with the rows, not with the queries), and the
questionnaire's POSTs per second against the login page's GETs from the same server, with
the number of errors (anything but a redirect to the thanks page, or 200).
"""

import datetime
import os
import re
import statistics
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DB = Path(tempfile.mkdtemp()) / "bench.sqlite3"
os.environ["DJANGO_SETTINGS_MODULE"] = "tests.settings"
os.environ["DATABASE_URL"] = f"sqlite:///{DB}"
os.environ["SURVEY_PER_ADDRESS_HOUR"] = "1000000"  # the load comes from one address
os.environ["PUBLIC_THROTTLE_REQUESTS"] = "1000000"

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.core.wsgi import get_wsgi_application  # noqa: E402

from components.models import Satker  # noqa: E402
from surveys.results import survey_results  # noqa: E402
from tests.survey_helpers import answer_all, make_survey  # noqa: E402

settings.SURVEY_PER_ADDRESS_HOUR = 1_000_000
settings.PUBLIC_THROTTLE_REQUESTS = 1_000_000
settings.ALLOWED_HOSTS = ["*"]


def median(action, repeats):
    action()
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def results_ratio(satker, repeats):
    small = make_survey(satker, "2020-Q1")
    large = make_survey(satker, "2020-Q2")
    answer_all(small, 1_000, ikm=3)
    for _ in range(10):
        answer_all(large, 10_000, ikm=3)
    t_small = median(lambda: survey_results(small, with_profile=True), repeats)
    t_large = median(lambda: survey_results(large, with_profile=True), repeats)
    print(f"results, 1,000 responses:   {t_small * 1000:8.1f} ms")
    print(f"results, 100,000 responses: {t_large * 1000:8.1f} ms  ratio {t_large / t_small:.1f}")


class Quiet(WSGIRequestHandler):
    def log_message(self, *args):
        pass


class Threaded(WSGIServer):
    daemon_threads = True

    def process_request(self, request, client_address):
        threading.Thread(target=self._handle, args=(request, client_address), daemon=True).start()

    def _handle(self, request, client_address):
        try:
            self.finish_request(request, client_address)
        finally:
            self.shutdown_request(request)


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def load(url, count, workers, data=None, headers=None):
    """Requests a second and errors, `workers` clients at once."""
    opener = urllib.request.build_opener(NoRedirect)
    errors = []

    def client(n):
        for _ in range(n):
            request = urllib.request.Request(url, data=data, headers=headers or {})
            try:
                status = opener.open(request, timeout=30).status
            except urllib.error.HTTPError as error:
                status = error.code
            except OSError:
                status = 0
            if status not in (200, 302):
                errors.append(status)

    threads = [threading.Thread(target=client, args=(count // workers,)) for _ in range(workers)]
    start = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return count / (time.perf_counter() - start), len(errors)


def form_under_load(satker, count=400, workers=8):
    today = datetime.date.today()
    survey = make_survey(satker, str(today.year), opens_on=today, closes_on=today)
    server = make_server("127.0.0.1", 0, get_wsgi_application(), Threaded, Quiet)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_port}"
    page = urllib.request.urlopen(base + survey.public_url())
    cookie = "; ".join(h.split(";")[0] for h in page.headers.get_all("Set-Cookie"))
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.read().decode())[1]
    fields = {f"q{item.pk}": "4" for item in survey.items.all()}
    body = urllib.parse.urlencode({**fields, "csrfmiddlewaretoken": token}).encode()
    headers = {"Cookie": cookie.replace("zi_survey_device", "x"), "Referer": base,
               "Content-Type": "application/x-www-form-urlencoded"}  # fmt: skip
    baseline, baseline_errors = load(base + "/accounts/login/", count, workers)
    posts, post_errors = load(base + survey.public_url(), count, workers, body, headers)
    server.shutdown()
    stored = survey.responses.count()
    print(f"login page GET:      {baseline:7.1f} requests/s, {baseline_errors} errors")
    print(f"questionnaire POST:  {posts:7.1f} requests/s, {post_errors} errors, "
          f"ratio {posts / baseline:.2f}; {stored} responses stored")  # fmt: skip


def main():
    repeats = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    call_command("migrate", verbosity=0)
    call_command("loaddata", "fixtures/frameworks.json", "fixtures/pn-sarolangun-2021.json",
                 verbosity=0)  # fmt: skip
    satker = Satker.objects.get(slug="pn-sarolangun")
    results_ratio(satker, repeats)
    form_under_load(satker)


if __name__ == "__main__":
    main()
