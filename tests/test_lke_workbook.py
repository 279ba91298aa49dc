"""The official workbook out and back in: the same score in Excel, the same answers back."""

import io
import random
from decimal import Decimal

import openpyxl
import pytest
from django.core.management import CommandError, call_command

from assessment.models import Answer, Assessment, AssessmentLog
from assessment.report import tier_score
from assessment.services import import_answers
from assessment.workbook import export_workbook, read_answers
from reports.plan_import import ImportRefused
from tests.factories import make_satker
from tests.lke_helpers import load, node_named
from tests.test_lke_workbook_oracle import close, random_answers, recalculate

pytestmark = pytest.mark.django_db


@pytest.fixture
def filled(satker, users):
    tree = load("90/2021")
    assessment = Assessment.objects.create(satker=satker, year=2021, framework=tree.framework)
    values = random_answers(tree, random.Random(7), blank=0, zero_wholes=False)
    for pk, value in values.items():
        Answer.objects.create(assessment=assessment, question_id=pk, tier="unit", value=str(value),
                              note="Bukti di Drive" if pk % 5 == 0 else "")  # fmt: skip
    return assessment


def test_the_exported_workbook_computes_the_same_score_in_libreoffice(filled, tmp_path):
    data = export_workbook(filled, "unit")
    path = tmp_path / "lke.xlsx"
    path.write_bytes(data)
    (tmp_path / "out").mkdir()
    [sheet] = recalculate([path], tmp_path / "out")
    ts = tier_score(filled, "unit")
    quirk = node_named(ts.tree, "Penyampaian Laporan Harta Kekayaan", under="REFORM")
    expected = sheet["L208"].value
    got = (
        ts.score.total
        - ts.score.of(quirk).score
        + Decimal(repr(sheet[f"L{quirk.excel_row}"].value))
    )
    assert close(got, expected)
    original = openpyxl.load_workbook(path)["LKE ZI"]
    assert str(original["L8"].value).startswith("=IF(")  # the template's formulas are kept
    note_row = next(a.question.excel_row for a in filled.answers.all() if a.note)
    assert original[f"O{note_row}"].value == "Bukti di Drive"


def test_it_comes_back_with_the_same_answers_and_score(filled, other_satker, users):
    data = export_workbook(filled, "unit")
    other = Assessment.objects.create(satker=other_satker, year=2021, framework=filled.framework)
    result = read_answers(data, other, "unit")
    assert result.ok, result.problems
    import_answers(assessment=other, tier="unit", answers=result.answers, by=users["admin"],
                   file_name="lke.xlsx")  # fmt: skip
    assert tier_score(other, "unit").score.total == tier_score(filled, "unit").score.total
    assert AssessmentLog.objects.filter(assessment=other, action="import").count() == 1


def courts_copy(data, change):
    book = openpyxl.load_workbook(io.BytesIO(data))
    change(book["LKE ZI"])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_a_courts_copy_with_notes_links_hidden_columns_and_retyped_labels_imports(filled):
    def decorate(sheet):
        sheet["Q8"] = "https://drive.google.com/xyz"
        sheet["P8"] = "SK Tim ZI.pdf"
        sheet.column_dimensions["I"].hidden = True
        sheet["J8"] = "ya / tidak"
        sheet["R8"] = "catatan tim: sudah diverifikasi"  # a column of the court's own

    data = courts_copy(export_workbook(filled, "unit"), decorate)
    result = read_answers(data, filled, "unit")
    assert result.ok, result.problems[:3]
    assert len(result.answers) == filled.answers.count()


@pytest.mark.parametrize(
    ("change", "message"),
    [(lambda s: s.__setitem__("G8", "Pertanyaan lain sama sekali"), "tidak ditemukan"),
     (lambda s: s.__setitem__("K9", "F"), "Pilih salah satu"),
     (lambda s: s.__setitem__("K129", -4), "bilangan bulat"),
     (lambda s: s.__setitem__("K11", '=HYPERLINK("http://x")'), "rumus")],
)  # fmt: skip
def test_what_cannot_be_matched_or_read_is_refused_with_its_row(filled, change, message):
    result = read_answers(courts_copy(export_workbook(filled, "unit"), change), filled, "unit")
    assert not result.ok
    assert any(message in text for _row, text in result.problems), result.problems


def test_a_workbook_of_another_framework_or_no_lke_is_refused(filled, satker):
    new = Assessment(satker=make_satker("pn-lain"), year=2026, framework=load("2026").framework)
    with pytest.raises(ImportRefused, match="Jawaban"):
        read_answers(export_workbook(filled, "unit"), new, "unit")
    blank = io.BytesIO()
    openpyxl.Workbook().save(blank)
    with pytest.raises(ImportRefused, match="LKE ZI"):
        read_answers(blank.getvalue(), filled, "unit")
    with pytest.raises(ImportRefused):
        read_answers(b"%PDF-1.4 not a workbook", filled, "unit")


def test_the_2026_workbook_has_the_answers_in_the_named_cells_and_reads_back(satker, users):
    tree = load("2026")
    assessment = Assessment.objects.create(satker=satker, year=2026, framework=tree.framework)
    first = tree.questions[0]
    Answer.objects.create(assessment=assessment, question=first, tier="unit", value="Ya",
                          note="SK Tim")  # fmt: skip
    Answer.objects.create(assessment=assessment, question=first, tier="tpi", value="Tidak")
    data = export_workbook(assessment, "unit")
    sheet = openpyxl.load_workbook(io.BytesIO(data))["Jawaban"]
    row = first.excel_row
    assert (sheet[f"K{row}"].value, sheet[f"L{row}"].value, sheet[f"N{row}"].value) == (
        "Ya", "SK Tim", "Tidak")  # fmt: skip
    back = read_answers(data, assessment, "tpi")
    assert back.ok and back.answers[first.pk] == ("Tidak", "")


