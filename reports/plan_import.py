"""Read a plan from an .xlsx workbook laid out like the printed matrix.

Reads our own export (reports.xlsx) and the workbooks courts make themselves: a header row
with NO / KOMPONEN / INDIKATOR / LANGKAH AKSI / BUKTI FISIK and twelve month columns (JAN ...
DES, Januari ... Desember, or 1 ... 12), possibly under title rows, in one or two header
rows, with a row of column numbers, with extra columns (PENANGGUNG JAWAB, KETERANGAN); the
component, indicator and step as merged cells or as values repeated on every row; steps and
evidence one per row or several numbered items in one cell ("1. ...", "2. ..."); month
marks V, v, ✓, √, X, x, 1 or ● (planned); a signature block under the table.

`read_plan` returns a PlanData and the problems found, each with its sheet, row and column.
A workbook with any problem imports nothing. The file is checked before openpyxl opens it:
its type by content (an old .xls, an encrypted workbook, a CSV, an .ods or a Word document
renamed .xlsx is named for what it is), the ZIP's unpacked size (a zip bomb), and openpyxl
reads it in read-only mode, streaming, with defusedxml guarding the XML, stopping at
MAX_ROWS rows, so a huge sheet is refused without being loaded.
"""

import datetime
import io
import logging
import re
import unicodedata
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from components.models import MONTHS, ComponentKind, Framework
from components.plandata import (
    ComponentData,
    IndicatorData,
    PlanData,
    RequirementData,
    StepData,
    decimal_text,
)
from evidence.uploads import has_macros, implausible_package

from .xlsx import INFO_SHEET, MATRIX_SHEET

logger = logging.getLogger(__name__)

MAX_BYTES = 10 * 1024 * 1024  # a plan ten times the seed's is under 200 KB
MAX_UNPACKED = 100 * 1024 * 1024
MAX_ROWS = 5000  # the seed has 55 evidence rows; ten times larger, 600
MAX_COLUMNS = 60
MAX_SHEETS = 50
MAX_STRINGS = 20 * 1024 * 1024  # a plan's texts are a few hundred kilobytes
HEADER_SEARCH_ROWS = 30

MARKS = {"V", "✓", "√", "✔", "X", "1", "●"}
IGNORED_MARKS = {"+", "-", "0", "–"}  # realized but not planned (ours), or "none"
MONTH_WORDS = {
    1: ["JAN", "JANUARI", "JANUARY"],
    2: ["FEB", "FEBRUARI", "PEB", "PEBRUARI", "FEBRUARY"],
    3: ["MAR", "MARET", "MARCH"],
    4: ["APR", "APRIL"],
    5: ["MEI", "MAY"],
    6: ["JUN", "JUNI", "JUNE"],
    7: ["JUL", "JULI", "JULY"],
    8: ["AGS", "AGT", "AGU", "AGUS", "AGUSTUS", "AUG", "AUGUST"],
    9: ["SEP", "SEPT", "SEPTEMBER"],
    10: ["OKT", "OKTOBER", "OCT", "OCTOBER"],
    11: ["NOV", "NOP", "NOVEMBER", "NOPEMBER"],
    12: ["DES", "DESEMBER", "DEC", "DECEMBER"],
}
MONTH_BY_WORD = {word: month for month, words in MONTH_WORDS.items() for word in words}
# The first line of the signature block under the table: "Ditetapkan di : Sarolangun",
# "Mengetahui,", "Sarolangun, 31 Desember 2021", "KETUA PENGADILAN NEGERI ...", "NIP. ...".
SIGNATURE = re.compile(
    r"^(?:DITETAPKAN\s+DI\b|MENGETAHUI\b|NIP[.:\s]|(?:KETUA|KEPALA)\s+PENGADILAN\b"
    r"|[A-Z][A-Za-z .]+,\s*\d{1,2}\s+[A-Za-z]+\s+\d{4}$)",
    re.IGNORECASE,
)
MAX_PROBLEMS = 50
DIGITS = re.compile(r"[0-9]{1,6}")  # str.isdigit() also takes "²", which int() refuses
ITEM = re.compile(r"^\s*(\d{1,3})\s*[.)]\s*(?=\S)")
CODE = re.compile(r"^\s*(\d{1,2})\s*\.\s*(\d{1,2})\s*\.?\s+(.*)$", re.S)
WEIGHT = re.compile(r"\s*\(\s*(\d{1,3}(?:[.,]\d{1,2})?)\s*%\s*\)\s*$")
LEADING_NUMBER = re.compile(r"^\s*(\d{1,2})\s*[.)]?\s+(.*)$", re.S)
INDONESIAN_MONTHS = [
    "januari", "februari", "maret", "april", "mei", "juni",
    "juli", "agustus", "september", "oktober", "november", "desember",
]  # fmt: skip


