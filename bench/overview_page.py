"""Time the overview of many satkers at 40 and at 400 satkers, in the same run.

    .venv/bin/python bench/overview_page.py [repeats]

Each satker has a plan shaped like the seed (7 components, 23 indicators, about 55 evidence
rows and 110 planned months). Prints the median time at each size and the ratio; the query
count (four, whatever the size) is pinned by tests/test_overview.py.
"""

import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ["DJANGO_SETTINGS_MODULE"] = "tests.settings"
os.environ["DATABASE_URL"] = "sqlite:///:memory:"

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

from tests.factories import make_plan, make_satker, make_user  # noqa: E402


def median_seconds(client, repeats):
    client.get("/overview/")  # warm up
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        response = client.get("/overview/")
        times.append(time.perf_counter() - start)
        assert response.status_code == 200
    return statistics.median(times), len(response.context["rows"])


def add_satkers(start, count):
    for number in range(start, start + count):
        make_plan(make_satker(f"pn-{number:03d}", f"Pengadilan Negeri {number:03d}"), 2021)


def main():
    repeats = int(sys.argv[1]) if len(sys.argv) > 1 else 7
    setup_test_environment()
    call_command("migrate", verbosity=0)
    call_command("loaddata", "fixtures/frameworks.json", verbosity=0)
    client = Client()
    client.force_login(make_user("admin", is_superuser=True))

    add_satkers(0, 40)
    small, rows_small = median_seconds(client, repeats)
    add_satkers(40, 360)
    large, rows_large = median_seconds(client, repeats)
    print(f"overview, {rows_small} satkers:   {small * 1000:8.1f} ms")
    print(f"overview, {rows_large} satkers:  {large * 1000:8.1f} ms")
    print(f"ratio {rows_large} / {rows_small}:            {large / small:8.1f}x (satkers: 10x)")


if __name__ == "__main__":
    main()
