"""Uploading, reviewing, realizing and withdrawing evidence; bad input changes nothing."""

import datetime
import uuid

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.utils.translation import gettext

from components.models import Cell
from evidence.models import Activity, EvidenceFile
from tests import samples
from tests.evidence_helpers import file_url, login, messages_of, month_url, stored_files, upload

pytestmark = pytest.mark.django_db


def sentence(phrase, name):
    """An activity line's phrase as the page shows it, the name in its span."""
    text = gettext(phrase)
    return text.replace("%(name)s", f'<span class="text-break">{name}</span>')


def actions(requirement):
    return list(
        Activity.objects.filter(requirement=requirement)
        .order_by("pk")
        .values_list("action", flat=True)
    )


def test_a_pic_uploads_a_photo_and_a_pdf_at_once(client, users, requirement, media_root):
    login(client, users["staf"])
    response = upload(
        client, requirement, [("foto rapat.jpg", samples.jpeg()), ("notula.pdf", samples.pdf())]
    )
    assert response.status_code == 302
    assert response.url == month_url(requirement, 1)
    files = list(EvidenceFile.objects.order_by("submission_index"))
    assert [f.original_name for f in files] == ["foto rapat.jpg", "notula.pdf"]
    photo, pdf = files
    assert (photo.content_type, pdf.content_type) == ("image/jpeg", "application/pdf")
    assert photo.uploaded_by == users["staf"] and photo.status == "pending"
    assert photo.cell.month == 1 and photo.cell.requirement == requirement
    assert str(photo.activity_date) == "2021-01-20"
    assert photo.description == "Foto rapat penyusunan rencana aksi"
    assert pdf.size == len(samples.pdf())
    import hashlib

    assert pdf.sha256 == hashlib.sha256(samples.pdf()).hexdigest()
    assert photo.thumbnail and not pdf.thumbnail
    # stored under our own names, outside any web root, the user's name nowhere in the path
    assert {str(p).split("/")[0] for p in stored_files(media_root)} == {"evidence", "thumbnails"}
    assert all("foto" not in str(p) for p in stored_files(media_root))
    assert actions(requirement) == ["upload", "upload"]
    page = client.get(response.url).content.decode()
    assert "2 berkas diunggah dan menunggu revi" in page


def test_an_upload_to_an_unplanned_month_creates_its_cell(client, users, requirement):
    login(client, users["staf"])
    assert not Cell.objects.filter(requirement=requirement, month=7).exists()
    assert upload(client, requirement, month=7).status_code == 302
    cell = Cell.objects.get(requirement=requirement, month=7)
    assert not cell.planned and cell.files.count() == 1


BAD_UPLOADS = {
    "empty file": [("kosong.pdf", b"")],
    "exe renamed pdf": [("laporan.pdf", samples.exe())],
    "html with script": [("laporan.html", samples.html_with_script())],
    "svg with script": [("logo.svg", samples.svg_with_script())],
    "pdf html polyglot": [("surat.pdf", samples.pdf_html_polyglot())],
    "decompression bomb": [("bom.png", samples.decompression_bomb())],
    "300-character name": [("n" * 296 + ".pdf", samples.pdf())],
    "one bad among good": [("notula.pdf", samples.pdf()), ("virus.pdf", samples.exe())],
}


@pytest.mark.parametrize("files", BAD_UPLOADS.values(), ids=BAD_UPLOADS.keys())
def test_bad_files_are_refused_and_nothing_is_stored(client, users, requirement, media_root, files):
    login(client, users["staf"])
    response = upload(client, requirement, files)
    assert response.status_code == 400
    errors = messages_of(response)
    assert errors and all(m for m in errors)
    assert not EvidenceFile.objects.exists()
    assert not Activity.objects.filter(action="upload").exists()
    assert stored_files(media_root) == []
    assert not Cell.objects.filter(requirement=requirement, month=1, files__isnull=False).exists()


def test_a_file_over_the_limit_is_cut_off_while_streaming(
    client, users, requirement, settings, media_root
):
    settings.EVIDENCE_MAX_FILE_BYTES = 64 * 1024
    login(client, users["staf"])
    big = samples.pdf() + b"%" * (200 * 1024)
    response = upload(client, requirement, [("besar.pdf", big), ("kecil.pdf", samples.pdf())])
    assert response.status_code == 400
    assert messages_of(response) == ["besar.pdf melebihi batas ukuran 64,0\xa0KB."]
    assert not EvidenceFile.objects.exists() and stored_files(media_root) == []


