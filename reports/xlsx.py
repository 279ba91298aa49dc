"""Workbooks: the matrix as the court prints it, and the list of evidence files.

The matrix sheet is laid out like the printed document (title rows, a two-row header,
merged component, indicator and step cells, V for planned months), set up for printing
(landscape, fitted to the page width, header repeated, frozen under the header), and it is
what import_plan reads back: exporting a plan and importing the file gives the same plan.
A second sheet, Keterangan, carries what the printed layout does not show (the framework,
the adoption and signatory details) as label and value pairs.
"""

import io

from django.utils import timezone, translation
from django.utils.translation import gettext_lazy
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from components.matrix import build_matrix
from components.models import MONTH_ABBREVIATIONS, display_name

from .pdf import MONTH_HEADINGS, month_marks

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
HEADINGS = ["NO", "KOMPONEN", "INDIKATOR", "LANGKAH AKSI", "BUKTI FISIK"]
WIDTHS = [5, 16, 28, 45, 45] + [5] * 12
MATRIX_SHEET = "Matriks"
INFO_SHEET = "Keterangan"
FILES_SHEET = "Bukti fisik"

THIN = Side(style="thin")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
TOP_WRAP = Alignment(wrap_text=True, vertical="top")
CENTRE = Alignment(horizontal="center", vertical="center", wrap_text=True)
BOLD = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="E6E6E6")


def clean(value):
    """Text without the control characters a workbook cannot hold (openpyxl refuses them:
    a name typed with a stray vertical tab must not break every export)."""
    return ILLEGAL_CHARACTERS_RE.sub("", value) if isinstance(value, str) else value


def append(sheet, values):
    """sheet.append with every text cleaned."""
    sheet.append([clean(value) for value in values])


def no_formulas(book):
    """Make every cell that would be a formula plain text, in place; return the workbook.

    openpyxl writes a string that starts with "=" as a formula, so a plan text such as
    "=HYPERLINK(...)" would run when the workbook is opened. These workbooks hold no
    formulas of their own: every such cell is user text and is stored as text, unchanged.
    (Other leading characters such as + - @ are only dangerous in CSV files.)
    """
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    cell.data_type = "s"
    return book


def indicator_text(indicator):
    """The indicator cell as printed: "1.3 Name (20%)", then description and target lines."""
    head = f"{indicator.code} {indicator.name}"
    if indicator.component.is_result and indicator.weight:
        head += f" ({_number(indicator.weight)}%)"
    lines = [head]
    if indicator.description:
        lines.append(indicator.description)
    if indicator.target:
        lines.append(f"Target: {indicator.target}")
    return "\n".join(lines)


def component_text(component):
    if component.is_result and component.weight:
        return f"{component.name} ({_number(component.weight)}%)"
    return component.name


def numbered(number, text):
    return f"{number}. {text}" if number else text


def _number(value):
    return f"{value:f}".rstrip("0").rstrip(".")


def matrix_workbook(plan, rows=None, files=True):
    """The plan's matrix (and, with `files`, its evidence files) as an openpyxl Workbook."""
    rows = rows if rows is not None else build_matrix(plan)
    book = Workbook()
    sheet = book.active
    sheet.title = MATRIX_SHEET
    _matrix_sheet(sheet, plan, rows)
    _info_sheet(book.create_sheet(INFO_SHEET), plan, rows)
    if files:
        _files_sheet(book.create_sheet(FILES_SHEET), plan)
    return no_formulas(book)


