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

The package follows the import's steps: workbook (reading the file and its sheets), layout
(recognising the header and the month columns), draft (building PlanData from the rows),
checks (what makes the plan invalid); cells and problems are what they share.
"""

from .cells import one_item, split_items
from .problems import ImportRefused, ImportResult, Problem
from .workbook import MAX_BYTES, check_file, read_plan

__all__ = [
    "MAX_BYTES",
    "ImportRefused",
    "ImportResult",
    "Problem",
    "check_file",
    "one_item",
    "read_plan",
    "split_items",
]