@pytest.mark.parametrize(
    ("fields", "error"),
    [
        ({"description": ""}, "description"),
        ({"activity_date": "2027-01-01"}, "activity_date"),
        ({"activity_date": "2019-12-31"}, "activity_date"),
        ({"activity_date": "kemarin"}, "activity_date"),
        ({"submission": "bukan-token"}, "submission"),
    ],
)
def test_bad_fields_are_refused(client, users, requirement, media_root, fields, error):
    login(client, users["staf"])
    response = upload(client, requirement, **fields)
    assert response.status_code == 400
    assert error in response.context["upload_form"].errors
    assert not EvidenceFile.objects.exists() and stored_files(media_root) == []


def test_the_activity_date_starts_as_today_only_for_this_months_evidence(
    client, users, requirement
):
    login(client, users["staf"])
    with time_machine.travel("2021-03-10 09:00 +07:00"):

        def date_offered(month):
            form = client.get(month_url(requirement, month)).context["upload_form"]
            return form["activity_date"].value()

        assert date_offered(3) == datetime.date(2021, 3, 10)
        assert date_offered(1) is None  # January's evidence: the uploader says when it was


def test_no_file_chosen_says_so(client, users, requirement):
    login(client, users["staf"])
    response = upload(client, requirement, files=[])
    assert response.status_code == 400
    assert "Pilih paling sedikit satu berkas." in messages_of(response)


def test_a_double_submit_stores_once(client, users, requirement, media_root):
    login(client, users["staf"])
    token = uuid.uuid4()
    assert upload(client, requirement, token=token).status_code == 302
    stored = stored_files(media_root)
    response = upload(client, requirement, token=token, follow=True)
    assert "Unggahan ini sudah diterima sebelumnya" in response.content.decode()
    assert EvidenceFile.objects.count() == 1
    assert stored_files(media_root) == stored