def test_import_lke_command_all_or_nothing(filled, tmp_path, capsys, users):
    path = tmp_path / "lke.xlsx"
    path.write_bytes(export_workbook(filled, "unit"))
    other = make_satker("pn-contoh")
    call_command("import_lke", str(path), satker="pn-contoh", year=2021, dry_run=True)
    assert not Assessment.objects.filter(satker=other).exists()
    call_command("import_lke", str(path), satker="pn-contoh", year=2021)
    imported = Assessment.objects.get(satker=other)
    assert tier_score(imported, "unit").score.total == tier_score(filled, "unit").score.total
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(courts_copy(path.read_bytes(), lambda s: s.__setitem__("K9", "F")))
    before = Answer.objects.filter(assessment=imported).count()
    with pytest.raises(CommandError, match="tidak ada yang diimpor"):
        call_command("import_lke", str(bad), satker="pn-contoh", year=2021)
    assert "baris 9" in capsys.readouterr().err
    assert Answer.objects.filter(assessment=imported).count() == before


# --- in the browser ---------------------------------------------------------------------

URL = "/assessment/pn-sarolangun/2021/"


def upload(client, data, tier="unit", name="LKE PN.xlsx"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return client.post(f"{URL}import/", {"file": SimpleUploadedFile(name, data), "tier": tier})


def test_the_workbook_downloads_as_an_attachment(client, users, filled):
    from tests.evidence_helpers import login

    login(client, users["staf"])
    response = client.get(f"{URL}lke.xlsx")
    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        'attachment; filename="LKE-ZI-Pengadilan-Negeri-Sarolangun-2021-unit.xlsx"')  # fmt: skip
    assert client.get(f"{URL}lke.xlsx", {"tier": "tpi"}).status_code == 404  # a draft's TPI
    login(client, users["outsider"])
    assert client.get(f"{URL}lke.xlsx").status_code == 404


def test_the_team_lead_imports_with_a_preview(client, users, filled, other_satker):
    from tests.evidence_helpers import login

    data = export_workbook(filled, "unit")
    Answer.objects.filter(assessment=filled).delete()
    login(client, users["ketua_tim"])
    preview = upload(client, data)
    assert preview.status_code == 200
    changes = preview.context["changes"]
    assert len(changes) == len(read_answers(data, filled, "unit").answers)
    assert not Answer.objects.filter(assessment=filled).exists()  # nothing saved yet
    token = preview.context["token"]
    response = client.post(f"{URL}import/confirm/", {"token": token})
    assert response.status_code == 302
    assert Answer.objects.filter(assessment=filled).count() == len(changes)
    assert client.post(f"{URL}import/confirm/", {"token": token + "x"}).status_code == 302
    assert Answer.objects.filter(assessment=filled).count() == len(changes)


def test_a_bad_workbook_shows_its_rows_and_imports_nothing(client, users, filled):
    from tests.evidence_helpers import login

    bad = courts_copy(export_workbook(filled, "unit"), lambda s: s.__setitem__("K9", "F"))
    login(client, users["ketua_tim"])
    response = upload(client, bad)
    assert response.status_code == 400
    assert (
        "baris 9" in response.content.decode() and "Pilih salah satu" in response.content.decode()
    )
    response = upload(client, b"not a workbook at all")
    assert response.status_code == 400 and "bukan buku kerja Excel" in response.content.decode()


@pytest.mark.parametrize("role", ["staf", "ketua", "penilai"])
def test_only_those_who_answer_a_tier_import(client, users, filled, role):
    from tests.evidence_helpers import login

    login(client, users[role])
    assert client.get(f"{URL}import/").status_code == 403
    assert upload(client, export_workbook(filled, "unit")).status_code == 403


def test_the_lke_pdf_has_the_scores_readiness_and_both_tiers(client, users, filled):
    from tests import pdf_helpers
    from tests.evidence_helpers import login

    Answer.objects.create(assessment=filled, question=load("90/2021").questions[0], tier="tpi",
                          value="Tidak", note="SK belum ada")  # fmt: skip
    filled.status = "submitted"
    filled.save()
    login(client, users["ketua"])
    response = client.get(f"{URL}lke.pdf", {"paper": "f4"})
    assert response["Content-Disposition"].startswith('attachment; filename="LKE-ZI-Pengadilan')
    data = response.content
    text = pdf_helpers.text(data)
    assert "LEMBAR KERJA EVALUASI ZONA INTEGRITAS" in text
    total = tier_score(filled, "unit").score.total
    assert f"{total:.2f}".replace(".", ",") in text
    assert "Kesiapan menuju WBK dan WBBM" in text and "SK belum ada" in text
    assert "LHKPN 1 + LHKASN 1" in " ".join(text.split())
    assert "Halaman 1 dari" in text
    assert pdf_helpers.info(data)["Page size"].startswith("609.449 x 935.433")  # F4, portrait
    login(client, users["outsider"])
    assert client.get(f"{URL}lke.pdf").status_code == 404


def test_a_workbook_past_the_limit_says_only_that_it_is_too_large(client, users, filled):
    from tests.evidence_helpers import login

    login(client, users["ketua_tim"])
    before = Answer.objects.count()
    response = upload(client, b"PK\x03\x04" + b"\x00" * (10 * 1024 * 1024 + 10))
    assert response.status_code == 400
    assert list(response.context["form"].errors["file"]) == ["Berkas lebih besar dari 10 MB."]
    assert Answer.objects.count() == before
