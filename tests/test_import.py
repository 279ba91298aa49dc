"""Import a plan from .xlsx: our export, other courts' layouts, bad files, the preview."""

import io
import zipfile

import openpyxl
import pytest
from django.core.management import CommandError, call_command
from openpyxl.worksheet.formula import ArrayFormula

from components.models import Cell, Component, Indicator, Plan
from components.plandata import plan_data
from evidence.models import Activity
from reports.models import PlanImport
from reports.plan_import import read_plan, split_items
from reports.xlsx import blank_workbook, matrix_workbook, workbook_bytes
from tests import samples
from tests.evidence_helpers import login, messages_of
from tests.import_helpers import (
    MONTHS_ID,
    URL,
    details,
    other_court_layout,
    post,
    problems_of,
    upload_export,
    xlsx,
)

pytestmark = pytest.mark.django_db

# --- Reading ------------------------------------------------------------------------------


def test_our_export_reads_back_as_the_same_plan(plan):
    result = read_plan(workbook_bytes(matrix_workbook(plan)))
    assert result.problems == [] and result.notes == []
    assert result.year == 2021 and result.sheet == "Matriks"
    assert result.data == plan_data(plan)


def test_another_courts_layout_with_one_header_row_and_repeated_values(db):
    result = read_plan(xlsx(other_court_layout(marks=("v", "✓", "1", "X"))))
    assert result.problems == []
    assert "Kolom PENANGGUNG JAWAB tidak diimpor." in result.notes
    data = result.data
    assert data.title == (
        "RENCANA AKSI PEMBANGUNAN ZONA INTEGRITAS PENGADILAN NEGERI CONTOH TAHUN 2023"
    )
    assert result.year == 2023
    assert [(c.number, c.name, c.kind, c.weight) for c in data.components] == [
        (1, "Manajemen Perubahan", "pengungkit", "8"),  # weight from 90/2021's area 1
        (2, "Penataan Tatalaksana", "pengungkit", "7"),
        (3, "Indikator hasil", "hasil", "40"),
    ]
    first, second = data.components[0].indicators
    assert (first.number, first.name) == (1, "Penyusunan Tim Kerja")
    assert [(s.number, s.text) for s in first.steps] == [(1, "Membentuk tim"), (2, "Rapat tim")]
    assert [(r.number, r.text, r.step, r.months) for r in first.requirements] == [
        (1, "SK Tim", 0, [1, 2]),
        (2, "Notula rapat", 1, [1, 2]),
        (3, "Foto kegiatan", 1, [3]),
    ]
    assert (second.name, second.target) == ("Rencana Pembangunan ZI", "100%")
    assert second.requirements[0].months == [1, 6, 12]
    result_indicator = data.components[2].indicators[0]
    assert (result_indicator.number, result_indicator.weight) == (1, "20")
    assert result_indicator.steps == [] and result_indicator.requirements == []
    assert "berada di bawah komponen 3" in " ".join(result.notes)
    assert data.adopted_place == "Contoh" and data.adopted_on == "2023-01-02"
    assert data.signatory_title == "KETUA PENGADILAN NEGERI CONTOH"
    assert data.signatory_name == "BUDI SANTOSO, S.H."
    assert data.signatory_nip == "197001011995031001"


def test_two_header_rows_numbers_for_months_merged_cells_and_column_numbers(db):
    book = other_court_layout(header_rows=2, months=list(range(1, 13)), repeated=False)
    sheet = book.active
    sheet.merge_cells("A7:A9")  # component 1 over its three rows
    sheet.merge_cells("B7:B9")
    sheet.merge_cells("C7:C8")
    result = read_plan(xlsx(book))
    assert result.problems == []
    component = result.data.components[0]
    assert [i.number for i in component.indicators] == [1, 2]
    assert len(component.indicators[0].requirements) == 3
    assert result.data.counts() == (3, 4, 4, 5, 9)


def test_month_abbreviations_in_english_or_indonesian(db):
    months = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"]
    assert read_plan(xlsx(other_court_layout(months=months))).problems == []
    months = ["JAN", "PEB", "MAR", "APR", "MEI", "JUN", "JUL", "AGT", "SEP", "OKT", "NOP", "DES"]
    assert read_plan(xlsx(other_court_layout(months=months))).problems == []


