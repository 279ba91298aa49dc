"""Every flow that stores or reads a file, with the files in an S3-compatible store.

STORAGES points at moto's standalone S3 server on loopback (tests/s3_server.py), through
the same backend settings.py builds from STORAGE_S3_*; each test writes under a prefix of
its own, so listings see only that test's objects.
"""

import hashlib
import io
import os
import subprocess
import sys
import uuid
import zipfile

import pytest
from botocore.exceptions import ClientError
from django.conf import settings as django_settings
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from PIL import Image

from assessment.models import Assessment, QuestionEvidence
from evidence.models import EvidenceFile
from evidence.services import review_file
from reports.models import SignedMatrix
from tests import samples
from tests.evidence_helpers import BASE, file_url, login, upload
from tests.installs import manage
from tests.lke_helpers import load, node_named
from tests.s3_server import BUCKET, storage_options
from zi_tracker.files import removed_on_failure
from zi_tracker.storage import StreamedObject, StreamingS3Storage

pytestmark = pytest.mark.django_db
BASE_DIR = str(django_settings.BASE_DIR)


@pytest.fixture(autouse=True)
def media_root(settings, s3_server):
    """Replaces the suite's folder per test: a prefix of the bucket per test. Yields the
    boto3 client and the prefix, to look at the bucket from outside the app."""
    endpoint, client = s3_server
    prefix = f"t-{uuid.uuid4().hex}"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "zi_tracker.storage.StreamingS3Storage",
            "OPTIONS": {**storage_options(endpoint), "location": prefix},
        },
    }
    yield client, prefix


def keys(media_root):
    client, prefix = media_root
    listing = client.list_objects_v2(Bucket=BUCKET, Prefix=f"{prefix}/")
    return sorted(item["Key"][len(prefix) + 1 :] for item in listing.get("Contents", ()))


def stored_bytes(media_root, name):
    client, prefix = media_root
    return client.get_object(Bucket=BUCKET, Key=f"{prefix}/{name}")["Body"].read()


def body(response):
    assert response.status_code == 200, response.status_code
    return b"".join(response.streaming_content)


def test_it_stores_a_photo_and_its_thumbnail_privately_and_serves_them_to_members_only(
    client, users, requirement, media_root
):
    photo = samples.jpeg(width=800, height=600, gps=False)
    login(client, users["staf"])
    assert upload(client, requirement, [("foto.jpg", photo)]).status_code == 302
    stored = EvidenceFile.objects.get()
    assert stored.thumbnail.name
    assert keys(media_root) == sorted([stored.file.name, stored.thumbnail.name])
    client_s3, prefix = media_root
    grants = client_s3.get_object_acl(Bucket=BUCKET, Key=f"{prefix}/{stored.file.name}")
    assert all(g["Grantee"].get("URI") is None for g in grants["Grants"])  # no AllUsers
    login(client, users["ketua_tim"])
    downloaded = body(client.get(file_url(stored, "download")))
    assert downloaded == stored_bytes(media_root, stored.file.name)
    assert hashlib.sha256(downloaded).hexdigest() == stored.sha256
    assert body(client.get(file_url(stored, "thumbnail"))).startswith(b"\xff\xd8")
    login(client, users["outsider"])
    assert client.get(file_url(stored, "download")).status_code == 404
    assert client.get(file_url(stored, "thumbnail")).status_code == 404


def test_it_streams_a_download_in_chunks_without_reading_the_object_whole(
    client, users, requirement, media_root
):
    login(client, users["staf"])
    upload(client, requirement, [("notula.pdf", samples.pdf("Notula " * 4000))])
    stored = EvidenceFile.objects.get()
    opened = default_storage.open(stored.file.name)
    assert isinstance(opened, StreamedObject) and not opened.seekable()
    assert opened.size == stored.size
    opened.close()
    response = client.get(file_url(stored, "download"))
    chunks = list(response.streaming_content)
    assert len(chunks) > 1 and max(map(len, chunks)) <= response.block_size
    assert hashlib.sha256(b"".join(chunks)).hexdigest() == stored.sha256


def test_a_missing_object_is_gone_with_the_refusal_page(client, users, requirement, media_root):
    login(client, users["staf"])
    upload(client, requirement, [("notula.pdf", samples.pdf())])
    stored = EvidenceFile.objects.get()
    client_s3, prefix = media_root
    client_s3.delete_object(Bucket=BUCKET, Key=f"{prefix}/{stored.file.name}")
    gone = client.get(file_url(stored, "download"))
    assert gone.status_code == 410 and "notula.pdf" in gone.content.decode()


