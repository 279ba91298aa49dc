"""The matrix as an Excel workbook: the printed layout, the files sheet, who may download."""

import io

import openpyxl
import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from components.models import Cell, Indicator, Requirement
from reports.xlsx import FILES_SHEET, INFO_SHEET, MATRIX_SHEET
from tests.evidence_helpers import login
from tests.factories import make_files, make_satker, replicate_plan

pytestmark = pytest.mark.django_db

URL = "/plans/pn-sarolangun/2021/matrix.xlsx"


def workbook(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    return openpyxl.load_workbook(io.BytesIO(response.content))


def find(sheet, text):
    """(row, column) of the first cell whose value starts with `text`."""
    for row in sheet.iter_rows():
        for cell in row:
            if isinstance(cell.value, str) and cell.value.startswith(text):
                return cell.row, cell.column
    raise AssertionError(f"{text!r} not in {sheet.title}")


def merged_range(sheet, row, column):
    for merged in sheet.merged_cells.ranges:
        if (row, column) == (merged.min_row, merged.min_col):
            return merged.max_row - merged.min_row + 1, merged.max_col - merged.min_col + 1
    return 1, 1


def test_the_matrix_sheet_is_laid_out_like_the_printed_document(client, users, plan):
    login(client, users["staf"])
    book = workbook(client.get(URL))
    assert book.sheetnames == [MATRIX_SHEET, INFO_SHEET, FILES_SHEET]
    sheet = book[MATRIX_SHEET]
    assert sheet["A1"].value.startswith("KEGIATAN PEMBANGUNAN ZONA INTEGRITAS")
    assert [sheet.cell(3, c).value for c in range(1, 7)] == [
        "NO", "KOMPONEN", "INDIKATOR", "LANGKAH AKSI", "BUKTI FISIK", "REALISASI WAKTU"
    ]  # fmt: skip
    assert [sheet.cell(4, c).value for c in range(6, 18)][:3] == ["JAN", "FEB", "MAR"]
    assert sheet.cell(4, 17).value == "DES"

    # Component 1 spans its rows; indicator 1.1 spans its five evidence rows.
    row, column = find(sheet, "Manajemen Perubahan")
    assert (row, column) == (5, 2) and sheet.cell(5, 1).value == 1
    rows_of_component_1 = Requirement.objects.filter(
        indicator__component__plan=plan, indicator__component__number=1
    ).count()
    assert merged_range(sheet, 5, 2) == (rows_of_component_1, 1)
    assert merged_range(sheet, *find(sheet, "1.1 Penyusunan Tim Kerja")) == (5, 1)
    # 7.2 has neither steps nor evidence: one cell across three columns.
    assert merged_range(sheet, *find(sheet, "7.2 ")) == (1, 3)
    assert "Target: IPKP >= 3" in sheet.cell(*find(sheet, "7.2 ")).value

    # Planned months are V, realized ones ●; rows keep their months.
    cell = Cell.objects.get(
        requirement__indicator__component__plan=plan,
        requirement__indicator__component__number=1,
        requirement__indicator__number=2,
        requirement__position=1,
        month=1,
    )
    row, _column = find(sheet, "1. Undangan, absensi")
    assert sheet.cell(row, 6).value == "V"
    Cell.objects.filter(pk=cell.pk).update(realized=True)
    sheet = workbook(client.get(URL))[MATRIX_SHEET]
    assert sheet.cell(row, 6).value == "●"
    assert sheet.cell(row, 7).value is None

    # Printing: landscape, fitted to the width, header repeated and frozen.
    assert sheet.page_setup.orientation == "landscape"
    assert sheet.print_title_rows == "$3:$4"
    assert sheet.freeze_panes == "A5"
    assert sheet.column_dimensions["D"].width > sheet.column_dimensions["F"].width
    assert sheet.cell(row, 5).alignment.wrap_text

    # The signature block is under the table.
    place, _ = find(sheet, "Ditetapkan di : Sarolangun")
    assert place > row and sheet.cell(place + 1, 13).value == "Pada tanggal : 31 Desember 2021"
    info = book[INFO_SHEET]
    assert info["A1"].value == "Satker" and info["B1"].value == "Pengadilan Negeri Sarolangun"


def test_the_files_sheet_lists_every_visible_file(client, users, plan, requirement):
    cell = Cell.objects.get(requirement=requirement, month=1)
    approved = make_files(cell, users["staf"], 2, status="approved")
    make_files(cell, users["staf"], 1, status="withdrawn")
    login(client, users["penilai"])
    sheet = workbook(client.get(URL))[FILES_SHEET]
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert len(rows) == 2
    assert "Direviu oleh" in next(sheet.iter_rows(max_row=1, values_only=True))  # "reviu"
    code, text, month, name, uploader, _date, status, _reviewer, sha = rows[0]
    assert (code, month, name, status) == ("1.2", "JAN", approved[0].original_name, "disetujui")
    assert text.startswith("1. Undangan") and uploader == "staf" and sha == "0" * 64


def test_user_text_never_becomes_a_formula(client, users, plan):
    Indicator.objects.filter(component__plan=plan, component__number=1, number=1).update(
        name='=HYPERLINK("http://evil.example","klik")'
    )
    Requirement.objects.filter(indicator__component__plan=plan).filter(position=1).update(
        text="=cmd|' /C calc'!A0"
    )
    login(client, users["ketua"])
    sheet = workbook(client.get(URL))[MATRIX_SHEET]
    for row in sheet.iter_rows():
        for cell in row:
            assert cell.data_type != "f", cell.coordinate
    assert sheet.cell(*find(sheet, "1.1 =HYPERLINK")).data_type == "s"


@pytest.mark.parametrize("role", ["staf", "ketua_tim", "ketua", "penilai", "admin"])
def test_members_download_outsiders_do_not(client, users, role):
    login(client, users[role])
    assert client.get(URL).status_code == 200


def test_outsiders_and_anonymous_users_get_nothing(client, users):
    assert client.get(URL).status_code == 302
    login(client, users["outsider"])
    assert client.get(URL).status_code == 404
    login(client, users["staf"])
    assert client.post(URL).status_code == 405


def test_queries_do_not_grow_with_the_plan(client, users, plan):
    login(client, users["staf"])
    with CaptureQueriesContext(connection) as seed:
        client.get(URL)
    big = replicate_plan(plan, make_satker("pn-besar"), 2021, copies=10)
    users["admin"].refresh_from_db()
    login(client, users["admin"])
    with CaptureQueriesContext(connection) as large:
        client.get(f"/plans/{big.satker.slug}/2021/matrix.xlsx")
    # session, user, plan, membership, 5 for the matrix, files
    assert len(seed) == 10
    assert len(large) == len(seed)


def test_export_matrix_writes_the_workbook(plan, tmp_path):
    out = tmp_path / "m.xlsx"
    call_command("export_matrix", "pn-sarolangun", "2021", "--format", "xlsx", "-o", str(out))
    book = openpyxl.load_workbook(out)
    assert book[MATRIX_SHEET]["A3"].value == "NO"
