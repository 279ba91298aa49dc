"""The evaluators' evidence bundle: one ZIP mirroring the plan, with an index, streamed."""

import hashlib
import io
import zipfile

import openpyxl
import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from evidence.models import EvidenceFile
from evidence.services import review_file
from reports.bundle import CHUNK, safe_name
from tests import samples
from tests.evidence_helpers import login, upload

pytestmark = pytest.mark.django_db

URL = "/plans/pn-sarolangun/2021/evidence.zip"
FOLDER = (
    "1 Manajemen Perubahan/1.2 Dokumen Rencana Pembangunan Zona Integritas menuju WBK-W/"
    "Bukti 1 Undangan, absensi serta foto, Dokumen rencana aksi/"
)


@pytest.fixture
def files(client, users, requirement):
    """Three uploads on 1.2's first row in JAN: approved PDF, approved photo, one waiting."""
    login(client, users["staf"])
    upload(client, requirement, [("undangan rapat.pdf", samples.pdf("Undangan"))])
    upload(client, requirement, [("foto.jpg", samples.jpeg())])
    upload(client, requirement, [("notula.pdf", samples.pdf("Notula"))])
    first, second, third = EvidenceFile.objects.order_by("pk")
    review_file(evidence_file=first, user=users["ketua_tim"], approve=True)
    review_file(evidence_file=second, user=users["ketua_tim"], approve=True)
    return first, second, third


def download(client, url=URL):
    response = client.get(url)
    assert response.status_code == 200
    assert response.streaming and response["Content-Type"] == "application/zip"
    return zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))


def test_the_bundle_mirrors_the_plan_with_approved_files_and_an_index(client, users, files):
    login(client, users["penilai"])
    archive = download(client)
    assert archive.testzip() is None
    names = archive.namelist()
    assert names == [
        FOLDER + "2021-01 undangan rapat.pdf",
        FOLDER + "2021-01 foto.jpg",
        "index.html",
        "index.xlsx",
    ]
    first, second, _waiting = files
    data = archive.read(FOLDER + "2021-01 undangan rapat.pdf")
    assert hashlib.sha256(data).hexdigest() == first.sha256

    html = archive.read("index.html").decode()
    assert 'href="1%20Manajemen%20Perubahan/1.2%20' in html
    assert first.sha256 in html and second.sha256 in html and "ketua-tim" in html
    assert "<h1>Bukti fisik Pengadilan Negeri Sarolangun 2021</h1>" in html

    sheet = openpyxl.load_workbook(io.BytesIO(archive.read("index.xlsx")))["Indeks"]
    rows = list(sheet.iter_rows(min_row=3, values_only=True))
    assert [r[0] for r in rows] == names[:2]
    path, component, indicator, text, month, name, uploader, _up, status, approver, _at, sha = rows[
        0
    ]
    assert component == "1 Manajemen Perubahan" and indicator.startswith("1.2 Dokumen")
    assert text.startswith("1. Undangan") and month == "JAN 2021"
    assert (name, uploader, status, approver, sha) == (
        "undangan rapat.pdf", "staf", "disetujui", "ketua-tim", first.sha256
    )  # fmt: skip


def test_everything_but_withdrawn_files_on_request(client, users, files):
    login(client, users["ketua_tim"])
    response = client.get(URL + "?semua=1")
    assert "bukti-zi-pn-sarolangun-2021-semua.zip" in response["Content-Disposition"]
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    assert FOLDER + "2021-01 notula.pdf" in archive.namelist()


def test_the_signed_matrix_is_at_the_top(client, users, files):
    login(client, users["ketua"])
    client.post("/plans/pn-sarolangun/2021/sign/", {"paper": "a4", "confirm": "on"})
    archive = download(client)
    first = archive.namelist()[0]
    assert first == "Matriks ZI Pengadilan Negeri Sarolangun 2021 (ditandatangani v1).pdf"
    assert archive.read(first).startswith(b"%PDF")
    assert "ditandatangani v1" in archive.read("index.html").decode()


def test_a_file_missing_from_storage_is_listed_as_missing(client, users, files, media_root):
    first, _second, _third = files
    (media_root / first.file.name).unlink()
    login(client, users["penilai"])
    archive = download(client)
    assert archive.testzip() is None
    assert FOLDER + "2021-01 undangan rapat.pdf" not in archive.namelist()
    assert (
        "hilang dari penyimpanan</span> undangan rapat.pdf" in archive.read("index.html").decode()
    )
    sheet = openpyxl.load_workbook(io.BytesIO(archive.read("index.xlsx")))["Indeks"]
    assert sheet["I3"].value == "BERKAS HILANG"


