"""Stored files are served only while their bytes are those recorded; verify_evidence
checks every file the app vouches for, signed matrices included."""

import hashlib

import pytest
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command
from django.utils import translation
from django.utils.translation import gettext

from evidence.models import EvidenceFile
from reports.models import SignedMatrix
from tests import samples
from tests.evidence_helpers import BASE, file_url, login, upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed(plan, users):
    data = samples.pdf("Matriks bertanda tangan")
    signed = SignedMatrix(plan=plan, version=1, paper="a4", signed_by=users["ketua"],
                          sha256=hashlib.sha256(data).hexdigest(), size=len(data),
                          fingerprint="x", signatory_name="Ketua",
                          verify_url="http://t/verify/")  # fmt: skip
    signed.file.save("v1.pdf", ContentFile(data), save=False)
    signed.save()
    return signed


@pytest.fixture
def evidence_pdf(client, users, requirement):
    login(client, users["staf"])
    assert upload(client, requirement, [("notula.pdf", samples.pdf())]).status_code == 302
    return EvidenceFile.objects.get()


def page_says(response, phrase):
    with translation.override("id"):
        return gettext(phrase) in response.content.decode()


def test_a_changed_evidence_file_is_refused_not_served(client, evidence_pdf, media_root, caplog):
    (media_root / evidence_pdf.file.name).write_bytes(samples.pdf("Berita acara palsu"))
    for url in (file_url(evidence_pdf), file_url(evidence_pdf, "download")):
        response = client.get(url)
        assert response.status_code == 409
        assert not response.streaming and b"palsu" not in response.content
        assert page_says(response, "File not available")
    assert "Refused to serve" in caplog.text and "changed" in caplog.text


def test_a_deleted_evidence_file_is_gone(client, evidence_pdf, media_root):
    (media_root / evidence_pdf.file.name).unlink()
    response = client.get(file_url(evidence_pdf))
    assert response.status_code == 410
    assert page_says(response, "File not available")


def test_an_intact_evidence_pdf_is_served_sandboxed(client, evidence_pdf):
    response = client.get(file_url(evidence_pdf))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == samples.pdf()
    assert response["Content-Security-Policy"] == "sandbox"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_a_changed_signed_pdf_is_refused(client, users, signed, media_root):
    login(client, users["penilai"])
    ok = client.get(f"{BASE}signed/1.pdf")
    assert ok.status_code == 200 and ok["Content-Security-Policy"] == "sandbox"
    assert ok["X-Content-Type-Options"] == "nosniff"
    path = media_root / signed.file.name
    path.write_bytes(path.read_bytes().replace(b"bertanda", b"BERTANDA"))
    for url in (f"{BASE}signed/1.pdf", f"{BASE}matrix.pdf"):
        response = client.get(url)
        assert response.status_code == 409 and not response.streaming


def test_verify_evidence_checks_signed_matrices(signed, media_root, capsys):
    call_command("verify_evidence")
    assert "1 file(s) checked, 0 problem(s), 0 orphan(s)." in capsys.readouterr().out
    path = media_root / signed.file.name
    data = path.read_bytes()
    path.write_bytes(data[:-10] + b"X" + data[-9:])  # one byte
    with pytest.raises(CommandError, match="1 problem"):
        call_command("verify_evidence")
    assert f"CHANGED  signed matrix {signed.file.name}" in capsys.readouterr().out
    path.unlink()
    with pytest.raises(CommandError, match="1 problem"):
        call_command("verify_evidence")
    assert f"MISSING  signed matrix {signed.file.name}" in capsys.readouterr().out


def test_verify_evidence_lists_a_stray_file_among_signed_ones(signed, media_root, capsys):
    (media_root / "signed" / "pn-sarolangun" / "2021" / "stray.pdf").write_bytes(b"x")
    call_command("verify_evidence")
    assert "ORPHAN   signed/pn-sarolangun/2021/stray.pdf" in capsys.readouterr().out
