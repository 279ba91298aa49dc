"""Writing workbooks safely."""


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