def test_the_signed_pdf_and_its_scanned_signature_are_stored_and_served(client, users, media_root):
    login(client, users["ketua"])
    draft = client.get(f"{BASE}matrix.pdf")
    assert draft.status_code == 200
    signature = io.BytesIO()
    Image.new("RGBA", (300, 120), (0, 0, 128, 200)).save(signature, "PNG")
    response = client.post(
        f"{BASE}sign/",
        {
            "paper": "a4",
            "confirm": "on",
            "signature": SimpleUploadedFile("t.png", signature.getvalue()),
        },
    )
    assert response.status_code == 302
    signed = SignedMatrix.objects.get()
    assert {signed.file.name, signed.signature_image.name} <= set(keys(media_root))
    data = body(client.get(f"{BASE}matrix.pdf"))
    assert data.startswith(b"%PDF") and hashlib.sha256(data).hexdigest() == signed.sha256
    assert body(client.get(f"{BASE}signed/1.pdf")) == data
    login(client, users["outsider"])
    assert client.get(f"{BASE}signed/1.pdf").status_code == 404


def test_the_monev_report_attached_as_evidence_is_stored(client, users, plan, media_root):
    login(client, users["ketua_tim"])
    monev = f"{BASE}monev/3/"
    token = client.get(monev).context["submission"]
    assert client.post(f"{monev}attach/", {"submission": token}).status_code == 302
    stored = EvidenceFile.objects.get()
    assert stored.file.name in keys(media_root)
    assert body(client.get(file_url(stored, "download"))).startswith(b"%PDF")


def test_the_evidence_zip_holds_the_stored_bytes(client, users, requirement, media_root):
    login(client, users["staf"])
    upload(client, requirement, [("undangan.pdf", samples.pdf("Undangan"))])
    upload(client, requirement, [("foto.jpg", samples.jpeg())])
    for evidence_file in EvidenceFile.objects.all():
        review_file(evidence_file=evidence_file, user=users["ketua_tim"], approve=True)
    login(client, users["penilai"])
    archive = zipfile.ZipFile(io.BytesIO(body(client.get(f"{BASE}evidence.zip"))))
    inside = {hashlib.sha256(archive.read(n)).hexdigest() for n in archive.namelist()}
    assert set(EvidenceFile.objects.values_list("sha256", flat=True)) <= inside


def test_lke_evidence_uploads_open_and_go_into_the_lke_zip(client, users, satker, plan, media_root):
    tree = load("90/2021")
    Assessment.objects.create(satker=satker, year=2021, framework=tree.framework, plan=plan)
    question = node_named(tree, "Rencana Pembangunan Zona Integritas").scored_questions[0]
    url = "/assessment/pn-sarolangun/2021/"
    login(client, users["ketua_tim"])
    pdf = samples.pdf("SK Tim")
    response = client.post(
        f"{url}q/{question.pk}/unit/bukti/",
        {"kind": "upload", "file": SimpleUploadedFile("sk-tim.pdf", pdf)},
    )
    assert response.status_code == 302
    item = QuestionEvidence.objects.get()
    assert item.file.name in keys(media_root)
    login(client, users["penilai"])
    assert body(client.get(f"{url}bukti/{item.public_id}/")) == pdf
    archive = zipfile.ZipFile(io.BytesIO(body(client.get(f"{url}bukti-lke.zip"))))
    assert any(archive.read(n) == pdf for n in archive.namelist() if n.endswith(".pdf"))
    client_s3, prefix = media_root
    client_s3.put_object(Bucket=BUCKET, Key=f"{prefix}/{item.file.name}", Body=b"%PDF-palsu")
    assert client.get(f"{url}bukti/{item.public_id}/").status_code == 409
    login(client, users["outsider"])
    assert client.get(f"{url}bukti/{item.public_id}/").status_code == 404


def test_verify_evidence_lists_the_bucket_and_reports_a_changed_object(
    client, users, requirement, media_root, capsys
):
    login(client, users["staf"])
    upload(client, requirement, [("foto.jpg", samples.jpeg())])
    upload(client, requirement, [("notula.pdf", samples.pdf())])
    call_command("verify_evidence")
    assert "2 file(s) checked, 0 problem(s), 0 orphan(s)." in capsys.readouterr().out
    pdf = EvidenceFile.objects.get(original_name="notula.pdf")
    client_s3, prefix = media_root
    client_s3.put_object(Bucket=BUCKET, Key=f"{prefix}/{pdf.file.name}", Body=samples.pdf("X"))
    client_s3.put_object(Bucket=BUCKET, Key=f"{prefix}/evidence/x/2021/stray.pdf", Body=b"x")
    with pytest.raises(CommandError, match="1 problem"):
        call_command("verify_evidence")
    out = capsys.readouterr().out
    assert f"CHANGED  #{pdf.pk}" in out and "ORPHAN   evidence/x/2021/stray.pdf" in out


