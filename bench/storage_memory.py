"""Peak memory of a download from the S3 store: flat whatever the object's size.

    .venv/bin/python bench/storage_memory.py [small_mb large_mb]     (default 10 200)

Starts moto's standalone S3 server on a free loopback port (tests/s3_server.py), stores two
evidence objects of random bytes (small and large), and in the same run measures, for each:

  floor     the object read with boto3 get_object in 64 KB chunks, bytes discarded
  app       GET .../files/<id>/download/ through the app (permission check, then the
            streamed body, zi_tracker.storage.StreamingS3Storage), body discarded
  stock     the same file opened with django-storages' own S3Storage (its S3File spools the
            whole object before the first byte), small object only unless --stock-large

and prints the time and the peak Python memory (tracemalloc) of each, with the app's ratios
against the floor. The app's peak must not grow from the small object to the large one.
Bounded: two objects, loopback only, the server stopped at the end.
"""

import hashlib
import os
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
from storages.backends.s3 import S3Storage  # noqa: E402

from components.models import Cell, Role, Satker  # noqa: E402
from evidence.models import EvidenceFile  # noqa: E402
from tests.evidence_helpers import file_url  # noqa: E402
from tests.factories import make_user  # noqa: E402
from tests.s3_server import BUCKET, make_bucket, start_moto_server, storage_options  # noqa: E402

MB = 1024 * 1024
CHUNK = 64 * 1024


def store_object(client, megabytes, cell, user):
    """Upload `megabytes` of random bytes as an evidence file; returns its record."""
    block = os.urandom(MB)
    name = f"evidence/bench/{uuid.uuid4().hex}.pdf"
    digest = hashlib.sha256()
    with tempfile.TemporaryFile() as spool:
        for _ in range(megabytes):
            spool.write(block)
            digest.update(block)
        spool.seek(0)
        client.upload_fileobj(spool, BUCKET, name)
    return EvidenceFile.objects.create(
        cell=cell,
        file=name,
        original_name=f"bukti {megabytes} MB.pdf",
        size=megabytes * MB,
        content_type="application/pdf",
        sha256=digest.hexdigest(),
        description="Bukti",
        activity_date="2021-01-20",
        uploaded_by=user,
        submission=uuid.uuid4(),
        submission_index=0,
        status="approved",
        reviewed_by=user,
    )


def floor(client, record):
    body = client.get_object(Bucket=BUCKET, Key=record.file.name)["Body"]
    count = 0
    while chunk := body.read(CHUNK):
        count += len(chunk)
    return count


def app(browser, record):
    response = browser.get(file_url(record, "download"))
    assert response.status_code == 200, response.status_code
    return sum(len(piece) for piece in response.streaming_content)


def stock(options, record):
    with S3Storage(**options).open(record.file.name, "rb") as opened:
        count = 0
        while chunk := opened.read(CHUNK):
            count += len(chunk)
    return count


def measure(function, *args):
    """(seconds, peak bytes, bytes read): warmed once, timed without tracemalloc, traced."""
    function(*args)
    start = time.perf_counter()
    count = function(*args)
    seconds = time.perf_counter() - start
    tracemalloc.start()
    function(*args)
    _current, top = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return seconds, top, count


def run(sizes, stock_large):
    process, endpoint = start_moto_server()
    try:
        client = make_bucket(endpoint)
        options = storage_options(endpoint)
        settings.STORAGES = {
            **settings.STORAGES,
            "default": {"BACKEND": "zi_tracker.storage.StreamingS3Storage", "OPTIONS": options},
        }
        setup_test_environment()
        call_command("migrate", verbosity=0)
        call_command(
            "loaddata", "fixtures/frameworks.json", "fixtures/pn-sarolangun-2021.json", verbosity=0
        )
        user = make_user("ketua-tim", Satker.objects.get(slug="pn-sarolangun"), Role.KETUA_TIM)
        cell = Cell.objects.filter(planned=True).order_by("pk").first()
        browser = Client()
        browser.force_login(user)
        peaks = []
        for megabytes in sizes:
            record = store_object(client, megabytes, cell, user)
            base_s, base_peak, _n = measure(floor, client, record)
            app_s, app_peak, count = measure(app, browser, record)
            assert count == record.size
            peaks.append(app_peak)
            ratios = f"x{app_s / base_s:.2f} time, x{app_peak / max(base_peak, 1):.2f} memory"
            print(f"{megabytes:5d} MB  floor {base_s:6.2f} s peak {base_peak / MB:6.2f} MB | "
                  f"app {app_s:6.2f} s peak {app_peak / MB:6.2f} MB ({ratios})")  # fmt: skip
            if megabytes == sizes[0] or stock_large:
                stock_s, stock_peak, _n = measure(stock, options, record)
                print(f"         stock django-storages S3File {stock_s:6.2f} s "
                      f"peak {stock_peak / MB:7.2f} MB")  # fmt: skip
        growth = peaks[-1] / peaks[0]
        print(f"app peak {sizes[-1]} MB / {sizes[0]} MB: x{growth:.2f} (flat is ~1)")
    finally:
        process.terminate()
        process.wait(timeout=10)


def main():
    numbers = [int(arg) for arg in sys.argv[1:] if arg.isdigit()]
    run(numbers or [10, 200], stock_large="--stock-large" in sys.argv)


if __name__ == "__main__":
    main()