def _matrix_header(sheet, title):
    """Title, a blank row and the two header rows; returns the first data row."""
    last = get_column_letter(17)
    append(sheet, [title])
    sheet.merge_cells(f"A1:{last}1")
    sheet["A1"].font = Font(bold=True, size=12)
    sheet["A1"].alignment = CENTRE
    sheet.row_dimensions[1].height = 32
    append(sheet, [])
    header = 3
    append(sheet, [*HEADINGS, "REALISASI WAKTU"])
    append(sheet, [None] * 5 + MONTH_HEADINGS)
    for column in range(1, 6):
        sheet.merge_cells(start_row=header, end_row=header + 1, start_column=column,
                          end_column=column)  # fmt: skip
    sheet.merge_cells(start_row=header, end_row=header, start_column=6, end_column=17)
    for row in sheet.iter_rows(min_row=header, max_row=header + 1, max_col=17):
        for cell in row:
            cell.font, cell.alignment, cell.border, cell.fill = BOLD, CENTRE, BORDER, HEADER_FILL
    for index, width in enumerate(WIDTHS, 1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    return header + 2


def _matrix_sheet(sheet, plan, rows):
    first = _matrix_header(sheet, plan.title)
    for offset, row in enumerate(rows):
        r = first + offset
        if row.component:
            _put(sheet, r, 1, row.component.number, row.component_rowspan, bold=True)
            _put(sheet, r, 2, component_text(row.component), row.component_rowspan, bold=True)
        if row.indicator_rowspan:
            text = indicator_text(row.indicator) if row.indicator else None
            _put(sheet, r, 3, text, row.indicator_rowspan, across=3 if row.indicator_only else 1)
        if row.step_cell and not row.indicator_only:
            text = numbered(row.step.number, row.step.text) if row.step else None
            _put(sheet, r, 4, text, row.step_rowspan)
        if row.requirement:
            requirement = row.requirement
            _put(sheet, r, 5, numbered(requirement.number, requirement.text) or None, 1)
        marks = month_marks(row.months) if row.requirement else " " * 12
        for month, mark in enumerate(marks):
            cell = sheet.cell(r, 6 + month, mark if mark != " " else None)  # V, ●, + only
            cell.alignment = CENTRE
            cell.font = BOLD
        for column in range(1, 18):
            sheet.cell(r, column).border = BORDER
        sheet.row_dimensions[r].height = _height(row)

    _signature_block(sheet, first + len(rows) + 1, _signature_lines(plan))
    _print_setup(sheet, first)


def _signature_block(sheet, row, lines):
    for line in lines:
        sheet.cell(row, 13, clean(line)).alignment = Alignment(wrap_text=False)
        row += 1


def _print_setup(sheet, first):
    header = first - 2
    sheet.freeze_panes = sheet.cell(first, 1)
    sheet.print_title_rows = f"{header}:{header + 1}"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_options.gridLines = False


def _put(sheet, row, column, value, rowspan, bold=False, across=1):
    cell = sheet.cell(row, column, clean(value))
    cell.alignment = TOP_WRAP
    if bold:
        cell.font = BOLD
    if rowspan > 1 or across > 1:
        sheet.merge_cells(start_row=row, end_row=row + max(rowspan, 1) - 1, start_column=column,
                          end_column=column + across - 1)  # fmt: skip


def _height(row):
    """A row height for printing: lines of the longest text of its own cells."""
    texts = []
    if row.requirement:
        texts.append((row.requirement.text, 45))
    if row.step_cell and row.step and row.step_rowspan == 1:
        texts.append((row.step.text, 45))
    if row.indicator_rowspan == 1 and row.indicator:
        texts.append((indicator_text(row.indicator), 28))
    lines = max([1] + [sum(-(-max(len(p), 1) // w) for p in t.split("\n")) for t, w in texts])
    return 13 * lines + 3


def _signature_lines(plan):
    lines = []
    if plan.adopted_place:
        lines.append(f"Ditetapkan di : {plan.adopted_place}")
    if plan.adopted_on:
        with translation.override("id"):
            from django.utils.formats import date_format

            lines.append(f"Pada tanggal : {date_format(plan.adopted_on, 'j F Y')}")
    if plan.signatory_title:
        lines.append(plan.signatory_title)
    lines += ["", "", ""]
    if plan.signatory_name:
        lines.append(plan.signatory_name)
    if plan.signatory_nip:
        lines.append(f"NIP. {plan.signatory_nip_display}")
    return lines


INFO_FIELDS = [
    ("Satker", lambda plan: plan.satker.name),
    ("Tahun", lambda plan: plan.year),
    ("Kerangka LKE", lambda plan: plan.framework.code),
    ("Judul", lambda plan: plan.title),
    ("Ditetapkan di", lambda plan: plan.adopted_place),
    ("Tanggal penetapan", lambda plan: plan.adopted_on),
    ("Nama penanda tangan", lambda plan: plan.signatory_name),
    ("Jabatan penanda tangan", lambda plan: plan.signatory_title),
    ("NIP penanda tangan", lambda plan: plan.signatory_nip),
]


def _info_sheet(sheet, plan, rows):
    """What the printed layout does not show, for people and for import_plan: the plan's
    details, each component's kind and weight, and the indicators' weights."""
    monev = next(
        (
            f"{code}/{row.requirement.position}"
            for code, row in _with_codes(rows)
            if row.requirement and row.requirement.pk == plan.monev_requirement_id
        ),
        None,
    )
    for label, value in [*INFO_FIELDS, ("Bukti laporan monev", lambda plan: monev)]:
        append(sheet, [label, value(plan) or None])
        sheet.cell(sheet.max_row, 1).font = BOLD
    append(sheet, [])
    _table(sheet, ["NO", "KOMPONEN", "JENIS", "BOBOT (%)"])
    for row in rows:
        if row.component:
            c = row.component
            append(sheet, [c.number, c.name, c.kind, _float(c.weight)])
    append(sheet, [])
    _table(sheet, ["KODE", "INDIKATOR", "BOBOT (%)"])
    for row in rows:
        if row.indicator:
            i = row.indicator
            append(sheet, [i.code, i.name, _float(i.weight)])
    append(sheet, [])
    append(sheet, ["Dibuat oleh ZI Tracker", timezone.localtime().replace(tzinfo=None)])
    sheet.cell(sheet.max_row, 1).font = Font(italic=True)
    for column, width in zip("ABCD", [26, 90, 14, 12], strict=True):
        sheet.column_dimensions[column].width = width


def _with_codes(rows):
    """(code of the indicator a row is under, row) for each row."""
    code = ""
    for row in rows:
        if row.indicator:
            code = row.indicator.code
        yield code, row


def _table(sheet, headings):
    append(sheet, headings)
    for cell in sheet[sheet.max_row]:
        cell.font, cell.fill = BOLD, HEADER_FILL


def _float(value):
    return float(value) if value is not None else None


def _files_sheet(sheet, plan):
    """Every evidence file of the plan but withdrawn uploads, in plan order."""
    from evidence.models import EvidenceFile

    append(sheet, ["Indikator", "Bukti fisik", "Bulan", "Nama berkas", "Diunggah oleh",
                  "Tanggal unggah", "Status", "Direviu oleh", "SHA-256"])  # fmt: skip
    for cell in sheet[1]:
        cell.font, cell.fill = BOLD, HEADER_FILL
    with translation.override("id"):
        for f in EvidenceFile.objects.visible().of_plan_in_order(plan):
            requirement = f.cell.requirement
            append(sheet, [
                requirement.indicator.code,
                numbered(requirement.number, requirement.text),
                str(MONTH_ABBREVIATIONS[f.cell.month - 1]),
                f.original_name,
                person(f.uploaded_by),
                timezone.localtime(f.uploaded_at).replace(tzinfo=None),
                str(f.get_status_display()),
                person(f.reviewed_by),
                f.sha256,
            ])  # fmt: skip
    for column, width in zip("ABCDEFGHI", [9, 50, 7, 36, 24, 18, 22, 24, 66], strict=True):
        sheet.column_dimensions[column].width = width
    sheet.freeze_panes = "A2"


def person(user):
    """A user as the workbooks name them (display_name), None for no one."""
    return display_name(user) if user is not None else None


# Instructions in the user's language; the sheet names and column headings the importer
# reads (Matriks, KOMPONEN ...) stay as the court writes them.
TEMPLATE_NOTES = [
    gettext_lazy("How to fill in this workbook"),
    "",
    gettext_lazy(
        "1. Fill in the Matriks sheet like the printed matrix: one row per evidence item."
    ),
    gettext_lazy("2. Components and indicators may be merged cells or repeated on every row."),
    gettext_lazy("3. Write the indicator's code before its name, e.g. 1.1 Penyusunan Tim Kerja."),
    gettext_lazy("   Further lines in the same cell may hold a description, and 'Target: ...'."),
    gettext_lazy("4. Number several steps or evidence items in one cell: 1. ..., 2. ..."),
    gettext_lazy("5. Mark planned months with V (or v, ✓, √, X, 1); leave the others empty."),
    gettext_lazy("6. Do not use formulas; write plain text."),
    gettext_lazy("7. The signature block (Ditetapkan di ...) under the table is not read as data."),
    gettext_lazy(
        "8. The Keterangan sheet holds the title, signatory and component weights "
        "(you may change them)."
    ),
    gettext_lazy(
        "9. Save as an Excel Workbook (.xlsx) and upload it in ZI Tracker: Import from Excel."
    ),
]


def blank_workbook(satker, framework=None):
    """The import template: the printed layout with the framework's components, the
    signature block, a Keterangan sheet to fill in and a sheet of instructions."""
    from components.models import Framework

    framework = framework or Framework.objects.order_by("-year").first()
    areas = list(framework.areas.order_by("number")) if framework else []
    unit = " ".join(part for part in [satker.name.upper(), satker.court_class.upper()] if part)
    title = (
        "KEGIATAN PEMBANGUNAN ZONA INTEGRITAS MENUJU WILAYAH BEBAS DARI KORUPSI (WBK)/"
        f"WILAYAH BIROKRASI BERSIH DAN MELAYANI (WBBM) {unit} TAHUN ...."
    )
    book = Workbook()
    sheet = book.active
    sheet.title = MATRIX_SHEET
    first = _matrix_header(sheet, title)
    row = first
    for area in areas:
        sheet.cell(row, 1, area.number).font = BOLD
        name = area.name + (f" ({_number(area.weight)}%)" if area.kind == "hasil" else "")
        sheet.cell(row, 2, clean(name)).font = BOLD
        for r in range(row, row + 3):
            for column in range(1, 18):
                sheet.cell(r, column).border = BORDER
                sheet.cell(r, column).alignment = TOP_WRAP if column < 6 else CENTRE
        row += 3
    lines = [f"Ditetapkan di : {satker.city}", "Pada tanggal : ", f"KETUA {satker.name.upper()}"]
    _signature_block(sheet, row + 1, lines)
    _print_setup(sheet, first)

    info = book.create_sheet(INFO_SHEET)
    for label in [*dict(INFO_FIELDS), "Bukti laporan monev"]:
        value = {"Satker": satker.name, "Kerangka LKE": framework.code if framework else None}
        append(info, [label, value.get(label)])
        info.cell(info.max_row, 1).font = BOLD
    append(info, [])
    _table(info, ["NO", "KOMPONEN", "JENIS", "BOBOT (%)"])
    for area in areas:
        append(info, [area.number, area.name, area.kind, float(area.weight)])
    info.column_dimensions["A"].width = 26
    info.column_dimensions["B"].width = 90

    notes = book.create_sheet("Petunjuk")
    for line in TEMPLATE_NOTES:
        append(notes, [str(line)])
    notes["A1"].font = Font(bold=True, size=12)
    notes.column_dimensions["A"].width = 100
    return no_formulas(book)


def workbook_bytes(book):
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
