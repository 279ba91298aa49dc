"""Reading the workbook: the file checked before it is opened, then its sheets, streamed.

The matrix sheet goes to draft.read_matrix; the Keterangan sheet of our own export is read
here into the details the printed layout does not show.
"""

import io
import logging
import re
import zipfile

from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from components.models import ComponentKind
from evidence.uploads import has_macros, implausible_package

from ..xlsx import INFO_SHEET, MATRIX_SHEET
from .cells import DIGITS, cell_label, cell_text, weight_value
from .draft import read_matrix
from .layout import HEADER_SEARCH_ROWS, find_layout
from .problems import MAX_PROBLEMS, ImportRefused, ImportResult, Problem, formula_problem

logger = logging.getLogger(__name__)

MAX_BYTES = 10 * 1024 * 1024  # a plan ten times the seed's is under 200 KB
MAX_UNPACKED = 100 * 1024 * 1024
MAX_ROWS = 5000  # the seed has 55 evidence rows; ten times larger, 600
MAX_COLUMNS = 60
MAX_SHEETS = 50
MAX_STRINGS = 20 * 1024 * 1024  # a plan's texts are a few hundred kilobytes
MAX_CELL_CHARS = 4000  # the seed's longest text has 571 characters


def check_file(data):
    """Refuse what is not an .xlsx workbook, naming what it is. Returns nothing."""
    if not data:
        raise ImportRefused(_("The file is empty."))
    if len(data) > MAX_BYTES:
        raise ImportRefused(
            _("The file is larger than %(mb)s MB; a plan's workbook is far smaller.")
            % {"mb": MAX_BYTES // (1024 * 1024)}
        )
    if data.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        if "EncryptionInfo".encode("utf-16-le") in data:
            raise ImportRefused(
                _(
                    "The workbook is protected with a password. Open it in Excel, remove the "
                    "password (File, Info, Protect Workbook) and upload it again."
                )
            )
        raise ImportRefused(
            _(
                "This is an old Excel 97-2003 file (.xls). Open it in Excel or LibreOffice "
                "and save it as an Excel workbook (.xlsx)."
            )
        )
    if not data.startswith(b"PK\x03\x04"):
        if _looks_like_text(data):
            raise ImportRefused(
                _("This is a text file (CSV), not an Excel workbook. Save it as .xlsx.")
            )
        raise ImportRefused(_("This is not an Excel workbook (.xlsx)."))
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            entries = package.infolist()
            names = {entry.filename for entry in entries}
            mimetype = package.read("mimetype")[:100] if "mimetype" in names else b""
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        raise ImportRefused(
            _("The workbook is damaged or incomplete (perhaps cut off while copying).")
        ) from None
    if implausible_package(entries, MAX_UNPACKED, max_entries=2000):
        raise ImportRefused(_("The file unpacks to an implausible size and is refused."))
    sheets = [n for n in names if n.startswith("xl/worksheets/") and n.endswith(".xml")]
    strings = sum(e.file_size for e in entries if e.filename == "xl/sharedStrings.xml")
    if len(sheets) > MAX_SHEETS or strings > MAX_STRINGS:
        raise ImportRefused(_("The file unpacks to an implausible size and is refused."))
    if b"opendocument.spreadsheet" in mimetype:
        raise ImportRefused(
            _(
                "This is a LibreOffice spreadsheet (.ods). Save it as an Excel workbook "
                "(.xlsx) and upload it again."
            )
        )
    if "xl/workbook.xml" not in names:
        if "word/document.xml" in names:
            raise ImportRefused(_("This is a Word document, not an Excel workbook."))
        raise ImportRefused(_("This is a ZIP archive, not an Excel workbook."))
    if has_macros(names):
        raise ImportRefused(_("The workbook contains macros, which are not accepted."))


def _looks_like_text(data):
    head = data[:4096]
    try:
        text = head.decode("utf-8")
    except UnicodeDecodeError:
        text = head.decode("latin-1")
    printable = sum(c.isprintable() or c in "\r\n\t" for c in text)
    return printable > 0.95 * len(text)


def read_plan(data, framework=None):
    """Read PlanData from an .xlsx file's bytes. Never raises for a bad file: every reason
    it cannot be imported is a Problem in the result."""
    result = ImportResult()
    try:
        check_file(data)
    except ImportRefused as refused:
        result.problems.append(Problem(str(refused)))
        return result
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception:  # openpyxl raises many kinds for a damaged package
        logger.info("import: workbook could not be opened", exc_info=True)
        result.problems.append(Problem(_("The workbook is damaged and cannot be read.")))
        return result
    try:
        _read_book(book, result, framework)
    except Exception:
        logger.info("import: workbook could not be read", exc_info=True)
        result.problems.append(Problem(_("The workbook is damaged and cannot be read.")))
        result.data = None
    finally:
        book.close()
    if len(result.problems) > MAX_PROBLEMS:
        more = len(result.problems) - MAX_PROBLEMS
        result.problems = result.problems[:MAX_PROBLEMS] + [
            Problem(_("... and %(count)s more problems.") % {"count": more})
        ]
    return result


def _read_book(book, result, framework):
    sheets = [s for s in book.worksheets if getattr(s, "sheet_state", "visible") == "visible"]
    names = [s.title for s in sheets]
    if MATRIX_SHEET in names:
        sheets.sort(key=lambda s: s.title != MATRIX_SHEET)
    info = _read_info(book[INFO_SHEET], result) if INFO_SHEET in book.sheetnames else {}
    for sheet in sheets:
        if sheet.title == INFO_SHEET:
            continue
        layout = find_layout(_rows(sheet, HEADER_SEARCH_ROWS)[0])
        if layout is None:
            continue
        rows, too_many = _rows(sheet)
        result.sheet = sheet.title
        if too_many:
            result.problems.append(
                Problem(
                    _("The sheet has more than %(max)s rows; a plan has far fewer.")
                    % {"max": MAX_ROWS},
                    sheet.title,
                )
            )
            return
        if not layout.months:
            result.problems.append(
                Problem(
                    _("No month columns JAN ... DES (or 1 ... 12) next to the header."),
                    sheet.title,
                    layout.header_rows[0],
                )
            )
            return
        result.problems.extend(_overlong_cells(sheet.title, rows))
        if result.problems:
            return
        for label in layout.ignored:
            result.notes.append(_("Column %(name)s is not imported.") % {"name": label})
        read_matrix(sheet.title, rows, layout, info, result, framework)
        return
    result.problems.append(
        Problem(
            _(
                "No header row with NO, KOMPONEN, INDIKATOR, LANGKAH AKSI and BUKTI FISIK "
                "was found in any sheet."
            )
        )
    )


def _overlong_cells(title, rows):
    """A problem for each cell holding more text than any plan needs (MAX_CELL_CHARS)."""
    problems = []
    for number, cells in rows:
        for column, cell in enumerate(cells, 1):
            if isinstance(cell.value, str) and len(cell.value) > MAX_CELL_CHARS:
                message = _(
                    "The cell holds %(length)s characters; a plan's cell needs at most "
                    "%(max)s. Shorten it."
                ) % {"length": len(cell.value), "max": MAX_CELL_CHARS}
                problems.append(Problem(message, title, number, get_column_letter(column)))
    return problems


def _rows(sheet, limit=MAX_ROWS):
    """[(row number, cells)] of the sheet's first `limit` rows; and whether there are more.

    Read-only mode parses the sheet as it goes, so a sheet is never read further than
    needed: HEADER_SEARCH_ROWS to look for the header, MAX_ROWS for the plan."""
    rows = []
    for number, cells in enumerate(sheet.iter_rows(min_row=1, max_col=MAX_COLUMNS), 1):
        if len(rows) >= limit:
            return rows, True
        rows.append((number, cells))
    return rows, False


INFO_LABELS = {
    "TAHUN": "year",
    "KERANGKA LKE": "framework",
    "JUDUL": "title",
    "DITETAPKAN DI": "adopted_place",
    "TANGGAL PENETAPAN": "adopted_on",
    "NAMA PENANDA TANGAN": "signatory_name",
    "JABATAN PENANDA TANGAN": "signatory_title",
    "NIP PENANDA TANGAN": "signatory_nip",
    "BUKTI LAPORAN MONEV": "monev_requirement",
}


def _read_info(sheet, result):
    """The Keterangan sheet: label/value pairs, then the components' kinds and weights and
    the indicators' weights (what the printed layout does not show)."""
    info = {"components": {}, "indicators": {}}
    table = None
    rows = _rows(sheet)[0]
    result.problems.extend(_overlong_cells(sheet.title, rows))
    for number, cells in rows:
        values = [cell.value for cell in cells[:4]] + [None] * 4
        first = cell_label(values[0])
        if first == "NO" and cell_label(values[1]) == "KOMPONEN":
            table = "components"
            continue
        if first == "KODE" and cell_label(values[1]) == "INDIKATOR":
            table = "indicators"
            continue
        if table == "components" and DIGITS.fullmatch(cell_text(values[0])):
            weight = weight_value(values[3])
            kind = cell_label(values[2]).lower()
            info["components"][int(cell_text(values[0]))] = (
                kind if kind in ComponentKind.values else None,
                weight,
            )
        elif table == "indicators" and re.fullmatch(r"\d{1,2}\.\d{1,2}", cell_text(values[0])):
            info["indicators"][cell_text(values[0])] = weight_value(values[2])
        elif first in INFO_LABELS and table is None:
            key = INFO_LABELS[first]
            if any(getattr(cell, "data_type", "") == "f" for cell in cells[:2]):
                result.problems.append(formula_problem(sheet.title, number, "B"))
                continue
            info[key] = values[1]
    return info
