"""A CSV or XLSX file as rows of {column: text}, the header matched by its known names."""

import csv
import io
import re
import unicodedata
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from openpyxl import load_workbook

from ..plan_import import MAX_BYTES, ImportRefused, check_file

MAX_ROWS = 5000  # a directorate general has about 400 courts, the Mahkamah Agung 900
MAX_CELL = 300


class TableRefused(Exception):
    """The whole file is refused; the message is for the user."""


@dataclass
class Row:
    number: int  # as the spreadsheet numbers it (the header is row 1)
    values: dict
    action: str = ""  # "create", "update", "add", "unchanged"
    problems: list = field(default_factory=list)
    shown: dict = field(default_factory=dict)  # what the preview prints


def _key(text):
    text = unicodedata.normalize("NFKD", str(text or "")).lower()
    return re.sub(r"[^a-z0-9]+", " ", text).strip()


def _rows_of_csv(data):
    for encoding in ("utf-8-sig", "cp1252", "latin-1"):  # latin-1 reads any bytes
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    if "\x00" in text:
        raise TableRefused(_("This is not a CSV or Excel file."))
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    return list(csv.reader(io.StringIO(text), dialect))[: MAX_ROWS + 2]


def _rows_of_xlsx(data):
    try:
        check_file(data)
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except ImportRefused as refused:
        raise TableRefused(str(refused)) from None
    except Exception:  # openpyxl raises many kinds for a damaged workbook
        raise TableRefused(_("The workbook cannot be read.")) from None
    rows = []
    for values in book.worksheets[0].iter_rows(values_only=True):
        rows.append(["" if v is None else v for v in values])
        if len(rows) > MAX_ROWS + 1:
            break
    book.close()
    return rows


def read_table(data, columns):
    """Rows of the file with the `columns` ({name: [header names]}) found in its header.

    Raises TableRefused for a file that is not a table of these columns."""
    if not data:
        raise TableRefused(_("The file is empty."))
    if len(data) > MAX_BYTES:
        raise TableRefused(_("The file is larger than %(mb)s MB.") % {"mb": MAX_BYTES >> 20})
    raw = _rows_of_xlsx(data) if data.startswith((b"PK\x03\x04", b"\xd0\xcf\x11")) else None
    if raw is None:
        raw = _rows_of_csv(data)
    if not raw:
        raise TableRefused(_("The file is empty."))
    if len(raw) > MAX_ROWS + 1:
        raise TableRefused(_("At most %(max)s rows in one file.") % {"max": MAX_ROWS})
    header = [_key(cell) for cell in raw[0]]
    found = {}
    for name, labels in columns.items():
        for index, label in enumerate(header):
            if label in labels and index not in found.values():
                found[name] = index
                break
    return header, found, _rows(raw, found)


def _rows(raw, found):
    rows = []
    for number, values in enumerate(raw[1:], start=2):
        cells = {}
        for name, index in found.items():
            value = values[index] if index < len(values) else ""
            if isinstance(value, float) and value.is_integer():
                value = int(value)
            cells[name] = re.sub(r"\s+", " ", str(value)).strip()
        if not any(cells.values()):
            continue  # blank lines are not rows
        row = Row(number, cells)
        if any(str(cell).startswith("=") for cell in values if isinstance(cell, str)):
            row.problems.append(_("A cell holds a formula; enter plain text."))
        for name, value in cells.items():
            if len(value) > MAX_CELL:
                row.problems.append(
                    _("%(column)s is longer than %(max)s characters.")
                    % {"column": name, "max": MAX_CELL}
                )
        rows.append(row)
    return rows


def require_columns(found, required, labels):
    """TableRefused naming the columns the header lacks."""
    missing = [str(labels[name]) for name in required if name not in found]
    if missing:
        raise TableRefused(
            _("The first row must name the columns; missing: %(names)s.")
            % {"names": ", ".join(missing)}
        )
