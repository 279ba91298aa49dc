"""What the plan-import tests share: the import page, posting a workbook, another court's layout."""

import io

import openpyxl
from django.core.files.uploadedfile import SimpleUploadedFile

from components.models import Framework
from reports.models import PlanImport
from reports.xlsx import matrix_workbook, workbook_bytes
from tests.evidence_helpers import login

URL = "/satker/pn-sarolangun/import/"
MONTHS_ID = "Januari Februari Maret April Mei Juni Juli Agustus September Oktober November Desember"


def xlsx(book):
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def post(client, data, year=2022, name="rencana.xlsx", **extra):
    return client.post(URL, {"file": SimpleUploadedFile(name, data), "year": year, **extra})


def problems_of(response):
    return [p.message for p in response.context["problems"]]


def other_court_layout(header_rows=1, months=None, marks=("V",), repeated=True):
    """A workbook like another court's: title rows, extra column, Indonesian month names."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Rencana Aksi"
    sheet.append(["RENCANA AKSI PEMBANGUNAN ZONA INTEGRITAS"])
    sheet.append(["PENGADILAN NEGERI CONTOH TAHUN 2023"])
    sheet.append([])
    months = months or MONTHS_ID.split()
    head = ["NO", "KOMPONEN", "INDIKATOR", "LANGKAH AKSI", "BUKTI FISIK", "PENANGGUNG JAWAB"]
    if header_rows == 1:
        sheet.append(head + months)
    else:
        sheet.append(head + ["REALISASI WAKTU"] + [None] * 11)
        sheet.append([None] * 6 + months)
        sheet.append(list(range(1, 19)))  # the column numbers courts print
    mark = list(marks) * 12

    def row(no, component, indicator, step, evidence, planned):
        sheet.append(
            [no, component, indicator, step, evidence, "Sekretaris"]
            + [mark[m] if m + 1 in planned else None for m in range(12)]
        )

    component = "Manajemen Perubahan"
    row(1, component, "1.1 Penyusunan Tim Kerja", "1. Membentuk tim\n2. Rapat tim",
        "1. SK Tim\n2. Notula rapat", {1, 2})  # fmt: skip
    again = "1.1 Penyusunan Tim Kerja" if repeated else None
    row(1 if repeated else None, component if repeated else None, again, None,
        "3. Foto kegiatan", {3})  # fmt: skip
    row(1 if repeated else None, component if repeated else None,
        "1.2 Rencana Pembangunan ZI\nTarget: 100%", "Menyusun rencana aksi", "Dokumen rencana aksi",
        {1, 6, 12})  # fmt: skip
    row(2, "Penataan Tatalaksana", "2.1 SOP", "Menyusun SOP", "SK SOP", {4})
    row(3, "Indikator hasil (40%)", "7.1 Pemerintah yang bersih (20%)", None, None, set())
    sheet.append([])
    sheet.append([None] * 12 + ["Ditetapkan di : Contoh"])
    sheet.append([None] * 12 + ["Pada tanggal : 2 Januari 2023"])
    sheet.append([None] * 12 + ["KETUA PENGADILAN NEGERI CONTOH"])
    sheet.append([])
    sheet.append([None] * 12 + ["BUDI SANTOSO, S.H."])
    sheet.append([None] * 12 + ["NIP. 197001011995031001"])
    return book


def upload_export(client, users, plan, year=2022):
    login(client, users["ketua_tim"])
    response = post(client, workbook_bytes(matrix_workbook(plan)), year=year, name="matriks.xlsx")
    assert response.status_code == 302, problems_of(response)
    return PlanImport.objects.get(), response["Location"]


def details(draft, **changes):
    data = draft.plan_data()
    fields = {
        "year": draft.year,
        "framework": Framework.objects.get(code=data.framework).pk,
        "title": data.title,
        "adopted_place": data.adopted_place,
        "adopted_on": data.adopted_on,
        "signatory_name": data.signatory_name,
        "signatory_title": data.signatory_title,
        "signatory_nip": data.signatory_nip,
    }
    return {**fields, **changes}
