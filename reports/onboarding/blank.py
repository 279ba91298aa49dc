"""Blank onboarding workbooks: the header row the import reads, and a sheet that says what
goes in each column (the import reads only the first sheet)."""

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

HEADERS = {
    "satkers": ["nama", "slug", "kelas", "induk", "kota"],
    "members": ["nama", "nip", "surel", "satker", "peran", "nama pengguna"],
}


def _notes(kind):
    if kind == "satkers":
        return [
            ("nama", _("Required: the satker's full name, e.g. Pengadilan Negeri Bangko.")),
            ("slug", _("Short code in the app's addresses (a-z, 0-9, -); made from the name "
                       "when empty.")),
            ("kelas", _("Court class, e.g. Kelas II.")),
            ("induk", _("The satker above (slug or name): a PT, Badilum.")),
            ("kota", _("City or regency.")),
        ]  # fmt: skip
    return [
        ("nama", _("Required: full name.")),
        ("nip", _("NIP, 18 digits (spaces allowed).")),
        ("surel", _("E-mail: the invitation goes there.")),
        ("satker", _("Slug or name of the satker.")),
        ("peran", _("staf, ketua tim, ketua, penilai or pengawas.")),
        ("nama pengguna", _("Optional: made from the NIP, or else the e-mail, when empty.")),
    ]


def blank_workbook(kind):
    book = Workbook()
    sheet = book.active
    sheet.title = _("Satkers") if kind == "satkers" else _("Members")
    sheet.append(HEADERS[kind])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        sheet.column_dimensions[cell.column_letter].width = 28
    notes = book.create_sheet(_("Instructions"))
    notes.append([_("Column"), _("What goes in it")])
    for column, text in _notes(kind):
        notes.append([column, text])
    notes.column_dimensions["A"].width, notes.column_dimensions["B"].width = 18, 90
    return book
