"""Bukti dukung per LKE question: plan files, uploads, links; who attaches; the ZIP."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from assessment.models import Answer, Assessment, AssessmentLog, QuestionEvidence, SubAreaLink
from evidence.models import EvidenceFile
from evidence.services import review_file
from tests import samples
from tests.evidence_helpers import login, stored_files, upload
from tests.lke_helpers import load, node_named

pytestmark = pytest.mark.django_db

URL = "/assessment/pn-sarolangun/2021/"


@pytest.fixture
def lke(satker, plan):
    tree = load("90/2021")
    return Assessment.objects.create(satker=satker, year=2021, framework=tree.framework, plan=plan)


def rencana():
    """The questions of 1.ii Rencana Pembangunan Zona Integritas (plan indicator 1.2)."""
    return node_named(load("90/2021"), "Rencana Pembangunan Zona Integritas").scored_questions


def tim_kerja():
    return node_named(load("90/2021"), "Penyusunan Tim Kerja").scored_questions


def ev_url(question, tier="unit"):
    return f"{URL}q/{question.pk}/{tier}/bukti/"


@pytest.fixture
def approved(client, users, requirement):
    """An approved evidence file of plan row 1.2 (JAN)."""
    login(client, users["ketua_tim"])
    upload(client, requirement, files=[("undangan-rapat.pdf", samples.pdf())])
    evidence_file = EvidenceFile.objects.get()
    review_file(evidence_file=evidence_file, user=users["ketua_tim"], approve=True)
    return evidence_file


def test_the_links_are_suggested_and_the_team_lead_edits_them(client, users, lke, plan):
    login(client, users["ketua_tim"])
    page = client.get(f"{URL}tautan/").content.decode()
    node = node_named(load("90/2021"), "Rencana Pembangunan Zona Integritas")
    indicator_12 = plan.components.get(number=1).indicators.get(number=2)
    indicator_11 = plan.components.get(number=1).indicators.get(number=1)
    box = f'value="{indicator_12.pk}" id="l-{node.pk}-{indicator_12.pk}" checked'
    assert box in page
    assert not SubAreaLink.objects.exists()  # a suggestion until saved
    response = client.post(f"{URL}tautan/", {f"node-{node.pk}": [indicator_11.pk, indicator_12.pk]})
    assert response.status_code == 302
    lke.refresh_from_db()
    assert lke.links_edited
    assert set(SubAreaLink.objects.values_list("node_id", "indicator_id")) == {
        (node.pk, indicator_11.pk),
        (node.pk, indicator_12.pk),
    }  # every other sub-area is now unlinked: what the team lead saved, nothing else
    assert AssessmentLog.objects.filter(action="links").count() == 1


def test_links_refuse_other_roles_outsiders_and_foreign_indicators(
    client, users, lke, other_satker
):
    from tests.factories import make_plan

    foreign = make_plan(other_satker, 2021).components.first().indicators.first()
    node = rencana()[0].node_obj
    login(client, users["staf"])
    assert client.post(f"{URL}tautan/", {f"node-{node.pk}": [foreign.pk]}).status_code == 403
    login(client, users["outsider"])
    assert client.get(f"{URL}tautan/").status_code == 404
    login(client, users["ketua_tim"])
    assert client.post(f"{URL}tautan/", {f"node-{node.pk}": [foreign.pk]}).status_code == 403
    assert client.put(f"{URL}tautan/").status_code == 405
    assert not SubAreaLink.objects.exists()
    lke.refresh_from_db()
    assert not lke.links_edited


def test_an_approved_plan_file_is_suggested_attached_and_opened_by_the_evaluator(
    client, users, lke, approved
):
    question = rencana()[0]
    page = client.get(URL).content.decode()
    assert page.count("zi-lke-no-evidence") == page.count('class="zi-lke-q ')  # all flagged
    form = client.get(ev_url(question), HTTP_HX_REQUEST="true").content.decode()
    suggested = form.split("Other approved files")[0] if "Other approved" in form else form
    assert f'<option value="{approved.pk}">' in suggested.split("optgroup")[1]
    response = client.post(ev_url(question), {"kind": "file", "evidence_file": approved.pk},
                           HTTP_HX_REQUEST="true")  # fmt: skip
    assert response.status_code == 200
    assert "undangan-rapat.pdf" in response.content.decode()
    item = QuestionEvidence.objects.get()
    assert (item.question_id, item.tier, item.evidence_file) == (question.pk, "unit", approved)
    again = client.post(ev_url(question), {"kind": "file", "evidence_file": approved.pk},
                        HTTP_HX_REQUEST="true")  # fmt: skip
    assert "already" in again.content.decode() or "sudah" in again.content.decode()
    assert QuestionEvidence.objects.count() == 1
    page = client.get(URL).content.decode()
    assert page.count("zi-lke-no-evidence") == page.count('class="zi-lke-q ') - 1
    login(client, users["penilai"])
    page = client.get(URL).content.decode()
    link = f"/plans/pn-sarolangun/2021/files/{approved.public_id}/"
    assert link in page or f"files/{approved.public_id}/" in page


def test_a_file_awaiting_review_or_of_another_plan_is_refused(client, users, lke, requirement):
    login(client, users["ketua_tim"])
    upload(client, requirement, files=[("undangan.pdf", samples.pdf())])
    pending = EvidenceFile.objects.get()
    response = client.post(ev_url(rencana()[0]), {"kind": "file", "evidence_file": pending.pk},
                           HTTP_HX_REQUEST="true")  # fmt: skip
    assert 'role="alert"' in response.content.decode()
    response = client.post(ev_url(rencana()[0]), {"kind": "file", "evidence_file": "99999"})
    assert response.status_code == 400
    assert not QuestionEvidence.objects.exists()


def test_a_direct_upload_is_checked_like_evidence_and_refused_when_altered(
    client, users, lke, media_root
):
    login(client, users["ketua_tim"])
    question = rencana()[1]
    before = stored_files(media_root)
    refused = client.post(ev_url(question), {"kind": "upload", "file": SimpleUploadedFile(
        "laporan.pdf", samples.batch_disguised_as_pdf())})  # fmt: skip
    assert refused.status_code == 400 and not QuestionEvidence.objects.exists()
    assert stored_files(media_root) == before
    response = client.post(ev_url(question), {"kind": "upload", "file": SimpleUploadedFile(
        "sk-tim.pdf", samples.pdf("SK Tim"))})  # fmt: skip
    assert response.status_code == 302
    item = QuestionEvidence.objects.get()
    assert item.kind == "upload" and item.original_name == "sk-tim.pdf" and len(item.sha256) == 64
    login(client, users["penilai"])
    opened = client.get(f"{URL}bukti/{item.public_id}/")
    assert opened.status_code == 200 and b"".join(opened.streaming_content).startswith(b"%PDF")
    assert opened["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in opened["Content-Security-Policy"]
    (media_root / item.file.name).write_bytes(samples.pdf("SK Tim palsu"))
    assert client.get(f"{URL}bukti/{item.public_id}/").status_code == 409
    login(client, users["outsider"])
    assert client.get(f"{URL}bukti/{item.public_id}/").status_code == 404


def test_an_lke_upload_downloads_with_the_extension_of_what_it_is(client, users, lke):
    # As plan evidence: the type, not the name the uploader gave, decides what opens it.
    login(client, users["ketua_tim"])
    client.post(ev_url(rencana()[1]), {"kind": "upload", "file": SimpleUploadedFile(
        "sk-tim.pdf.exe", samples.pdf("SK Tim"))})  # fmt: skip
    item = QuestionEvidence.objects.get()
    assert item.original_name == "sk-tim.pdf.exe"  # kept as sent, for the record
    login(client, users["penilai"])
    opened = client.get(f"{URL}bukti/{item.public_id}/")
    assert opened["Content-Disposition"] == 'inline; filename="sk-tim.pdf"'
    bundle = client.get(f"{URL}bukti-lke.zip")
    names = zipfile.ZipFile(io.BytesIO(b"".join(bundle.streaming_content))).namelist()
    assert [n.rsplit("/", 1)[-1] for n in names if n.startswith("AREA")] == ["sk-tim.pdf"]


def test_an_lke_upload_is_one_file_and_verify_evidence_checks_it(
    client, users, lke, media_root, capsys
):
    login(client, users["ketua_tim"])
    question = rencana()[1]
    two = [SimpleUploadedFile(n, samples.pdf(n)) for n in ("a.pdf", "b.pdf")]
    refused = client.post(ev_url(question), {"kind": "upload", "file": two})
    assert refused.status_code == 400 and "1 berkas sekaligus" in refused.content.decode()
    assert not QuestionEvidence.objects.exists()
    client.post(ev_url(question), {"kind": "upload", "file": SimpleUploadedFile(
        "sk-tim.pdf", samples.pdf("SK Tim"))})  # fmt: skip
    item = QuestionEvidence.objects.get()
    call_command("verify_evidence")
    assert "1 file(s) checked, 0 problem(s), 0 orphan(s)." in capsys.readouterr().out
    (media_root / item.file.name).unlink()
    with pytest.raises(CommandError, match="1 problem"):
        call_command("verify_evidence")
    assert f"MISSING  LKE evidence {item.file.name} (sk-tim.pdf" in capsys.readouterr().out
    gone = client.get(f"{URL}bukti/{item.public_id}/")
    assert gone.status_code == 410 and "sk-tim.pdf" in gone.content.decode()


def test_links_are_http_only(client, users, lke):
    login(client, users["ketua_tim"])
    question = rencana()[0]
    bad = client.post(ev_url(question), {"kind": "link", "url": "javascript:alert(1)"},
                      HTTP_HX_REQUEST="true")  # fmt: skip
    assert 'role="alert"' in bad.content.decode()
    assert not QuestionEvidence.objects.exists()
    client.post(ev_url(question), {"kind": "link", "url": "https://drive.example/sk",
                                   "title": "SK di Drive"}, HTTP_HX_REQUEST="true")  # fmt: skip
    assert QuestionEvidence.objects.get().name == "SK di Drive"


def test_removing_keeps_the_record_and_logs_both(client, users, lke):
    login(client, users["ketua_tim"])
    question = rencana()[0]
    client.post(ev_url(question), {"kind": "link", "url": "https://drive.example/sk"})
    item = QuestionEvidence.objects.get()
    assert client.get(f"{URL}bukti/{item.public_id}/hapus/").status_code == 405
    response = client.post(f"{URL}bukti/{item.public_id}/hapus/", HTTP_HX_REQUEST="true")
    assert "zi-lke-no-evidence" in response.content.decode()
    item.refresh_from_db()
    assert item.removed_at is not None and item.removed_by == users["ketua_tim"]
    actions = list(AssessmentLog.objects.filter(question=question).values_list("action", flat=True))
    assert sorted(actions) == ["evidence", "unevidence"]


def test_a_pic_drafts_the_narrative_and_evidence_of_linked_sub_areas_only(
    client, users, lke, requirement
):
    """`staf` is PIC of plan row 1.2, linked to sub-area 1.ii."""
    mine, other = rencana()[0], tim_kerja()[0]
    login(client, users["staf"])
    page = client.get(URL).content.decode()
    assert "you may draft the narrative" in page or "menyusun narasi" in page
    response = client.post(f"{URL}q/{mine.pk}/unit/", {"value": "Ya", "note": "SK sudah terbit",
                                                         "version": 0})  # fmt: skip
    assert response.status_code == 302
    answer = Answer.objects.get()
    assert (answer.value, answer.note) == ("", "SK sudah terbit")  # the answer is not theirs
    assert client.post(f"{URL}q/{other.pk}/unit/", {"note": "x"}).status_code == 403
    client.post(ev_url(mine), {"kind": "link", "url": "https://drive.example/sk"})
    assert QuestionEvidence.objects.filter(question=mine).count() == 1
    assert (
        client.post(ev_url(other), {"kind": "link", "url": "https://x.example"}).status_code == 403
    )
    login(client, users["ketua"])
    assert (
        client.post(ev_url(mine), {"kind": "link", "url": "https://x.example"}).status_code == 403
    )


def test_evaluators_attach_to_their_tier_after_submission_only(client, users, lke):
    question = rencana()[0]
    login(client, users["penilai"])
    assert client.post(ev_url(question, "tpi"), {"kind": "link", "url": "https://x.example"}
                       ).status_code == 403  # fmt: skip
    lke.submit(by=users["ketua"])
    assert client.post(ev_url(question, "tpi"), {"kind": "link", "url": "https://x.example"}
                       ).status_code == 302  # fmt: skip
    assert client.post(ev_url(question), {"kind": "link", "url": "https://x.example"}
                       ).status_code == 403  # fmt: skip
    login(client, users["ketua_tim"])
    assert (
        client.post(ev_url(question), {"kind": "link", "url": "https://x.example"}).status_code
        == 403
    )  # the unit's tier is locked once submitted
    assert list(QuestionEvidence.objects.values_list("tier", flat=True)) == ["tpi"]


def test_the_lke_zip_has_the_lke_folders_and_an_index(client, users, lke, approved):
    question = rencana()[0]
    client.post(ev_url(question), {"kind": "file", "evidence_file": approved.pk})
    client.post(ev_url(question), {"kind": "upload", "file": SimpleUploadedFile(
        "foto.jpg", samples.jpeg())})  # fmt: skip
    client.post(ev_url(question), {"kind": "link", "url": "https://drive.example/notulen"})
    login(client, users["penilai"])
    response = client.get(f"{URL}bukti-lke.zip")
    assert response.status_code == 200
    assert "bukti-lke-pn-sarolangun-2021.zip" in response["Content-Disposition"]
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    names = archive.namelist()
    folder = "AREA 1 Manajemen Perubahan/ii. Rencana Pembangunan Zona Integritas/"
    files = [n for n in names if n.startswith(folder)]
    assert len(files) == 2 and any(n.endswith("/undangan-rapat.pdf") for n in files)
    assert archive.read(next(n for n in files if n.endswith(".pdf"))).startswith(b"%PDF")
    assert {"index.html", "index.xlsx"} <= set(names)
    sheet = load_workbook(io.BytesIO(archive.read("index.xlsx"))).active
    rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=3)]
    assert any(row[3] == "https://drive.example/notulen" for row in rows)
    assert sum(1 for row in rows if row[1] == "TANPA BUKTI DUKUNG") >= 100
    login(client, users["outsider"])
    assert client.get(f"{URL}bukti-lke.zip").status_code == 404


def test_the_staff_page_costs_two_queries_more(client, users, lke, requirement,
                                               django_assert_num_queries):  # fmt: skip
    from tests.test_lke_page import PAGE_QUERIES

    login(client, users["staf"])
    client.get(URL)
    # + the plan's indicators (the suggested links) and the PIC's indicators
    with django_assert_num_queries(PAGE_QUERIES + 2):
        assert client.get(URL).status_code == 200


def test_the_official_workbook_names_the_evidence_in_p_and_links_in_q(client, users, lke, approved):
    question = next(q for q in rencana() if q.excel_row)
    client.post(ev_url(question), {"kind": "file", "evidence_file": approved.pk})
    client.post(ev_url(question), {"kind": "link", "url": "https://drive.example/notulen"})
    response = client.get(f"{URL}lke.xlsx")
    book = load_workbook(io.BytesIO(response.content))
    from assessment.workbook import SHEET

    sheet = book[SHEET]
    assert sheet[f"P{question.excel_row}"].value == "undangan-rapat.pdf"
    file_link, link = sheet[f"Q{question.excel_row}"].value.splitlines()
    assert file_link.endswith(f"/plans/pn-sarolangun/2021/files/{approved.public_id}/")
    assert link == "https://drive.example/notulen"


def test_the_evidence_pages_queries_are_pinned(
    client, users, lke, approved, django_assert_num_queries
):
    question = rencana()[0]
    client.get(URL)  # the framework's tree, once per process
    # session, user, satker, membership, assessment, the question; the plan's indicators,
    # the approved files; the block's evidence
    with django_assert_num_queries(9):
        assert client.get(ev_url(question), HTTP_HX_REQUEST="true").status_code == 200
    # session, user, satker, membership, assessment, the plan's indicators
    with django_assert_num_queries(6):
        assert client.get(f"{URL}tautan/").status_code == 200