def test_a_file_changed_after_upload_is_flagged_in_both_indexes(client, users, files, media_root):
    first, _second, _third = files
    (media_root / first.file.name).write_bytes(samples.pdf("Undangan palsu"))
    login(client, users["penilai"])
    archive = download(client)
    assert archive.testzip() is None
    index = archive.read("index.html").decode()
    assert "berubah setelah diunggah: tidak lagi cocok dengan SHA-256" in index
    assert index.count("berubah setelah diunggah") == 1  # the photo is intact
    sheet = openpyxl.load_workbook(io.BytesIO(archive.read("index.xlsx")))["Indeks"]
    assert sheet["I3"].value == "BERKAS BERUBAH SETELAH DIUNGGAH"
    assert sheet["I4"].value != "BERKAS BERUBAH SETELAH DIUNGGAH"


def test_the_response_is_streamed_in_small_pieces(client, users, requirement, files):
    """A file bigger than a chunk goes out as several pieces, none much bigger than a chunk."""
    login(client, users["staf"])
    big = samples.pdf("Lampiran") + b"%" + b"x" * (3 * CHUNK)
    upload(client, requirement, [("lampiran.pdf", big)])
    review_file(evidence_file=EvidenceFile.objects.latest("pk"), user=users["ketua_tim"],
                approve=True)  # fmt: skip
    response = client.get(URL)
    sizes = [len(piece) for piece in response.streaming_content]
    assert len(sizes) > 4
    assert max(sizes) <= CHUNK + 4096


def test_queries_are_counted(client, users, files):
    login(client, users["penilai"])
    with CaptureQueriesContext(connection) as queries:
        b"".join(client.get(URL).streaming_content)
    # session, user, plan, membership, files, signed version
    assert len(queries) == 6


@pytest.mark.parametrize("role", ["staf", "ketua_tim", "ketua", "penilai", "admin"])
def test_every_member_may_download(client, users, role):
    login(client, users[role])
    assert client.get(URL).status_code == 200


def test_outsiders_get_nothing(client, users):
    assert client.get(URL).status_code == 302
    login(client, users["outsider"])
    assert client.get(URL).status_code == 404
    login(client, users["penilai"])
    assert client.post(URL).status_code == 405


def test_bundle_evidence_writes_the_same_zip(users, files, tmp_path):
    out = tmp_path / "bukti.zip"
    call_command("bundle_evidence", "pn-sarolangun", "2021", "-o", str(out))
    archive = zipfile.ZipFile(out)
    assert len(archive.namelist()) == 4 and archive.testzip() is None
    assert not (tmp_path / "bukti.zip.part").exists()


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("a/b\\c:d*e?.pdf", "a-b-c-d-e-.pdf"),
        ("baris\nbaru\x00.pdf", "baris baru .pdf"),
        ("x" * 300 + ".pdf", "x" * 56 + ".pdf"),
        ("  ..  ", "_"),
        ("Bukti 1 Undangan, absensi, ", "Bukti 1 Undangan, absensi,"),
    ],
)
def test_names_are_safe_on_every_system(name, expected):
    assert safe_name(name) == expected


def test_a_control_character_in_a_name_breaks_no_export(client, users, files):
    users["staf"].first_name = "Budi\x0bSantoso"
    users["staf"].save()
    login(client, users["penilai"])
    archive = download(client)
    sheet = openpyxl.load_workbook(io.BytesIO(archive.read("index.xlsx")))["Indeks"]
    assert sheet["G3"].value == "BudiSantoso"
    assert client.get("/plans/pn-sarolangun/2021/matrix.xlsx").status_code == 200


def test_a_file_that_fails_while_read_is_listed_as_incomplete(client, users, files, monkeypatch):
    from django.core.files.storage import FileSystemStorage

    first, _second, _third = files
    real_open = FileSystemStorage.open

    class Failing(io.BytesIO):
        def read(self, size=-1):
            raise OSError("disk read error")

    def flaky_open(storage, name, mode="rb"):
        return Failing() if name == first.file.name else real_open(storage, name, mode)

    monkeypatch.setattr(FileSystemStorage, "open", flaky_open)
    login(client, users["penilai"])
    archive = download(client)
    assert archive.testzip() is None
    assert "tidak lengkap" in archive.read("index.html").decode()
    sheet = openpyxl.load_workbook(io.BytesIO(archive.read("index.xlsx")))["Indeks"]
    assert sheet["I3"].value == "BERKAS TIDAK LENGKAP"


def test_requirements_alike_in_their_first_words_get_their_own_folders(
    client, users, files, requirement
):
    from components.models import Requirement

    long = "Undangan, absensi serta foto, Dokumen rencana aksi yang sama panjangnya "
    other = Requirement.objects.get(indicator=requirement.indicator, position=2)
    Requirement.objects.filter(pk__in=[requirement.pk, other.pk]).update(text=long, number=1)
    login(client, users["staf"])
    upload(client, other, [("lain.pdf", samples.pdf("Lain"))])
    review_file(evidence_file=EvidenceFile.objects.latest("pk"), user=users["ketua_tim"],
                approve=True)  # fmt: skip
    names = download(client).namelist()
    folders = {name.rsplit("/", 1)[0] for name in names if "/" in name}
    assert len(folders) == 2
    assert any(folder.endswith(" (2)") for folder in folders)
