"""Recognising the layout: where the header, the plan's columns and the twelve months are."""

from dataclasses import dataclass

from components.models import MONTHS

from .cells import cell_label, cell_text, month_of

HEADER_SEARCH_ROWS = 30


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


@dataclass
class Layout:
    """Where things are in the matrix sheet."""

    columns: dict  # kind -> column index (1-based)
    months: dict  # month -> column index
    header_rows: tuple  # first and last header row
    first_data_row: int
    ignored: list  # header texts of columns we do not read


def find_layout(rows):
    """The header and month columns among the first rows, or None."""
    for index, (number, cells) in enumerate(rows[:HEADER_SEARCH_ROWS]):
        columns = {}
        for column, cell in enumerate(cells, 1):
            kind = _column_kind(cell_label(cell.value))
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
            label = cell_text(cell.value)
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
        month = month_of(cell.value)
        if month is not None:
            found.append((month, column))
    # The twelve in order, consecutive months: JAN..DES or 1..12.
    for start in range(len(found) - 11):
        run = found[start : start + 12]
        if [m for m, _c in run] == list(MONTHS):
            return dict(run)
    return {}


def _is_column_numbers(cells):
    values = [cell.value for cell in cells if cell_text(cell.value)]
    if len(values) < 5:
        return False
    try:
        numbers = [int(cell_text(v)) for v in values]
    except ValueError:
        return False
    return numbers == list(range(numbers[0], numbers[0] + len(numbers)))