def test_a_failed_write_removes_its_object_and_a_failed_removal_hides_no_error(
    media_root, monkeypatch
):
    with pytest.raises(ZeroDivisionError), removed_on_failure() as written:
        written.append(default_storage.save("evidence/a.pdf", io.BytesIO(b"%PDF-1.4")))
        1 / 0  # noqa: B018
    assert keys(media_root) == []

    def unreachable(storage, name):
        raise ClientError({"Error": {"Code": "ServiceUnavailable"}}, "DeleteObject")

    monkeypatch.setattr(StreamingS3Storage, "delete", unreachable)
    with pytest.raises(ZeroDivisionError), removed_on_failure() as written:
        written.append(default_storage.save("evidence/b.pdf", io.BytesIO(b"%PDF-1.4")))
        1 / 0  # noqa: B018
    assert keys(media_root) == ["evidence/b.pdf"]  # left, and logged, for cleanup_orphans


def test_names_are_never_overwritten(media_root):
    first = default_storage.save("evidence/same.pdf", io.BytesIO(b"one"))
    second = default_storage.save("evidence/same.pdf", io.BytesIO(b"two"))
    assert first != second
    assert stored_bytes(media_root, first) == b"one"


def test_the_environment_settings_put_files_in_the_bucket(s3_server):
    """STORAGE_S3_* as a court's .env would set them: a file saved and read back."""
    endpoint, client = s3_server
    env = {k: v for k, v in os.environ.items() if not k.startswith("STORAGE_")}
    env.update(
        DJANGO_SETTINGS_MODULE="zi_tracker.settings",
        DEBUG="1",
        STORAGE_S3_BUCKET=BUCKET,
        STORAGE_S3_ENDPOINT_URL=endpoint,
        STORAGE_S3_ACCESS_KEY="testing",
        STORAGE_S3_SECRET_KEY="testing",
        STORAGE_S3_REGION="us-east-1",
        STORAGE_S3_PREFIX="from-env",
    )
    code = (
        "import django, io; django.setup(); "
        "from django.core.files.storage import default_storage as s; "
        "name = s.save('evidence/x.pdf', io.BytesIO(b'%PDF-env')); "
        "print(type(s._wrapped).__name__, s.file_overwrite, s.default_acl, s.open(name).read())"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=BASE_DIR, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["StreamingS3Storage", "False", "None", "b'%PDF-env'"]
    assert client.get_object(Bucket=BUCKET, Key="from-env/evidence/x.pdf")["Body"].read() == (
        b"%PDF-env"
    )


@pytest.mark.django_db(transaction=True)
def test_a_backup_of_the_bucket_restores_into_another_bucket_prefix(
    court, media_root, s3_server, fresh, tmp_path
):
    """backup reads the objects through the storage API and restore writes them back the
    same way: a court on object storage keeps every byte across a restore."""
    before = {name: stored_bytes(media_root, name) for name in keys(media_root)}
    # the photo, its thumbnail, the PDF, the signed matrix and its signature scan
    assert len(before) >= 4 and any(name.startswith("signed/") for name in before)
    target = tmp_path / "backup"
    call_command("backup", str(target), stdout=io.StringIO())

    endpoint, s3 = s3_server
    prefix = f"restored-{uuid.uuid4().hex}"
    env = {k: v for k, v in fresh.items() if not k.startswith("STORAGE_")}
    env.update(
        STORAGE_S3_BUCKET=BUCKET, STORAGE_S3_ENDPOINT_URL=endpoint, STORAGE_S3_REGION="us-east-1",
        STORAGE_S3_ACCESS_KEY="testing", STORAGE_S3_SECRET_KEY="testing",
        STORAGE_S3_PREFIX=prefix,
    )  # fmt: skip
    assert manage(env, "migrate", "--no-input").returncode == 0
    restored = manage(env, "restore", str(target))
    assert restored.returncode == 0, restored.stderr
    assert keys((s3, prefix)) == sorted(before)
    assert {name: stored_bytes((s3, prefix), name) for name in before} == before
    verified = manage(env, "verify_evidence")
    assert verified.returncode == 0 and "0 problem(s)" in verified.stdout, verified.stdout