def test_a_double_submit_racing_past_the_check_leaves_no_orphan(
    users, requirement, media_root, monkeypatch
):
    """Two identical requests at once: the database's unique constraint refuses the second."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from evidence import services
    from evidence.uploads import prepare

    token = uuid.uuid4()

    def submit():
        return services.submit_evidence(
            requirement=requirement,
            month=1,
            user=users["staf"],
            description="x",
            activity_date="2021-01-20",
            submission=token,
            prepared=[prepare(SimpleUploadedFile("a.pdf", samples.pdf()))],
        )

    submit()
    monkeypatch.setattr(services.EvidenceFile.objects, "filter", _never_exists)
    with pytest.raises(services.Conflict):
        submit()
    assert EvidenceFile.objects.count() == 1
    assert len(stored_files(media_root)) == 1


class _NoRows:
    def exists(self):
        return False


def _never_exists(*args, **kwargs):
    return _NoRows()


def pending_file(client, users, requirement, name="foto.jpg", content=None):
    login(client, users["staf"])
    assert upload(client, requirement, [(name, content or samples.jpeg())]).status_code == 302
    return EvidenceFile.objects.latest("pk")


def test_the_team_lead_returns_a_file_with_a_note_and_the_pic_revises_it(
    client, users, requirement
):
    photo = pending_file(client, users, requirement)
    login(client, users["ketua_tim"])
    response = client.post(file_url(photo, "review"), {"decision": "return", "note": ""})
    photo.refresh_from_db()
    assert photo.status == "pending"  # a return needs its note
    client.post(file_url(photo, "review"), {"decision": "return", "note": "Foto buram"})
    photo.refresh_from_db()
    assert (photo.status, photo.review_note, photo.reviewed_by) == (
        "returned",
        "Foto buram",
        users["ketua_tim"],
    )
    login(client, users["staf"])
    page = client.get(month_url(requirement)).content.decode()
    assert "Foto buram" in page and "dikembalikan untuk revisi" in page
    response = upload(
        client, requirement, [("foto-jelas.jpg", samples.jpeg())], revision_of=photo.pk
    )
    assert response.status_code == 302
    revised = EvidenceFile.objects.get(original_name="foto-jelas.jpg")
    photo.refresh_from_db()
    assert revised.revision_of == photo and photo.status == "revised"
    assert photo.review_note == "Foto buram"  # the decision stays on record


def test_two_reviewers_at_once_one_wins_and_the_other_is_told(client, users, requirement, satker):
    from components.models import Role
    from tests.factories import make_user

    photo = pending_file(client, users, requirement)
    second_lead = make_user("ketua-tim-2", satker, Role.KETUA_TIM)
    login(client, users["ketua_tim"])
    client.post(file_url(photo, "review"), {"decision": "approve"})
    login(client, second_lead)
    response = client.post(
        file_url(photo, "review"), {"decision": "return", "note": "Kurang"}, follow=True
    )
    assert "sudah berstatus disetujui oleh" in response.content.decode()
    photo.refresh_from_db()
    assert photo.status == "approved" and photo.reviewed_by == users["ketua_tim"]
    assert photo.review_note == ""
    assert Activity.objects.filter(file=photo, action__in=["approve", "return"]).count() == 1


def test_a_withdrawal_and_a_review_at_once(client, users, requirement):
    photo = pending_file(client, users, requirement)
    client.post(file_url(photo, "withdraw"), {"reason": "Salah unggah"})  # staf, first
    login(client, users["ketua_tim"])
    response = client.post(file_url(photo, "review"), {"decision": "approve"}, follow=True)
    assert "sudah berstatus ditarik oleh" in response.content.decode()
    photo.refresh_from_db()
    assert photo.status == "withdrawn" and photo.reviewed_by is None


def test_ticking_needs_an_approved_file_or_a_reason(client, users, requirement):
    photo = pending_file(client, users, requirement)
    login(client, users["ketua_tim"])
    url = month_url(requirement, 1, "realization")
    response = client.post(url, {"realized": "1", "expected": "0", "note": ""}, follow=True)
    assert "Belum ada berkas yang disetujui" in response.content.decode()
    cell = photo.cell
    cell.refresh_from_db()
    assert not cell.realized

    client.post(file_url(photo, "review"), {"decision": "approve"})
    client.post(url, {"realized": "1", "expected": "0", "note": ""})
    cell.refresh_from_db()
    assert cell.realized and cell.realized_by == users["ketua_tim"] and cell.realization_note == ""


def test_ticking_without_a_file_keeps_the_reason_and_shows_it_on_the_matrix(
    client, users, requirement
):
    login(client, users["ketua_tim"])
    url = month_url(requirement, 3, "realization")
    client.post(url, {"realized": "1", "expected": "0", "note": "Dokumen fisik di lemari arsip"})
    cell = Cell.objects.get(requirement=requirement, month=3)
    assert cell.realized and not cell.planned
    matrix = client.get("/plans/pn-sarolangun/2021/matrix/").content.decode()
    assert f'id="m-{requirement.pk}-3"' in matrix
    assert "Dokumen fisik di lemari arsip" in matrix
    assert 'class="zi-month realized-unplanned"' in matrix


def test_unticking_needs_a_reason_and_is_logged(client, users, requirement):
    login(client, users["ketua_tim"])
    url = month_url(requirement, 1, "realization")
    client.post(url, {"realized": "1", "expected": "0", "note": "Sudah dilaksanakan"})
    client.post(url, {"realized": "0", "expected": "1", "note": ""})
    cell = Cell.objects.get(requirement=requirement, month=1)
    assert cell.realized
    client.post(url, {"realized": "0", "expected": "1", "note": "Ternyata belum ada notula"})
    cell.refresh_from_db()
    assert not cell.realized and cell.realization_note == "Ternyata belum ada notula"
    assert actions(requirement)[-2:] == ["tick", "untick"]


def test_a_tick_based_on_a_stale_page_is_refused(client, users, requirement):
    login(client, users["ketua_tim"])
    url = month_url(requirement, 1, "realization")
    client.post(url, {"realized": "1", "expected": "0", "note": "Sudah"})
    # Another lead, looking at the unticked page, unticks... no: ticks again from stale state
    response = client.post(url, {"realized": "0", "expected": "0", "note": "x"}, follow=True)
    assert "baru saja mengubah bulan ini" in response.content.decode()
    assert Cell.objects.get(requirement=requirement, month=1).realized


def test_approved_files_cannot_be_withdrawn_or_deleted(client, users, requirement):
    photo = pending_file(client, users, requirement)
    login(client, users["ketua_tim"])
    client.post(file_url(photo, "review"), {"decision": "approve"})
    response = client.post(file_url(photo, "withdraw"), {"reason": "Coba"}, follow=True)
    assert "sudah berstatus disetujui" in response.content.decode()
    photo.refresh_from_db()
    assert photo.status == "approved"
    with pytest.raises(PermissionError):
        photo.delete()
    from django.db.models import ProtectedError

    with pytest.raises(ProtectedError):
        requirement.delete()  # the plan's row cannot vanish with its evidence


def test_a_withdrawn_file_is_kept_hidden_with_its_reason(client, users, requirement, media_root):
    photo = pending_file(client, users, requirement)
    response = client.post(file_url(photo, "withdraw"), {"reason": ""}, follow=True)
    assert "Tuliskan alasan berkas ditarik." in response.content.decode()
    client.post(file_url(photo, "withdraw"), {"reason": "Salah bulan"})
    photo.refresh_from_db()
    assert photo.status == "withdrawn" and photo.withdraw_reason == "Salah bulan"
    assert (media_root / photo.file.name).is_file()
    matrix = client.get("/plans/pn-sarolangun/2021/matrix/").content.decode()
    assert f'class="zi-month overdue" id="m-{requirement.pk}-1"' in matrix  # no longer counted
    assert "1 berkas ditarik" in client.get(month_url(requirement)).content.decode()


def test_the_activity_log_has_every_action(client, users, requirement):
    photo = pending_file(client, users, requirement)
    pdf = pending_file(client, users, requirement, "notula.pdf", samples.pdf())
    client.post(file_url(pdf, "withdraw"), {"reason": "Dobel"})
    login(client, users["ketua_tim"])
    client.post(file_url(photo, "review"), {"decision": "return", "note": "Buram"})
    client.post(
        month_url(requirement, 1, "realization"),
        {"realized": "1", "expected": "0", "note": "Ada di arsip", "confirm_open": "on"},
    )
    client.post(
        month_url(requirement, 1, "realization"),
        {"realized": "0", "expected": "1", "note": "Keliru"},
    )
    assert actions(requirement) == ["upload", "upload", "withdraw", "return", "tick", "untick"]
    assert Activity.objects.filter(action="assign").exists()  # the PIC from the fixture
    page = client.get("/plans/pn-sarolangun/2021/activity/").content.decode()
    for word in [
        sentence("uploaded %(name)s", "foto.jpg"),
        sentence("withdrew %(name)s", "notula.pdf"),
        "mencentang terealisasi",
        "membatalkan centang",
        sentence("returned %(name)s for revision", "foto.jpg"),
        sentence("assigned %(name)s as PIC", "staf"),
        "Keliru",
    ]:
        assert word in page
    with pytest.raises(PermissionError):
        Activity.objects.first().save()


def test_files_are_served_with_safe_headers(client, users, requirement):
    photo = pending_file(client, users, requirement, 'foto "rapat"\n.jpg')
    assert photo.original_name == 'foto "rapat".jpg'  # control characters dropped
    pdf = pending_file(client, users, requirement, "notula rapat.pdf", samples.pdf())
    doc = pending_file(client, users, requirement, "sk.docx", samples.docx())
    login(client, users["penilai"])
    response = client.get(file_url(pdf))
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("inline")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == samples.pdf()
    response = client.get(file_url(doc))
    assert response["Content-Disposition"].startswith("attachment")
    response = client.get(file_url(photo))
    assert "sandbox" in response["Content-Security-Policy"]
    assert "\n" not in response["Content-Disposition"]
    response = client.get(file_url(pdf, "download"))
    assert response["Content-Disposition"].startswith("attachment")
    assert client.get(file_url(photo, "thumbnail"))["Content-Type"] == "image/jpeg"
    # a PDF's thumbnail is its first page (evidence.previews); a Word file has none
    assert client.get(file_url(pdf, "thumbnail"))["Content-Type"] == "image/jpeg"
    assert client.get(file_url(doc, "thumbnail")).status_code == 404


def test_verify_evidence_finds_a_changed_and_a_missing_file(
    client, users, requirement, media_root, capsys
):
    photo = pending_file(client, users, requirement)
    pdf = pending_file(client, users, requirement, "notula.pdf", samples.pdf())
    call_command("verify_evidence")
    assert "2 file(s) checked, 0 problem(s), 0 orphan(s)." in capsys.readouterr().out

    (media_root / pdf.file.name).write_bytes(samples.pdf("Berita acara palsu"))
    (media_root / photo.file.name).unlink()
    with pytest.raises(CommandError, match="2 problem"):
        call_command("verify_evidence")
    out = capsys.readouterr().out
    assert f"CHANGED  #{pdf.pk}" in out and f"MISSING  #{photo.pk}" in out


def test_verify_evidence_lists_files_no_record_points_to(media_root, capsys, db):
    stray = media_root / "evidence" / "pn-sarolangun" / "2021" / "stray.pdf"
    stray.parent.mkdir(parents=True)
    stray.write_bytes(samples.pdf())
    call_command("verify_evidence")
    out = capsys.readouterr().out
    assert "ORPHAN   evidence/pn-sarolangun/2021/stray.pdf" in out
    assert "0 problem(s), 1 orphan(s)." in out


def test_a_disguised_name_downloads_with_the_extension_of_its_content(client, users, requirement):
    pdf = pending_file(client, users, requirement, "tugas.bat", samples.pdf())
    photo = pending_file(client, users, requirement, "IMG_0001.HEIC", samples.heic())
    assert pdf.original_name == "tugas.bat"  # provenance keeps what was sent
    response = client.get(file_url(pdf, "download"))
    assert 'filename="tugas.pdf"' in response["Content-Disposition"]
    response = client.get(file_url(photo, "download"))
    assert 'filename="IMG_0001.jpg"' in response["Content-Disposition"]
    assert response["Content-Type"] == "image/jpeg"
    assert photo.original_sha256 and photo.original_size
    doubled = pending_file(client, users, requirement, "laporan.PDF.exe", samples.pdf())
    response = client.get(file_url(doubled, "download"))
    assert 'filename="laporan.PDF"' in response["Content-Disposition"]  # not .PDF.pdf


def test_a_stored_record_is_not_edited(client, users, requirement):
    photo = pending_file(client, users, requirement)
    photo.original_name = "lain.jpg"
    with pytest.raises(PermissionError):
        photo.save()


def test_an_uploader_who_became_an_evaluator_cannot_withdraw(client, users, requirement, satker):
    from components.models import Membership

    photo = pending_file(client, users, requirement)
    Membership.objects.filter(user=users["staf"]).update(role="penilai")
    response = client.post(file_url(photo, "withdraw"), {"reason": "x"})
    assert response.status_code == 403
    photo.refresh_from_db()
    assert photo.status == "pending"


def test_more_than_twenty_files_at_once_get_a_clear_page(client, users, requirement):
    login(client, users["staf"])
    files = [(f"f{i}.pdf", samples.pdf()) for i in range(21)]
    response = upload(client, requirement, files)
    assert response.status_code == 400
    assert "paling banyak 20 berkas" in response.content.decode()
    assert not EvidenceFile.objects.exists()


def test_the_row_page_shows_its_pic_changes(client, users, requirement):
    login(client, users["penilai"])
    html = client.get(f"/plans/pn-sarolangun/2021/evidence/{requirement.pk}/").content.decode()
    assert sentence("assigned %(name)s as PIC", "staf") in html


def test_a_name_with_path_parts_reaches_no_path(client, users, requirement, media_root, tmp_path):
    """Django keeps only the base name (old browsers send C:\\fakepath\\...); storage names
    are ours, so nothing is written outside the media folder and the record is clean."""
    login(client, users["staf"])
    response = upload(
        client,
        requirement,
        [("../../../tmp/evil.pdf", samples.pdf()), ("C:\\fakepath\\notula.pdf", samples.pdf())],
    )
    assert response.status_code == 302
    names = sorted(EvidenceFile.objects.values_list("original_name", flat=True))
    assert names == ["evil.pdf", "notula.pdf"]
    stored = stored_files(media_root)
    assert len(stored) == 2 and all(
        str(p).startswith("evidence/pn-sarolangun/2021/") for p in stored
    )
    assert not (tmp_path / "evil.pdf").exists()