class ImportRefused(Exception):
    """The file is not a workbook we can read; the message says what it is instead."""


@dataclass
class Problem:
    message: str
    sheet: str = ""
    row: int | None = None
    column: str = ""

    def where(self):
        parts = []
        if self.sheet:
            parts.append(_("sheet %(sheet)s") % {"sheet": self.sheet})
        if self.row:
            parts.append(_("row %(row)s") % {"row": self.row})
        if self.column:
            parts.append(_("column %(column)s") % {"column": self.column})
        return ", ".join(parts)

    def __str__(self):
        where = self.where()
        return f"{where}: {self.message}" if where else self.message


@dataclass
class ImportResult:
    data: PlanData | None = None
    problems: list = field(default_factory=list)
    notes: list = field(default_factory=list)  # what was ignored or assumed
    sheet: str = ""
    year: int | None = None  # the year the workbook says it is for

    @property
    def ok(self):
        return self.data is not None and not self.problems


# --- The file itself -------------------------------------------------------------------


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


# --- Cells ------------------------------------------------------------------------------


def _text(value):
    """A cell's value as clean text: "" for nothing; numbers without a trailing .0."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    text = unicodedata.normalize("NFC", str(value)).replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\u00a0", " ").replace("_x000D_", "")
    lines = [re.sub(r"[ \t]+", " ", line).strip() for line in text.split("\n")]
    return "\n".join(line for line in lines if line).strip()


def _label(value):
    """A header cell as a comparable label: upper case, single spaces, no punctuation."""
    text = _text(value).upper()
    text = re.sub(r"[^\w\s/]", " ", text)
    return re.sub(r"\s+", " ", text).strip()


def _column_kind(label):
    if not label:
        return None
    if label in {"NO", "NOMOR", "NO URUT"}:
        return "no"
    if label.startswith("KOMPONEN") or label.startswith("AREA"):
        return "component"
    if label.startswith("INDIKATOR"):
        return "indicator"
    if "LANGKAH" in label or label in {"RENCANA AKSI", "KEGIATAN", "URAIAN KEGIATAN"}:
        return "step"
    if "BUKTI" in label or "DATA DUKUNG" in label or label == "OUTPUT":
        return "evidence"
    return None


def _month_of(value):
    if isinstance(value, int | float) and not isinstance(value, bool):
        number = int(value)
        return number if number == value and 1 <= number <= 12 else None
    label = _label(value)
    if DIGITS.fullmatch(label):
        number = int(label)
        return number if 1 <= number <= 12 else None
    return MONTH_BY_WORD.get(label)


@dataclass
class Layout:
    """Where things are in the matrix sheet."""

    columns: dict  # kind -> column index (1-based)
    months: dict  # month -> column index
    header_rows: tuple  # first and last header row
    first_data_row: int
    ignored: list  # header texts of columns we do not read


def _find_layout(rows):
    """The header and month columns among the first rows, or None."""
    for index, (number, cells) in enumerate(rows[:HEADER_SEARCH_ROWS]):
        columns = {}
        for column, cell in enumerate(cells, 1):
            kind = _column_kind(_label(cell.value))
            if kind and kind not in columns:
                columns[kind] = column
        if len(columns) < 3 or "indicator" not in columns or "evidence" not in columns:
            continue
        header_end = number
        months = _months_in(cells)
        if len(months) < 12:
            # Months under the header: one row down, or two (REALISASI WAKTU, TRIWULAN, months)
            for next_number, next_cells in rows[index + 1 : index + 3]:
                months = _months_in(next_cells)
                if len(months) == 12:
                    header_end = next_number
                    break
        if len(months) < 12:
            return Layout(columns, {}, (number, header_end), header_end + 1, [])
        ignored = []
        used = set(columns.values()) | set(months.values())
        for column, cell in enumerate(cells, 1):
            label = _text(cell.value)
            grid = label.upper().startswith("REALISASI") or "WAKTU" in label.upper()
            if label and column not in used and not grid:
                ignored.append(label)
        first_data = header_end + 1
        # A row of column numbers (1, 2, 3 ...) under the header is not data.
        for next_number, next_cells in rows[index + 1 : index + 4]:
            if next_number == first_data and _is_column_numbers(next_cells):
                first_data += 1
        return Layout(columns, months, (number, header_end), first_data, ignored)
    return None


def _months_in(cells):
    """{month: column} if the row names twelve months left to right in order, else {}."""
    found = []
    for column, cell in enumerate(cells, 1):
        month = _month_of(cell.value)
        if month is not None:
            found.append((month, column))
    # The twelve in order, consecutive months: JAN..DES or 1..12.
    for start in range(len(found) - 11):
        run = found[start : start + 12]
        if [m for m, _c in run] == list(MONTHS):
            return dict(run)
    return {}


def _is_column_numbers(cells):
    values = [cell.value for cell in cells if _text(cell.value)]
    if len(values) < 5:
        return False
    try:
        numbers = [int(_text(v)) for v in values]
    except ValueError:
        return False
    return numbers == list(range(numbers[0], numbers[0] + len(numbers)))


def one_item(text):
    """A cell holding one item, "5. Penetapan" → [(5, "Penetapan")]."""
    bare = re.fullmatch(r"\s*(\d{1,3})\s*[.)]\s*", text)
    if bare:
        return [(int(bare.group(1)), "")]
    match = ITEM.match(text)
    if match:
        return [(int(match.group(1)), text[match.end() :].strip())]
    return [(None, text)] if text else []


def split_items(text):
    """Numbered items in one cell: [(number, text)], split at sequential "1." "2." lines.

    A cell that does not start with a number is one item without a number; a number that
    does not follow the one before starts no new item.
    """
    if not text:
        return []
    bare = re.fullmatch(r"\s*(\d{1,3})\s*[.)]\s*", text)
    if bare:
        return [(int(bare.group(1)), "")]  # a numbered row without text
    lines = text.split("\n")
    first = ITEM.match(lines[0])
    if not first:
        return [(None, text)]
    items = [[int(first.group(1)), [lines[0][first.end() :]]]]
    for line in lines[1:]:
        match = ITEM.match(line)
        if match and int(match.group(1)) == items[-1][0] + 1:
            items.append([int(match.group(1)), [line[match.end() :]]])
        else:
            items[-1][1].append(line)
    return [(number, "\n".join(parts).strip()) for number, parts in items]


# --- The workbook -----------------------------------------------------------------------


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
        layout = _find_layout(_rows(sheet, HEADER_SEARCH_ROWS)[0])
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
        for label in layout.ignored:
            result.notes.append(_("Column %(name)s is not imported.") % {"name": label})
        _read_matrix(sheet.title, rows, layout, info, result, framework)
        return
    result.problems.append(
        Problem(
            _(
                "No header row with NO, KOMPONEN, INDIKATOR, LANGKAH AKSI and BUKTI FISIK "
                "was found in any sheet."
            )
        )
    )


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
    for number, cells in _rows(sheet)[0]:
        values = [cell.value for cell in cells[:4]] + [None] * 4
        first = _label(values[0])
        if first == "NO" and _label(values[1]) == "KOMPONEN":
            table = "components"
            continue
        if first == "KODE" and _label(values[1]) == "INDIKATOR":
            table = "indicators"
            continue
        if table == "components" and DIGITS.fullmatch(_text(values[0])):
            weight = _weight_value(values[3])
            kind = _label(values[2]).lower()
            info["components"][int(_text(values[0]))] = (
                kind if kind in ComponentKind.values else None,
                weight,
            )
        elif table == "indicators" and re.fullmatch(r"\d{1,2}\.\d{1,2}", _text(values[0])):
            info["indicators"][_text(values[0])] = _weight_value(values[2])
        elif first in INFO_LABELS and table is None:
            key = INFO_LABELS[first]
            if any(getattr(cell, "data_type", "") == "f" for cell in cells[:2]):
                result.problems.append(_formula_problem(sheet.title, number, "B"))
                continue
            info[key] = values[1]
    return info


def _weight_value(value):
    """A weight as PlanData text, rounded to two decimals; None if it is not a number."""
    text = _text(value).replace(",", ".").rstrip("%").strip()
    if not text:
        return None
    try:
        number = Decimal(text)
    except InvalidOperation:
        return None
    if not number.is_finite() or abs(number) >= 1000:
        return "1000"  # refused by _check: weights are percentages
    return decimal_text(number.quantize(Decimal("0.01")))


def _formula_problem(sheet, row, column):
    return Problem(
        _("The cell holds a formula; formulas are not imported. Replace it with plain text."),
        sheet,
        row,
        column,
    )


@dataclass
class _State:
    component: ComponentData | None = None
    component_raw: str = ""
    component_no: str = ""
    indicator: IndicatorData | None = None
    indicator_raw: str = ""
    step_raw: str = ""
    step: int | None = None  # index of the current step in the indicator
    numbered_rows: bool = False


def _read_matrix(sheet_name, rows, layout, info, result, framework):
    data = PlanData()
    title_lines = []
    for number, cells in rows:
        if number >= layout.header_rows[0]:
            break
        for cell in cells:
            text = _text(cell.value)
            if text:
                title_lines.append(text)
                break
    data.title = " ".join(title_lines)

    columns = layout.columns
    letters = {kind: get_column_letter(column) for kind, column in columns.items()}
    state = _State()
    signature = []
    in_signature = False
    previous_blank = False
    ours = bool(info.get("title") or info.get("year"))  # our export: one item a cell
    for number, cells in rows:
        if number < layout.first_data_row:
            continue
        values = dict(enumerate(cells, 1))
        texts = [_text(cell.value) for cell in cells]
        for column, cell in values.items():
            if getattr(cell, "data_type", "") == "f":
                result.problems.append(
                    _formula_problem(sheet_name, number, get_column_letter(column))
                )
        filled = [t for t in texts if t]
        if in_signature or _starts_signature(filled, previous_blank):
            in_signature = True
            signature.extend(filled)
            marked = [
                column
                for column in layout.months.values()
                if column in values and _text(values[column].value).upper() in MARKS
            ]
            if marked:
                result.problems.append(
                    Problem(
                        _("A row under the signature block has planned months; move it "
                          "above the signature block or remove it."),
                        sheet_name,
                        number,
                        get_column_letter(marked[0]),
                    )
                )  # fmt: skip
            continue
        previous_blank = not filled
        if not filled:
            continue

        def text_of(kind, values=values):
            column = columns.get(kind)
            return _text(values[column].value) if column in values else ""

        months, bad = [], False
        for month, column in layout.months.items():
            cell = values.get(column)
            mark = _text(cell.value).upper() if cell is not None else ""
            if not mark or mark in IGNORED_MARKS:
                continue
            if mark in MARKS:
                months.append(month)
            else:
                bad = True
                result.problems.append(
                    Problem(
                        _(
                            "Unknown month mark %(mark)s: mark a planned month with V "
                            "(or v, ✓, √, X, 1) and leave the others empty."
                        )
                        % {"mark": mark[:20]},
                        sheet_name,
                        number,
                        get_column_letter(column),
                    )
                )
        if bad:
            continue
        kinds = ("no", "component", "indicator", "step", "evidence")
        texts = {kind: text_of(kind) for kind in kinds}
        _read_row(sheet_name, number, letters, texts, months, state, data, result, ours)

    if state.numbered_rows:
        for index, component in enumerate(data.components, 1):
            component.number = index
        result.notes.append(_("The NO column numbers rows; components are numbered in order."))
    _apply_info(data, info, signature, result, framework)
    _check(data, sheet_name, result)
    result.data = data


def _starts_signature(filled, previous_blank):
    """Whether a row is the first of the signature block: "Ditetapkan di" anywhere in the
    row; the other openings ("Mengetahui", "Sarolangun, 31 Desember 2021", "KETUA
    PENGADILAN ...") only alone in their row and after a blank row, since an evidence
    row may read "Ketua Pengadilan ..." too."""
    if any(re.match(r"DITETAPKAN\s+DI\b", text, re.IGNORECASE) for text in filled):
        return True
    return previous_blank and len(filled) == 1 and SIGNATURE.match(filled[0]) is not None


def _read_row(sheet, row, letters, texts, months, state, data, result, ours=False):
    """One table row into the plan being built; `texts` by column kind. `ours`: the
    workbook is our export, where a cell holds one item and names are as written."""
    split = one_item if ours else split_items
    no, component, indicator = texts["no"], texts["component"], texts["indicator"]
    step, evidence = texts["step"], texts["evidence"]

    def problem(message, kind):
        result.problems.append(Problem(message, sheet, row, letters.get(kind, "")))

    if no and not component and state.component is not None and no != state.component_no:
        state.numbered_rows = True  # NO numbers rows, not components
    # A component starts where its name appears and differs from the current one.
    if component and component != state.component_raw:
        name = component
        number = int(no) if DIGITS.fullmatch(no) else None
        match = LEADING_NUMBER.match(name)
        if match and number is None and not ours:  # "1. Manajemen Perubahan" without a NO
            number, name = int(match.group(1)), match.group(2)
        weight = None
        found = WEIGHT.search(name)
        if found:
            weight = _weight_value(found.group(1))
            name = name[: found.start()].strip()
        if number is None:
            number = (state.component.number + 1) if state.component else 1
        state.component = ComponentData(number=number, name=name, weight=weight)
        data.components.append(state.component)
        state.component_raw, state.component_no = component, no
        state.indicator, state.indicator_raw = None, ""
    if indicator and indicator != state.indicator_raw:
        if state.component is None:
            problem(_("An indicator before any component."), "indicator")
            return
        state.indicator = _indicator(indicator, state.component, result)
        state.component.indicators.append(state.indicator)
        state.indicator_raw = indicator
        state.step_raw, state.step = "", None
    if not (step or evidence or months):
        return
    if state.indicator is None:
        problem(_("A row of steps or evidence without an indicator above it."), "indicator")
        return
    current = state.indicator
    new_steps = []
    # A blank step cell under a merged (or repeated) one continues it.
    if step and step != state.step_raw:
        for number, text in split(step):
            current.steps.append(StepData(number=number, text=text))
            new_steps.append(len(current.steps) - 1)
        state.step_raw, state.step = step, new_steps[-1]
    if evidence:
        items = split(evidence)
    elif months:
        items = [(None, "")]  # planned months without evidence text (6.5 in the seed)
    else:
        return
    if len(new_steps) > 1 and len(new_steps) == len(items):
        pairs = new_steps  # "1. a / 2. b" beside "1. x / 2. y": paired in order
    else:
        pairs = [state.step] * len(items)
    for (number, text), step_index in zip(items, pairs, strict=True):
        current.requirements.append(
            RequirementData(number=number, text=text, step=step_index, months=list(months))
        )


def _indicator(raw, component, result):
    lines = raw.split("\n")
    head, rest = lines[0], lines[1:]
    number = None
    match = CODE.match(head)
    if match:
        if int(match.group(1)) != component.number:
            result.notes.append(
                _("Indicator %(code)s is under component %(number)s; it is numbered %(new)s.")
                % {
                    "code": f"{match.group(1)}.{match.group(2)}",
                    "number": component.number,
                    "new": f"{component.number}.{match.group(2)}",
                }
            )
        number, head = int(match.group(2)), match.group(3)
    else:
        used = [i.number for i in component.indicators]
        number = max(used, default=0) + 1
    weight = None
    found = WEIGHT.search(head)
    if found:
        weight = _weight_value(found.group(1))
        head = head[: found.start()].strip()
    target = ""
    description = []
    for line in rest:
        if line.lower().startswith("target:") or line.lower().startswith("target :"):
            target = line.split(":", 1)[1].strip()
        else:
            description.append(line)
    return IndicatorData(
        number=number, name=head, description="\n".join(description), weight=weight,
        target=target,
    )  # fmt: skip


def _apply_info(data, info, signature, result, framework):
    """Metadata from the Keterangan sheet, else from the signature block and defaults."""
    parsed = _signature(signature)
    for key in ("adopted_place", "adopted_on", "signatory_name", "signatory_title",
                "signatory_nip"):  # fmt: skip
        value = info.get(key)
        setattr(data, key, parsed.get(key, "") if value in (None, "") else value)
    if info.get("title"):
        data.title = _text(info["title"]).replace("\n", " ")
    data.adopted_on = _date(data.adopted_on)
    data.adopted_place = _text(data.adopted_place)
    data.signatory_name = _text(data.signatory_name)
    data.signatory_title = _text(data.signatory_title)
    data.signatory_nip = re.sub(r"\D", "", _text(data.signatory_nip))
    data.monev_requirement = _text(info.get("monev_requirement"))
    year = _text(info.get("year"))
    result.year = int(year) if DIGITS.fullmatch(year) else None
    if result.year is None:
        found = re.search(r"\b(20\d\d)\s*$", data.title)
        result.year = int(found.group(1)) if found else None
    code = framework.code if framework else _text(info.get("framework"))
    chosen = Framework.objects.filter(code=code).first() if code else None
    chosen = chosen or Framework.objects.order_by("-year").first()
    data.framework = chosen.code if chosen else ""
    areas = {a.number: a for a in chosen.areas.all()} if chosen else {}
    for component in data.components:
        kind, weight = info.get("components", {}).get(component.number, (None, None))
        area = areas.get(component.number)
        if kind:
            component.kind = kind
        elif "HASIL" in component.name.upper():
            component.kind = ComponentKind.HASIL
        elif area is not None:
            component.kind = area.kind
        if weight is not None:
            component.weight = weight
        elif component.weight is None and area is not None and area.kind == component.kind:
            component.weight = decimal_text(area.weight)
        for indicator in component.indicators:
            code = f"{component.number}.{indicator.number}"
            if code in info.get("indicators", {}):
                indicator.weight = info["indicators"][code]


def _signature(lines):
    """Place, date, title, name and NIP from the lines under the table."""
    found = {}
    for index, line in enumerate(lines):
        upper = line.upper()
        if upper.startswith("DITETAPKAN DI"):
            found["adopted_place"] = line.split(":", 1)[-1].strip()
        elif upper.startswith("PADA TANGGAL") or upper.startswith("TANGGAL"):
            found["adopted_on"] = line.split(":", 1)[-1].strip()
        elif upper.startswith("NIP"):
            found["signatory_nip"] = line[3:].strip(" .:")
            before = lines[index - 1] if index > 0 else ""
            if before and ":" not in before and not before.upper().startswith(("KETUA", "KEPALA")):
                found.setdefault("signatory_name", before)
        elif upper.startswith("KETUA") or upper.startswith("KEPALA"):
            found.setdefault("signatory_title", line)
    return found


def _date(value):
    """ISO date text from a date cell, "2021-12-31", or "31 Desember 2021"; else ""."""
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    text = _text(value)
    if not text:
        return ""
    try:
        return datetime.date.fromisoformat(text[:10]).isoformat()
    except ValueError:
        pass
    match = re.match(r"^(\d{1,2})\s+([A-Za-z]+)\s+(\d{4})$", text)
    if match and match.group(2).lower() in INDONESIAN_MONTHS:
        month = INDONESIAN_MONTHS.index(match.group(2).lower()) + 1
        try:
            return datetime.date(int(match.group(3)), month, int(match.group(1))).isoformat()
        except ValueError:
            return ""
    return ""


def _check(data, sheet, result):
    """What would make the plan invalid: nothing to import, duplicate numbers, lengths."""
    if not data.components:
        result.problems.append(Problem(_("The sheet has no plan rows under its header."), sheet))
        return
    seen = set()
    for component in data.components:
        if component.number in seen:
            result.problems.append(
                Problem(
                    _("Component %(number)s appears twice.") % {"number": component.number},
                    sheet,
                )
            )
        seen.add(component.number)
        if not 1 <= component.number <= 99:
            result.problems.append(
                Problem(
                    _("Component number %(number)s is not between 1 and 99.")
                    % {"number": component.number},
                    sheet,
                )
            )
        weights = [(component.name, component.weight)] + [
            (f"{component.number}.{i.number}", i.weight) for i in component.indicators
        ]
        for name, weight in weights:
            if weight is not None and not 0 <= Decimal(weight) <= 100:
                result.problems.append(
                    Problem(
                        _("The weight of %(name)s, %(weight)s%%, is not between 0 and 100.")
                        % {"name": name, "weight": weight},
                        sheet,
                    )
                )
        if len(component.name) > 300:
            result.problems.append(
                Problem(
                    _("The name of component %(number)s is longer than 300 characters.")
                    % {"number": component.number},
                    sheet,
                )
            )
        numbers = set()
        for indicator in component.indicators:
            code = f"{component.number}.{indicator.number}"
            if indicator.number in numbers:
                result.problems.append(
                    Problem(_("Indicator %(code)s appears twice.") % {"code": code}, sheet)
                )
            numbers.add(indicator.number)
            if not 1 <= indicator.number <= 99:
                result.problems.append(
                    Problem(
                        _("Indicator %(code)s: its number is not between 1 and 99.")
                        % {"code": code},
                        sheet,
                    )
                )
            if not indicator.name:
                result.problems.append(
                    Problem(_("Indicator %(code)s has no name.") % {"code": code}, sheet)
                )
            if len(indicator.target) > 300:
                result.problems.append(
                    Problem(
                        _("The target of indicator %(code)s is longer than 300 characters.")
                        % {"code": code},
                        sheet,
                    )
                )
    if len(data.title) > 1000:
        data.title = data.title[:1000]
    for key, limit in (("adopted_place", 100), ("signatory_name", 200),
                       ("signatory_title", 200)):  # fmt: skip
        if len(getattr(data, key)) > limit:
            setattr(data, key, getattr(data, key)[:limit])
    if len(data.signatory_nip) != 18:
        data.signatory_nip = ""
