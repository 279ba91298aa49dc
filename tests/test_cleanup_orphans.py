"""cleanup_orphans: what a server killed mid-upload or mid-signature left behind."""

import io
import os
import time

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command

from evidence.models import EvidenceFile
from tests import samples
from tests.evidence_helpers import login, stored_files, upload

pytestmark = pytest.mark.django_db


def left_behind(media_root, name, hours_ago=2):
    """A file written by an upload whose process died before its row was committed."""
    saved = default_storage.save(name, ContentFile(b"%PDF-1.4 half an upload"))
    old = time.time() - hours_ago * 3600
    os.utime(media_root / saved, (old, old))
    return saved


def run(*args):
    out = io.StringIO()
    call_command("cleanup_orphans", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def uploaded(client, users, requirement):
    login(client, users["staf"])
    upload(client, requirement, [("foto.jpg", samples.jpeg()), ("notula.pdf", samples.pdf())])
    return list(EvidenceFile.objects.all())


def test_it_removes_files_no_record_points_to_and_keeps_the_rest(uploaded, media_root):
    kept = stored_files(media_root)
    assert len(kept) == 3  # the photo, its thumbnail, the PDF
    evidence = left_behind(media_root, "evidence/pn-sarolangun/2021/dead.pdf")
    signed = left_behind(media_root, "signed/pn-sarolangun/2021/v1-DEAD.pdf")
    output = run()
    assert f"ORPHAN   {evidence} (removed)" in output
    assert f"ORPHAN   {signed} (removed)" in output
    assert "2 orphan file(s) removed, 0 record(s) missing their file." in output
    assert stored_files(media_root) == kept
    call_command("verify_evidence", stdout=io.StringIO())  # the evidence is intact


def test_a_dry_run_only_lists_them(uploaded, media_root):
    orphan = left_behind(media_root, "thumbnails/pn-sarolangun/2021/dead.jpg")
    output = run("--dry-run")
    assert f"ORPHAN   {orphan} (would remove)" in output
    assert (media_root / orphan).exists()


def test_a_file_still_being_recorded_is_left_alone(uploaded, media_root):
    young = left_behind(media_root, "evidence/pn-sarolangun/2021/now.pdf", hours_ago=0)
    assert "0 orphan file(s) removed" in run()
    assert (media_root / young).exists()
    assert "1 orphan file(s) removed" in run("--min-age", "0")


def test_a_record_whose_file_is_gone_is_reported_and_kept(uploaded, media_root):
    gone = uploaded[0]
    (media_root / gone.file.name).unlink()
    out = io.StringIO()
    with pytest.raises(CommandError, match="1 record.s. missing their file"):
        call_command("cleanup_orphans", stdout=out)
    assert f"MISSING  evidence.EvidenceFile #{gone.pk} file: {gone.file.name}" in out.getvalue()
    assert EvidenceFile.objects.filter(pk=gone.pk).exists()