@pytest.mark.parametrize(
    ("text", "items"),
    [
        ("Membentuk tim", [(None, "Membentuk tim")]),
        ("5. Penetapan", [(5, "Penetapan")]),
        ("1. a\n2. b\n3) c", [(1, "a"), (2, "b"), (3, "c")]),
        ("1. Rapat:\n2021 laporan\n3. bukan", [(1, "Rapat:\n2021 laporan\n3. bukan")]),
        ("Membuat SK:\n1. a\n2. b", [(None, "Membuat SK:\n1. a\n2. b")]),
        ("4.", [(4, "")]),
    ],
)
def test_numbered_items_split_only_in_sequence(text, items):
    assert split_items(text) == items


def test_an_unknown_month_mark_is_a_problem_with_its_place(db):
    book = other_court_layout()
    book.active["H5"] = "minggu 2"
    result = read_plan(xlsx(book))
    assert [(p.sheet, p.row, p.column) for p in result.problems] == [("Rencana Aksi", 5, "H")]
    assert "MINGGU 2" in result.problems[0].message


# --- Bad files ----------------------------------------------------------------------------


def truncated(plan):
    data = workbook_bytes(matrix_workbook(plan))
    return data[: len(data) // 2]


def encrypted():
    return (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 500 + "EncryptionInfo".encode("utf-16-le")
    )


def ods():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        package.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        package.writestr("content.xml", "<office:document-content/>")
    return buffer.getvalue()


def zip_bomb():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("[Content_Types].xml", "<Types/>")
        package.writestr("xl/workbook.xml", "<workbook/>")
        with package.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as big:
            for _ in range(120):
                big.write(b" " * (1 << 20))
    return buffer.getvalue()


def with_formula(formula):
    book = other_court_layout()
    book.active["E5"] = formula
    return xlsx(book)


def with_array_formula():
    book = other_court_layout()
    book.active["F6"] = ArrayFormula("F6", "=SUM(A1:A2)")
    return xlsx(book)


def no_header():
    book = openpyxl.Workbook()
    book.active.append(["Daftar hadir rapat"])
    book.active.append(["Nama", "Jabatan", "Tanda tangan"])
    return xlsx(book)


def many_rows():
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("Matriks")
    sheet.append(["NO", "KOMPONEN", "INDIKATOR", "LANGKAH AKSI", "BUKTI FISIK", *MONTHS_ID.split()])
    sheet.append([1, "Manajemen Perubahan", "1.1 Tim"])
    for number in range(100_000):
        sheet.append([None, None, None, None, f"Bukti {number}", "V"])
    return xlsx(book)


BAD_FILES = {
    "corrupt": (lambda plan: b"PK\x03\x04" + b"\x13" * 4000, "rusak atau tidak lengkap"),
    "truncated": (truncated, "rusak atau tidak lengkap"),
    "password": (lambda plan: encrypted(), "dilindungi kata sandi"),
    "xls": (lambda plan: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "(.xls)"),
    "csv": (lambda plan: b"NO;KOMPONEN;INDIKATOR\n1;Manajemen;1.1 Tim\n", "(CSV)"),
    "ods": (lambda plan: ods(), "(.ods)"),
    "docx": (lambda plan: samples.docx(), "dokumen Word"),
    "zip bomb": (lambda plan: zip_bomb(), "tidak wajar"),
    "hyperlink": (lambda plan: with_formula('=HYPERLINK("http://x.example","klik")'), "rumus"),
    "dde": (lambda plan: with_formula("=cmd|' /C calc'!A0"), "rumus"),
    "array formula": (lambda plan: with_array_formula(), "rumus"),
    "no header": (lambda plan: no_header(), "judul kolom NO, KOMPONEN"),
    "100 000 rows": (lambda plan: many_rows(), "lebih dari 5000 baris"),
    "empty": (lambda plan: b"", "kosong"),
    "pdf": (lambda plan: samples.pdf(), "bukan buku kerja Excel"),
}


@pytest.mark.parametrize("bad", list(BAD_FILES))
def test_a_bad_workbook_is_refused_with_a_message_and_nothing_is_stored(client, users, plan, bad):
    make, message = BAD_FILES[bad]
    login(client, users["ketua_tim"])
    plans = Plan.objects.count()
    response = post(client, make(plan))
    assert response.status_code == 400
    text = " ".join(problems_of(response)) + str(response.context["form"].errors)
    assert message in text
    assert Plan.objects.count() == plans and not PlanImport.objects.exists()


def test_a_file_over_the_upload_limit_is_cut_off(client, users, plan):
    login(client, users["ketua_tim"])
    response = post(client, b"PK\x03\x04" + b"\x00" * (10 * 1024 * 1024 + 10))
    assert response.status_code == 400
    (message,) = response.context["form"].errors["file"]  # the size, not also "required"
    assert "lebih besar dari 10 MB" in message
    assert not PlanImport.objects.exists()


def test_the_problems_page_lists_sheet_row_and_column(client, users, plan):
    login(client, users["ketua_tim"])
    html = post(client, with_formula("=1+1")).content.decode()
    assert "<td>Rencana Aksi</td><td>5</td><td>E</td>" in html
    assert "tidak ada yang diimpor" in html


# --- The web flow -------------------------------------------------------------------------


def test_export_then_import_as_another_year_gives_an_identical_plan(client, users, plan):
    draft, preview = upload_export(client, users, plan)
    page = client.get(preview)
    assert page.status_code == 200
    html = page.content.decode()
    assert "7 komponen, 23 indikator, 47 langkah aksi, 55 bukti fisik, 111 bulan rencana" in html
    assert not Plan.objects.filter(year=2022).exists()  # the preview creates nothing

    response = client.post(preview, details(draft))
    new = Plan.objects.get(satker=plan.satker, year=2022)
    assert response["Location"] == new.get_absolute_url()
    expected = plan_data(plan).with_year(2021, 2022)
    assert plan_data(new) == expected
    assert new.title.endswith("TAHUN 2022")
    assert (new.adopted_on, new.signatory_nip) == (plan.adopted_on, plan.signatory_nip)
    assert not PlanImport.objects.exists()
    entry = Activity.objects.get(plan=new)
    assert (entry.action, entry.note, entry.user) == (
        "create", "Diimpor dari matriks.xlsx.", users["ketua_tim"]
    )  # fmt: skip
    # Exported again, the new plan's workbook matches the old one's but for the year.
    assert read_plan(workbook_bytes(matrix_workbook(new))).data == expected


def test_the_team_lead_corrects_items_in_the_preview(client, users, plan):
    draft, preview = upload_export(client, users, plan)
    item = f"{URL}{draft.pk}/c0-i0-r0/"
    form = client.get(item)
    assert form.status_code == 200 and "Perbaiki baris bukti fisik" in form.content.decode()
    client.post(item, {"number": 1, "text": "Undangan rapat (diperbaiki)", "step": 0,
                       "months": [2, 3]})  # fmt: skip
    client.post(f"{URL}{draft.pk}/c0/", {"number": 1, "name": "Manajemen Perubahan (MP)",
                                         "kind": "pengungkit", "weight": "8"})  # fmt: skip
    client.post(f"{URL}{draft.pk}/c0-i0-s1/", {"delete": "1"})
    bad = client.post(f"{URL}{draft.pk}/c0-i0/", {"number": "", "name": ""})
    assert bad.status_code == 400
    html = client.get(preview).content.decode()
    assert "Undangan rapat (diperbaiki)" in html

    client.post(preview, details(draft, title="RENCANA AKSI 2022", adopted_on=""))
    new = Plan.objects.get(year=2022)
    assert new.title == "RENCANA AKSI 2022" and new.adopted_on is None
    component = Component.objects.get(plan=new, number=1)
    assert (component.name, component.weight) == ("Manajemen Perubahan (MP)", 8)
    indicator = Indicator.objects.get(component=component, number=1)
    requirement = indicator.requirements.get(position=1)
    assert requirement.text == "Undangan rapat (diperbaiki)" and requirement.step.position == 1
    assert list(
        Cell.objects.filter(requirement=requirement, planned=True).values_list("month", flat=True)
    ) == [2, 3]
    assert indicator.steps.count() == len(plan_data(plan).components[0].indicators[0].steps) - 1


def test_bad_details_are_refused_and_nothing_is_created(client, users, plan):
    draft, preview = upload_export(client, users, plan)
    response = client.post(preview, details(draft, signatory_nip="123", year=1999))
    assert response.status_code == 400
    assert "NIP terdiri atas 18 angka" in response.content.decode()
    assert not Plan.objects.filter(year__in=[1999, 2022]).exists()
    assert PlanImport.objects.filter(pk=draft.pk).exists()


def test_a_year_that_has_a_plan_is_never_replaced(client, users, plan):
    login(client, users["ketua_tim"])
    response = post(client, workbook_bytes(matrix_workbook(plan)), year=2021)
    assert response.status_code == 400
    assert "Sudah ada rencana 2021" in str(response.context["form"].errors)
    draft, preview = upload_export(client, users, plan, year=2022)
    Plan.objects.create(satker=plan.satker, year=2022, title="x", framework=plan.framework)
    response = client.post(preview, details(draft))
    assert response.status_code == 400
    assert Plan.objects.get(year=2022).title == "x"


def test_an_import_that_fails_half_way_leaves_nothing(client, users, plan, monkeypatch):
    draft, preview = upload_export(client, users, plan)

    def fail(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(Cell.objects, "bulk_create", fail)
    with pytest.raises(RuntimeError):
        client.post(preview, details(draft))
    assert not Plan.objects.filter(year=2022).exists()
    assert not Component.objects.filter(plan__year=2022).exists()


def test_discarding_removes_the_draft(client, users, plan):
    draft, _preview = upload_export(client, users, plan)
    response = client.post(f"{URL}{draft.pk}/discard/", follow=True)
    assert "Impor dibatalkan" in " ".join(messages_of(response))
    assert not PlanImport.objects.exists() and not Plan.objects.filter(year=2022).exists()


@pytest.mark.parametrize("role", ["staf", "ketua", "penilai", "outsider"])
def test_only_the_team_lead_imports(client, users, plan, role):
    login(client, users[role])
    expected = 404 if role == "outsider" else 403
    assert client.get(URL).status_code == expected
    assert client.get(URL + "template.xlsx").status_code == expected
    assert post(client, workbook_bytes(matrix_workbook(plan))).status_code == expected
    assert not PlanImport.objects.exists()


def test_a_draft_is_only_its_uploaders(client, users, plan):
    from components.models import Role
    from tests.factories import make_user

    draft, preview = upload_export(client, users, plan)
    login(client, make_user("ketua-tim-2", plan.satker, Role.KETUA_TIM))
    assert client.get(preview).status_code == 404
    assert client.post(preview, details(draft)).status_code == 404
    assert client.get(f"{URL}{draft.pk}/c0/").status_code == 404
    assert client.get(f"{URL}{draft.pk}/c99-i0/").status_code == 404


def test_the_blank_template_is_recognised(client, users, plan):
    login(client, users["ketua_tim"])
    response = client.get(URL + "template.xlsx")
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["Matriks", "Keterangan", "Petunjuk"]
    sheet = book["Matriks"]
    sheet["C5"] = "1.1 Penyusunan Tim Kerja"
    sheet["E5"] = "SK Tim"
    sheet["F5"] = "V"
    result = read_plan(xlsx(book))
    assert result.problems == []
    assert [c.name for c in result.data.components][:2] == [
        "Manajemen Perubahan", "Penataan Tatalaksana"
    ]  # fmt: skip
    assert result.data.components[0].indicators[0].requirements[0].months == [1]
    assert result.data.adopted_place == plan.satker.city


def test_home_offers_the_import_to_team_leads_only(client, users):
    login(client, users["ketua_tim"])
    assert URL in client.get("/").content.decode()
    login(client, users["staf"])
    assert URL not in client.get("/").content.decode()


# --- The command --------------------------------------------------------------------------


def test_import_plan_command(plan, tmp_path, capsys):
    path = tmp_path / "matriks.xlsx"
    path.write_bytes(workbook_bytes(matrix_workbook(plan)))
    call_command("import_plan", str(path), "--satker", "pn-sarolangun", "--year", "2023",
                 "--dry-run")  # fmt: skip
    assert not Plan.objects.filter(year=2023).exists()
    call_command("import_plan", str(path), "--satker", "pn-sarolangun", "--year", "2023")
    new = Plan.objects.get(year=2023)
    assert plan_data(new) == plan_data(plan).with_year(2021, 2023)
    with pytest.raises(CommandError, match="already has a plan"):
        call_command("import_plan", str(path), "--satker", "pn-sarolangun", "--year", "2023")


def test_import_plan_command_lists_problems_in_indonesian(plan, tmp_path, capsys):
    path = tmp_path / "rumus.xlsx"
    path.write_bytes(with_formula("=1+1"))
    with pytest.raises(CommandError, match="1 problem"):
        call_command("import_plan", str(path), "--satker", "pn-sarolangun", "--year", "2024")
    assert "lembar Rencana Aksi, baris 5, kolom E: Sel berisi rumus" in capsys.readouterr().err
    assert not Plan.objects.filter(year=2024).exists()


def test_the_blank_template_has_the_newest_frameworks_components(satker):
    book = blank_workbook(satker)
    assert book["Matriks"]["B5"].value == "Manajemen Perubahan"
    assert book["Keterangan"]["B3"].value == "90/2021"


def test_other_signature_blocks_are_not_data(db):
    book = other_court_layout()
    sheet = book.active
    for row in range(11, 17):
        for column in range(1, 19):
            sheet.cell(row, column).value = None
    sheet["E12"] = "Sarolangun, 31 Desember 2023"
    sheet["E13"] = "KETUA PENGADILAN NEGERI CONTOH"
    sheet["E15"] = "BUDI SANTOSO, S.H."
    sheet["E16"] = "NIP. 197001011995031001"
    sheet["D8"] = "Ketua Pengadilan menetapkan SOP"  # a step, with its evidence and month
    result = read_plan(xlsx(book))
    assert result.problems == []
    assert result.data.counts()[3] == 5  # no evidence row made of the signature
    assert result.data.components[1].indicators[0].steps[0].text == (
        "Ketua Pengadilan menetapkan SOP"
    )
    assert result.data.signatory_name == "BUDI SANTOSO, S.H."


def test_a_flood_of_problems_is_cut_short(db):
    book = other_court_layout()
    for row in range(20, 400):
        book.active.cell(row, 5).value = "=1+1"
    problems = read_plan(xlsx(book)).problems
    assert len(problems) == 51 and "dan 330 masalah lain" in problems[-1].message  # 380 - 50


def test_numbers_and_weights_out_of_range_are_problems(db):
    book = other_court_layout()
    book.active["A8"] = 500  # component 2 numbered 500
    book.active["B9"] = "Indikator hasil (150%)"
    messages = [p.message for p in read_plan(xlsx(book)).problems]
    assert "Nomor komponen 500 tidak di antara 1 dan 99." in messages
    assert "Bobot Indikator hasil, 150%, tidak di antara 0 dan 100." in messages


def test_the_whole_journey_import_correct_export_roll_over_bundle(client, users, plan):
    """The issue's 'done when': another court's workbook in, corrected, out again as
    Excel, rolled over to next year, and one ZIP for the evaluator."""
    login(client, users["ketua_tim"])
    response = post(client, xlsx(other_court_layout()), year=2024, name="pn-contoh.xlsx")
    draft = PlanImport.objects.get()
    preview = response["Location"]
    client.post(f"{URL}{draft.pk}/c0-i0-r2/", {"number": 3, "text": "Foto kegiatan rapat",
                                               "step": 1, "months": [3, 4]})  # fmt: skip
    client.post(preview, details(draft, signatory_nip=""))
    imported = Plan.objects.get(satker=plan.satker, year=2024)
    assert imported.title.endswith("TAHUN 2024")

    exported = client.get("/plans/pn-sarolangun/2024/matrix.xlsx")
    assert read_plan(exported.content).data == plan_data(imported)
    assert "Foto kegiatan rapat" in str(read_plan(exported.content).data)

    client.post("/plans/pn-sarolangun/2024/next-year/")
    rolled = Plan.objects.get(satker=plan.satker, year=2025)
    assert plan_data(rolled).components == plan_data(imported).components

    bundle = client.get("/plans/pn-sarolangun/2024/evidence.zip")
    archive = zipfile.ZipFile(io.BytesIO(b"".join(bundle.streaming_content)))
    assert archive.namelist() == ["index.html", "index.xlsx"]  # no evidence uploaded yet
