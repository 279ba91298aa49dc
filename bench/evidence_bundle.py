"""Bundle at least 1 GB of evidence and compare with simply reading the same files.

    .venv/bin/python bench/evidence_bundle.py [megabytes]     (default 1100)

Generates evidence files of 1 to 8 MB (random bytes, so nothing compresses) on the seed
plan's months in a temporary media folder, marks them approved, then in the same run:

  read      every file read from disk in chunks, bytes discarded (the floor)
  bundle    GET /plans/pn-sarolangun/2021/evidence.zip, the streamed body discarded

and prints the time, throughput, ratio, and the peak Python memory of each (tracemalloc,
in a separate pass so it does not slow the timed one). The peak must not grow with the
bundle: compare runs at 300 and 1100 MB.

Run as root, each timed pass starts with the page cache dropped, so both really read the
disk; otherwise both read warm files from memory, and the report says which.
"""

import os
import shutil
import sys
import tempfile
import time
import tracemalloc
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ["DJANGO_SETTINGS_MODULE"] = "tests.settings"
os.environ["DATABASE_URL"] = "sqlite:///:memory:"

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

from components.models import Cell, Role, Satker  # noqa: E402
from evidence.models import EvidenceFile  # noqa: E402
from reports.bundle import CHUNK  # noqa: E402
from tests.factories import make_user  # noqa: E402

MB = 1024 * 1024


def generate(root, user, megabytes):
    """Files of 1..8 MB spread over the planned months; returns their paths."""
    cells = list(Cell.objects.filter(planned=True).order_by("pk"))
    folder = root / "evidence" / "bench"
    folder.mkdir(parents=True)
    records, paths, total, i = [], [], 0, 0
    token = uuid.uuid4()
    block = os.urandom(MB)
    while total < megabytes * MB:
        size = (1 + i % 8) * MB - i  # sizes that are not round
        name = f"evidence/bench/{uuid.uuid4().hex}.pdf"
        with open(root / name, "wb") as out:
            out.write(b"%PDF-1.4\n")
            for _ in range(size // MB):
                out.write(block)
            out.write(block[: size % MB - 9] if size % MB > 9 else b"")
        actual = (root / name).stat().st_size
        records.append(
            EvidenceFile(
                cell=cells[i % len(cells)],
                file=name,
                original_name=f"bukti rapat {i}.pdf",
                size=actual,
                content_type="application/pdf",
                sha256="0" * 64,
                description="Bukti",
                activity_date="2021-01-20",
                uploaded_by=user,
                submission=token,
                submission_index=i,
                status="approved",
                reviewed_by=user,
            )
        )
        paths.append(root / name)
        total += actual
        i += 1
    EvidenceFile.objects.bulk_create(records)
    return paths, total


def read_all(paths):
    count = 0
    for path in paths:
        with open(path, "rb") as handle:
            while chunk := handle.read(CHUNK):
                count += len(chunk)
    return count


def bundle(client):
    response = client.get("/plans/pn-sarolangun/2021/evidence.zip")
    assert response.status_code == 200
    return sum(len(piece) for piece in response.streaming_content)


def drop_caches():
    """Empty the kernel's page cache (root only); True if it was done."""
    try:
        os.sync()
        Path("/proc/sys/vm/drop_caches").write_text("3\n")
    except OSError:
        return False
    return True


def timed(function, *args):
    cold = drop_caches()
    start = time.perf_counter()
    result = function(*args)
    return time.perf_counter() - start, result, cold


def peak(function, *args):
    tracemalloc.start()
    function(*args)
    _current, top = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return top


def main():
    megabytes = int(sys.argv[1]) if len(sys.argv) > 1 else 1100
    root = Path(tempfile.mkdtemp(prefix="zi-bundle-bench-"))
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(root)},
        },
    }
    try:
        setup_test_environment()
        call_command("migrate", verbosity=0)
        call_command(
            "loaddata", "fixtures/frameworks.json", "fixtures/pn-sarolangun-2021.json", verbosity=0
        )
        user = make_user("penilai", Satker.objects.get(slug="pn-sarolangun"), Role.PENILAI)
        paths, total = generate(root, user, megabytes)
        client = Client()
        client.force_login(user)

        read_all(paths)  # warm the page cache, in case it cannot be dropped
        read_time, read_bytes, cold = timed(read_all, paths)
        bundle_time, zip_bytes, _cold = timed(bundle, client)
        read_again, _bytes, _cold = timed(read_all, paths)
        read_time = min(read_time, read_again)
        read_peak = peak(read_all, paths)
        bundle_peak = peak(bundle, client)

        print(f"evidence: {len(paths)} files, {total / MB:.0f} MB; ZIP {zip_bytes / MB:.0f} MB; "
              f"{'cold (page cache dropped)' if cold else 'warm page cache'}")  # fmt: skip
        print(f"read:   {read_time:6.2f} s  {read_bytes / MB / read_time:7.0f} MB/s"
              f"  peak {read_peak / MB:6.2f} MB")  # fmt: skip
        print(f"bundle: {bundle_time:6.2f} s  {zip_bytes / MB / bundle_time:7.0f} MB/s"
              f"  peak {bundle_peak / MB:6.2f} MB")  # fmt: skip
        print(f"ratio bundle/read: {bundle_time / read_time:.2f}x time")
    finally:
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
