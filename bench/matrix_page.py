"""Time the matrix page at the seed's size and at ten times it, in the same run.

    .venv/bin/python bench/matrix_page.py [repeats]

Prints the median time of each and the ratio (large / seed). The machines are shared and
noisy, so only the ratio means much; the query count is pinned by the tests instead.
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

from components.models import Satker  # noqa: E402
from tests.factories import make_plan, make_satker, make_user  # noqa: E402


def median_seconds(client, url, repeats):
    client.get(url)  # warm up templates and caches
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        response = client.get(url)
        times.append(time.perf_counter() - start)
        assert response.status_code == 200
    return statistics.median(times)


def main():
    repeats = int(sys.argv[1]) if len(sys.argv) > 1 else 15
    setup_test_environment()
    call_command("migrate", verbosity=0)
    call_command("loaddata", "fixtures/frameworks.json", "fixtures/pn-sarolangun-2021.json")
    seed_satker = Satker.objects.get(slug="pn-sarolangun")
    big_satker = make_satker("pn-besar")
    make_plan(big_satker, 2021, scale=10)
    client = Client()
    client.force_login(make_user("bench", seed_satker, "ketua", is_superuser=True))

    seed = median_seconds(client, "/plans/pn-sarolangun/2021/matrix/", repeats)
    large = median_seconds(client, "/plans/pn-besar/2021/matrix/", repeats)
    print(f"matrix page, seed plan (55 requirements):      {seed * 1000:8.1f} ms")
    print(f"matrix page, generated plan (10x the rows):    {large * 1000:8.1f} ms")
    print(f"ratio large / seed:                            {large / seed:8.1f}x")


if __name__ == "__main__":
    main()
