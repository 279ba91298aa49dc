"""Only the chairperson signs; a signed matrix is frozen, reopened with a reason, verifiable."""

import hashlib
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from PIL import Image

from components.models import Cell, Requirement
from evidence.models import Activity
from reports.models import SignedMatrix
from tests import pdf_helpers, samples
from tests.evidence_helpers import login, month_url

pytestmark = pytest.mark.django_db

BASE = "/plans/pn-sarolangun/2021/"


def sign(client, user, **data):
    login(client, user)
    return client.post(f"{BASE}sign/", {"paper": "a4", "confirm": "on", **data})


def pdf_of(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return b"".join(response.streaming_content)


@pytest.mark.parametrize("role", ["staf", "ketua_tim", "penilai", "admin", "outsider"])
def test_only_the_chairperson_signs(client, users, role):
    response = sign(client, users[role])
    assert response.status_code == (404 if role == "outsider" else 403)
    assert not SignedMatrix.objects.exists()


def test_the_chairperson_signs_and_the_signed_file_is_what_is_downloaded(client, users, plan):
    response = sign(client, users["ketua"], paper="f4")
    assert response.status_code == 302
    signed = SignedMatrix.objects.get()
    assert (signed.version, signed.paper, signed.signed_by) == (1, "f4", users["ketua"])
    assert signed.planned_months == 111 and signed.realized_months == 0
    data = pdf_of(client, f"{BASE}matrix.pdf")
    assert (
        hashlib.sha256(data).hexdigest()
        == signed.sha256
        == hashlib.sha256(signed.file.open("rb").read()).hexdigest()
    )
    assert pdf_of(client, f"{BASE}matrix.pdf?paper=a4") == data  # frozen: no re-render
    text = " ".join(pdf_helpers.text(data).split())
    assert "DRAFT" not in text
    assert f"Kode verifikasi {signed.code_display}" in text
    assert signed.verify_url in text and signed.verify_url.endswith(f"/verify/{signed.code}/")
    assert "Ditandatangani secara elektronik" in text
    assert round(pdf_helpers.page_size_pt(data)[0], 1) == 935.4  # F4, as chosen
    assert Activity.objects.filter(action="sign", plan=plan).count() == 1


def test_signing_needs_the_confirmation(client, users):
    login(client, users["ketua"])
    response = client.post(f"{BASE}sign/", {"paper": "a4"})
    assert response.status_code == 400
    assert not SignedMatrix.objects.exists()


def test_a_scanned_signature_goes_on_the_pdf(client, users):
    buffer = io.BytesIO()
    Image.new("RGBA", (300, 120), (0, 0, 128, 200)).save(buffer, "PNG")
    upload = SimpleUploadedFile("ttd.png", buffer.getvalue())
    assert sign(client, users["ketua"], signature=upload).status_code == 302
    signed = SignedMatrix.objects.get()
    assert signed.signature_image.name.endswith("-ttd.png")
    listing = pdf_helpers._run(["pdfimages", "-list"], pdf_of(client, f"{BASE}matrix.pdf"))
    sizes = {tuple(line.split()[3:5]) for line in listing.splitlines()[2:]}
    assert ("300", "120") in sizes


def test_a_bad_signature_image_is_refused_and_nothing_is_signed(client, users, media_root):
    upload = SimpleUploadedFile("ttd.png", samples.exe())
    response = sign(client, users["ketua"], signature=upload)
    assert response.status_code == 400
    assert "Tanda tangan harus berupa gambar" in response.content.decode()
    assert not SignedMatrix.objects.exists()
    assert not (media_root / "signed").exists()


def test_a_signed_plan_cannot_be_ticked_until_the_team_lead_reopens_it(client, users, plan):
    sign(client, users["ketua"])
    requirement = Requirement.objects.filter(indicator__component__plan=plan, cells__planned=True)[
        0
    ]
    login(client, users["ketua_tim"])
    url = month_url(requirement, 1, "realization")
    response = client.post(url, {"realized": "1", "expected": "0", "note": "x"}, follow=True)
    assert "Ketua Pengadilan sudah menandatangani rencana ini" in response.content.decode()
    assert not Cell.objects.filter(requirement=requirement, realized=True).exists()

    login(client, users["staf"])
    assert client.post(f"{BASE}reopen/", {"reason": "Ralat"}).status_code == 403
    login(client, users["ketua"])
    assert client.post(f"{BASE}reopen/", {"reason": "Ralat"}).status_code == 403

    login(client, users["ketua_tim"])
    response = client.post(f"{BASE}reopen/", {"reason": ""}, follow=True)
    assert "Tuliskan alasan" in response.content.decode()
    client.post(f"{BASE}reopen/", {"reason": "Bulan Januari 1.2 sudah terealisasi"})
    first = SignedMatrix.objects.get()
    assert first.reopened_by == users["ketua_tim"] and first.reopen_reason.startswith("Bulan")
    client.post(url, {"realized": "1", "expected": "0", "note": "Notula ada"})
    assert Cell.objects.get(requirement=requirement, month=1).realized
    draft = pdf_of(client, f"{BASE}matrix.pdf")
    assert "DRAFT" in pdf_helpers.text(draft)  # no version in force: the draft again

    sign(client, users["ketua"])
    second = SignedMatrix.objects.get(version=2)
    assert second.realized_months == 1 and second.fingerprint != first.fingerprint
    login(client, users["penilai"])
    old = pdf_of(client, f"{BASE}signed/1.pdf")
    assert hashlib.sha256(old).hexdigest() == first.sha256  # earlier versions stay
    assert list(
        Activity.objects.filter(action__in=["sign", "reopen"])
        .order_by("pk")
        .values_list("action", flat=True)
    ) == ["sign", "reopen", "sign"]


def test_a_second_signature_while_signed_is_refused(client, users, media_root):
    sign(client, users["ketua"])
    files = sorted(media_root.rglob("*.pdf"))
    response = sign(client, users["ketua"])
    assert "Rencana ini sudah ditandatangani." in response.content.decode()
    assert SignedMatrix.objects.count() == 1
    assert sorted(media_root.rglob("*.pdf")) == files  # nothing rendered or written


def test_a_plan_that_changes_while_it_is_signed_is_not_signed(
    client, users, plan, monkeypatch, media_root
):
    from reports import services

    real_render = services.render_pdf

    def render_while_someone_ticks(html):
        Cell.objects.filter(requirement__indicator__component__plan=plan, planned=True).update(
            realized=True
        )
        return real_render(html)

    monkeypatch.setattr(services, "render_pdf", render_while_someone_ticks)
    response = sign(client, users["ketua"])
    assert "Rencana berubah saat sedang ditandatangani" in response.content.decode()
    assert not SignedMatrix.objects.exists()
    assert not list(media_root.rglob("*.pdf"))


def test_the_signed_document_is_in_indonesian_whatever_the_signers_language(client, users):
    login(client, users["ketua"])
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    client.post(f"{BASE}sign/", {"paper": "a4", "confirm": "on"})
    text = " ".join(pdf_helpers.text(pdf_of(client, f"{BASE}matrix.pdf")).split())
    assert "Pada tanggal : 31 Desember 2021" in text and "December" not in text


@pytest.mark.parametrize("role", ["staf", "ketua", "penilai", "admin", "outsider"])
def test_only_the_team_lead_reopens(client, users, role):
    sign(client, users["ketua"])
    login(client, users[role])
    response = client.post(f"{BASE}reopen/", {"reason": "Ralat"})
    assert response.status_code == (404 if role == "outsider" else 403)
    assert SignedMatrix.objects.get().reopened_at is None


def test_reopening_needs_a_post_and_a_reason_of_sensible_length(client, users):
    sign(client, users["ketua"])
    login(client, users["ketua_tim"])
    assert client.get(f"{BASE}reopen/").status_code == 405
    response = client.post(f"{BASE}reopen/", {"reason": "x" * 2001}, follow=True)
    assert "2000" in response.content.decode()
    assert SignedMatrix.objects.get().reopened_at is None


def test_signed_records_are_not_edited_or_deleted(client, users):
    sign(client, users["ketua"])
    signed = SignedMatrix.objects.get()
    signed.sha256 = "0" * 64
    with pytest.raises(PermissionError):
        signed.save()
    with pytest.raises(PermissionError):
        signed.delete()


def test_anyone_can_verify_a_printout(client, users):
    sign(client, users["ketua"])
    signed = SignedMatrix.objects.get()
    data = pdf_of(client, f"{BASE}matrix.pdf")
    client.logout()
    page = client.get(f"/verify/{signed.code_display.lower()}/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Pengadilan Negeri Sarolangun" in html and "DEKI DIANK, S.H, M.H" in html
    assert signed.sha256 in html
    genuine = client.post(
        f"/verify/{signed.code}/", {"file": SimpleUploadedFile("matriks.pdf", data)}
    )
    assert "Cocok: berkas yang Anda unggah persis sama" in genuine.content.decode()
    forged = data.replace(b"DEKI DIANK", b"DEKI DIANX", 1)
    if forged == data:  # the name sits in a compressed stream: change any byte instead
        forged = data[:-20] + bytes([data[-20] ^ 1]) + data[-19:]
    response = client.post(
        f"/verify/{signed.code}/", {"file": SimpleUploadedFile("matriks.pdf", forged)}
    )
    assert "Tidak cocok" in response.content.decode()


def test_the_public_check_reads_one_small_file(client, users, settings):
    from reports import views

    sign(client, users["ketua"])
    signed = SignedMatrix.objects.get()
    client.logout()
    too_big = SimpleUploadedFile("besar.pdf", b"%PDF-" + b"0" * (views.VERIFY_MAX_BYTES + 10))
    response = client.post(f"/verify/{signed.code}/", {"file": too_big})
    assert response.status_code == 200
    assert "Tidak cocok" in response.content.decode()


def test_an_unknown_code_is_not_found_and_the_visitor_can_type_it_again(client, db):
    response = client.get("/verify/ZZZZZZZZ/")
    assert response.status_code == 404
    page = response.content.decode()
    assert "Tidak ada matriks bertanda tangan dengan kode ZZZZZZZZ" in page
    assert 'name="code"' in page and 'aria-invalid="true"' in page


def test_a_code_from_the_paper_is_typed_in(client, users):
    sign(client, users["ketua"])
    signed = SignedMatrix.objects.get()
    client.logout()
    page = client.get("/verify/")
    assert page.status_code == 200 and "ketik kode verifikasi" in page.content.decode()
    typed = f" {signed.code_display.lower()} "  # as read off the paper, any case, with spaces
    response = client.get("/verify/", {"code": typed})
    assert response.status_code == 302 and response["Location"] == f"/verify/{signed.code}/"
    refused = client.get("/verify/", {"code": "ABCD-2345"})
    assert refused.status_code == 404
    assert "Tidak ada matriks bertanda tangan dengan kode ABCD-2345" in refused.content.decode()


# the code (a visitor has no session); the throttle's count is in the cache
def test_the_code_lookup_queries_are_pinned(client, db, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert client.get("/verify/").status_code == 200
    with django_assert_num_queries(1):
        assert client.get("/verify/", {"code": "ABCD-2345"}).status_code == 404


def test_a_visitor_who_mistypes_an_address_gets_a_page_for_visitors(client, db):
    page = client.get("/survei/tidak-ada/2021-Q4/").content.decode()
    assert "Periksa alamatnya" in page and 'href="/verify/"' in page
    assert "Kembali ke rencana aksi saya" not in page


def test_export_matrix_writes_the_draft_or_the_signed_pdf(client, users, tmp_path):
    out = tmp_path / "draft.pdf"
    call_command("export_matrix", "pn-sarolangun", "2021", "--format", "pdf", "-o", str(out))
    assert "DRAFT" in pdf_helpers.text(out.read_bytes())
    sign(client, users["ketua"])
    signed = SignedMatrix.objects.get()
    out = tmp_path / "signed.pdf"
    call_command(
        "export_matrix", "pn-sarolangun", "2021", "--format", "pdf", "-o", str(out), "--paper", "f4"
    )
    assert hashlib.sha256(out.read_bytes()).hexdigest() == signed.sha256
    out = tmp_path / "draft-anyway.pdf"
    call_command("export_matrix", "pn-sarolangun", "2021", "-o", str(out), "--draft")
    assert "DRAFT" in pdf_helpers.text(out.read_bytes())


def test_export_matrix_says_what_is_wrong(tmp_path, db):
    from django.core.management import CommandError

    with pytest.raises(CommandError, match="No plan"):
        call_command("export_matrix", "pn-nowhere", "2021", "-o", str(tmp_path / "x.pdf"))


# session, user, plan, membership, versions with signer and reopener (+ open items, unsigned)
def test_the_sign_page_queries_are_pinned(client, users, django_assert_num_queries):
    login(client, users["ketua"])
    with django_assert_num_queries(7):
        assert client.get(f"{BASE}sign/").status_code == 200
    sign(client, users["ketua"])
    login(client, users["ketua_tim"])
    with django_assert_num_queries(5):
        assert client.get(f"{BASE}sign/").status_code == 200


def test_before_signing_the_page_says_what_is_still_open(client, users, requirement):
    from tests.evidence_helpers import upload

    login(client, users["staf"])
    upload(client, requirement, files=[("a.pdf", samples.pdf("a")), ("b.pdf", samples.pdf("b"))])
    login(client, users["ketua"])
    planned = Cell.objects.filter(planned=True, realized=False).count()
    page = " ".join(client.get(f"{BASE}sign/").content.decode().split())
    assert f"{planned} bulan rencana sudah lewat dan belum terealisasi" in page  # 2021 is over
    assert "2 berkas menunggu reviu" in page and "dikembalikan untuk revisi" not in page
    assert "penandatanganan tetap dapat dilakukan" in page
    sign(client, users["ketua"])
    assert "Masih terbuka" not in client.get(f"{BASE}sign/").content.decode()  # signed


# code lookup with plan, satker and signer; newer versions (a visitor has no session)
def test_the_verify_page_queries_are_pinned(client, users, django_assert_num_queries):
    sign(client, users["ketua"])
    code = SignedMatrix.objects.get().code
    client.logout()
    with django_assert_num_queries(2):
        assert client.get(f"/verify/{code}/").status_code == 200


# session, user, plan, membership, version in force
def test_the_signed_pdf_download_queries_are_pinned(client, users, django_assert_num_queries):
    sign(client, users["ketua"])
    with django_assert_num_queries(5):
        assert client.get(f"{BASE}matrix.pdf").status_code == 200


def test_the_month_panel_says_the_plan_is_signed_instead_of_offering_the_tick(client, users, plan):
    requirement = Requirement.objects.filter(indicator__component__plan=plan, cells__planned=True)[
        0
    ]
    login(client, users["ketua_tim"])
    assert (
        "Centang bulan ini sebagai terealisasi"
        in client.get(month_url(requirement)).content.decode()
    )
    sign(client, users["ketua"])
    login(client, users["ketua_tim"])
    html = client.get(month_url(requirement)).content.decode()
    assert "Centang bulan ini sebagai terealisasi" not in html
    assert "Ketua Pengadilan sudah menandatangani rencana ini (versi 1)" in html
