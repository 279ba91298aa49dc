"""Time the overview of units at 90 and at 900 satkers (a plan each for the year shown, ten
more years of plans beside), per unit and rolled up by region.

    .venv/bin/python bench/overview.py [repeats]

Prints medians and the ratio of the time per row shown at 900 satkers to that at 90: it
must stay near 1 (time grows no faster than the rows shown). Query counts are pinned by
tests/test_oversight.py.
"""

import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ["DJANGO_SETTINGS_MODULE"] = "tests.settings"
os.environ["DATABASE_URL"] = "sqlite:///:memory:"

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

from components.models import Framework, Membership, Plan, Role, Satker  # noqa: E402
from tests.factories import make_user  # noqa: E402


def median(action, repeats):
    action()
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def grow(root, prefix, count):
    framework = Framework.objects.get(code="52/2014")
    pts = Satker.objects.bulk_create(
        Satker(slug=f"{prefix}-pt-{i:02d}", name=f"PT {prefix} {i:02d}", parent=root)
        for i in range(max(1, count // 30))
    )
    pns = Satker.objects.bulk_create(
        Satker(slug=f"{prefix}-pn-{i:03d}", name=f"PN {prefix} {i:03d}", parent=pts[i % len(pts)])
        for i in range(count)
    )
    Satker.objects.rebuild_paths()
    Plan.objects.bulk_create(
        Plan(satker=pn, year=year, title="x", framework=framework)
        for pn in pns
        for year in range(2011, 2022)
    )


def main():
    repeats = int(sys.argv[1]) if len(sys.argv) > 1 else 7
    setup_test_environment()
    call_command("migrate", verbosity=0)
    call_command("loaddata", str(ROOT / "fixtures/frameworks.json"), verbosity=0)
    client = Client()
    results = {}
    for count in (90, 900):
        root = Satker.objects.create(slug=f"badilum-{count}", name=f"Badilum {count}")
        grow(root, f"b{count}", count)
        user = make_user(f"pengawas-{count}")
        Membership.objects.create(user=user, satker=root, role=Role.PENGAWAS)
        client.force_login(user)
        flat = median(lambda: client.get("/overview/?year=2021"), repeats)
        grouped = median(lambda: client.get("/overview/?year=2021&group=1"), repeats)
        results[count] = (flat, grouped)
        print(f"{count:4d} satkers: per unit {flat * 1000:7.1f} ms", end="   ")
        print(f"by region {grouped * 1000:7.1f} ms")
    small, large = results[90], results[900]
    print(
        f"time per unit row, 900 / 90 satkers:  {large[0] / 900 / (small[0] / 90):5.2f}  (near 1)"
    )
    print(f"by region, 900 / 90 satkers:          {large[1] / small[1]:5.2f}x  (rows: 30 / 3)")


if __name__ == "__main__":
    main()
