"""The monthly monev report: notes by the team lead, PDF, Excel, attached as evidence."""

import io
import uuid

import openpyxl
import pytest

from components.models import Cell
from evidence.models import Activity, EvidenceFile
from monitoring.models import MonevReport
from tests import pdf_helpers
from tests.evidence_helpers import login

pytestmark = pytest.mark.django_db

BASE = "/plans/pn-sarolangun/2021/monev/3/"


def notes(client, users, **data):
    login(client, users["ketua_tim"])
    return client.post(
        BASE,
        {
            "notes": "Rapat 5 Maret dihadiri 12 orang.",
            "follow_ups": 'Lengkapi notula 1.1\n=HYPERLINK("http://x")',
            **data,
        },
    )


@pytest.mark.parametrize("role", ["staf", "ketua", "penilai", "outsider"])
def test_only_the_team_lead_writes_the_notes(client, users, role):
    login(client, users[role])
    response = client.post(BASE, {"notes": "x", "follow_ups": ""})
    assert response.status_code == (404 if role == "outsider" else 403)
    assert not MonevReport.objects.exists()


def test_members_read_the_report_page(client, users):
    notes(client, users)
    login(client, users["penilai"])
    html = client.get(BASE).content.decode()
    assert "Rapat 5 Maret dihadiri 12 orang." in html
    assert "Simpan catatan" not in html


def test_a_bad_month_is_not_found(client, users):
    login(client, users["ketua_tim"])
    assert client.get("/plans/pn-sarolangun/2021/monev/13/").status_code == 404
    assert client.get("/plans/pn-sarolangun/2021/monev/0.pdf").status_code == 404


def test_the_pdf_has_every_section_and_the_team_leads_signature_block(client, users, plan):
    from components.models import Profile

    notes(client, users)
    users["ketua_tim"].first_name = "Tono"
    users["ketua_tim"].save()
    Profile.objects.create(user=users["ketua_tim"], nip="198001012005011001")
    login(client, users["penilai"])
    response = client.get("/plans/pn-sarolangun/2021/monev/3.pdf")
    assert response["Content-Type"] == "application/pdf"
    text = " ".join(pdf_helpers.text(response.content).split())
    for expected in [
        "LAPORAN MONITORING DAN EVALUASI PEMBANGUNAN ZONA INTEGRITAS",
        "bulan Maret 2021",
        "1. Ringkasan bulan Maret",
        "2. Kemajuan per komponen dan indikator",
        "3. Kurva S",
        "4. Realisasi bulan Maret",
        "5. Terlambat dan penanggung jawabnya",
        "6. Catatan dan tindak lanjut",
        "Rapat 5 Maret dihadiri 12 orang.",
        "Lengkapi notula 1.1",
        "KETUA TIM ZONA INTEGRITAS",
        "Tono",
        "NIP. 19800101 200501 1 001",
        "Halaman 1 dari",
    ]:
        assert expected in text, expected
    planned = Cell.objects.filter(requirement__indicator__component__plan=plan, planned=True)
    assert f"dari {planned.filter(month__lte=3).count()} bulan yang direncanakan" in text


def test_the_workbook_has_the_same_report_and_no_formulas(client, users, plan):
    notes(client, users, notes='=HYPERLINK("http://x","klik")')
    login(client, users["ketua"])
    response = client.get("/plans/pn-sarolangun/2021/monev/3.xlsx")
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == [
        "Ringkasan",
        "Kemajuan",
        "Realisasi bulan ini",
        "Terlambat",
        "Catatan",
        "Kurva S",
    ]
    assert book["Ringkasan"]["A1"].value.startswith("LAPORAN MONITORING DAN EVALUASI")
    typed = book["Catatan"]["B1"]  # user text that looks like a formula stays text
    assert typed.value == '=HYPERLINK("http://x","klik")' and typed.data_type == "s"
    for sheet in book.worksheets:
        assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)
    curve = list(book["Kurva S"].iter_rows(min_row=2, values_only=True))
    assert len(curve) == 12 and curve[-1][1] == 100
    assert book["Kurva S"]._charts  # the chart itself
    overdue = list(book["Terlambat"].iter_rows(min_row=2, values_only=True))
    assert (
        len(overdue)
        == Cell.objects.filter(
            requirement__indicator__component__plan=plan, planned=True, month__lte=3
        ).count()
    )


def test_one_click_attaches_the_report_as_evidence_of_the_monitoring_requirement(
    client, users, plan
):
    login(client, users["ketua_tim"])
    token = client.get(BASE).context["submission"]
    response = client.post(f"{BASE}attach/", {"submission": token})
    stored = EvidenceFile.objects.get()
    assert stored.cell.requirement == plan.monev_requirement
    assert stored.cell.requirement.indicator.code == "1.3"
    assert stored.cell.month == 3 and stored.status == "pending"
    assert stored.original_name == "laporan-monev-pn-sarolangun-2021-03.pdf"
    assert stored.content_type == "application/pdf" and stored.uploaded_by == users["ketua_tim"]
    assert response.url.endswith(f"/evidence/{plan.monev_requirement_id}/3/")
    assert Activity.objects.filter(file=stored, action="upload").exists()
    again = client.post(f"{BASE}attach/", {"submission": token}, follow=True)  # double click
    assert "sudah diterima sebelumnya" in again.content.decode()
    assert EvidenceFile.objects.count() == 1
    login(client, users["staf"])
    assert client.post(f"{BASE}attach/", {"submission": token}).status_code == 403


def test_without_a_monitoring_requirement_it_says_what_to_set(client, users, plan):
    plan.monev_requirement = None
    plan.save()
    login(client, users["ketua_tim"])
    response = client.post(f"{BASE}attach/", {"submission": str(uuid.uuid4())}, follow=True)
    assert "Belum ada bukti fisik untuk laporan monev" in response.content.decode()
    assert not EvidenceFile.objects.exists()


@pytest.mark.parametrize("suffix", ["", ".pdf", ".xlsx"])
def test_outsiders_get_nothing_and_writes_need_a_post(client, users, suffix):
    url = BASE.rstrip("/") + suffix if suffix else BASE
    login(client, users["outsider"])
    assert client.get(url).status_code == 404
    login(client, users["ketua_tim"])
    if suffix:
        assert client.post(url).status_code == 405
    assert client.get(f"{BASE}attach/").status_code == 405


# session, user, plan, membership, the month's report
def test_the_report_page_queries_are_pinned(client, users, django_assert_num_queries):
    notes(client, users)
    with django_assert_num_queries(5):
        assert client.get(BASE).status_code == 200


def test_a_monev_requirement_of_another_plan_is_refused(plan, other_satker):
    from django.core.exceptions import ValidationError

    from tests.factories import make_plan

    other = make_plan(other_satker, 2021)
    plan.monev_requirement = other.components.first().indicators.first().requirements.first()
    with pytest.raises(ValidationError, match="Pilih bukti fisik dari rencana aksi ini"):
        plan.full_clean()


def test_a_past_months_report_stops_at_that_month(plan):
    import datetime
    from zoneinfo import ZoneInfo

    import time_machine

    from monitoring.monev import report_context

    with time_machine.travel(datetime.datetime(2021, 6, 10, 9, tzinfo=ZoneInfo("Asia/Jakarta"))):
        Cell.objects.filter(requirement__indicator__component__plan=plan, month=6).update(
            realized=True
        )
        curve = report_context(plan, 3)["progress"].curve
    assert [realized for _m, _p, realized in curve[3:]] == [None] * 9
    assert curve[2][2] == 0  # nothing realized up to March


def _version(client):
    return client.get(BASE).context["form"]["version"].value()


def test_a_stale_save_is_refused_and_names_who_changed_the_notes(client, users, plan):
    from tests.factories import make_user

    second = make_user("ketua-tim-2", plan.satker, "ketua_tim", first_name="Rina")
    login(client, users["ketua_tim"])
    mine = _version(client)
    client.force_login(second)
    theirs = _version(client)
    assert client.post(BASE, {"notes": "Catatan Rina", "follow_ups": "", "version": theirs})
    login(client, users["ketua_tim"])
    response = client.post(BASE, {"notes": "Catatan saya", "follow_ups": "", "version": mine})
    assert response.status_code == 409
    html = response.content.decode()
    assert "Diubah oleh Rina" in html and "muat ulang" in html.lower()
    assert "Catatan saya" in html  # what the user typed is still on the page
    assert MonevReport.objects.get().notes == "Catatan Rina"  # and nothing was overwritten
    fresh = _version(client)
    response = client.post(BASE, {"notes": "Catatan saya", "follow_ups": "", "version": fresh})
    assert response.status_code == 302 and MonevReport.objects.get().notes == "Catatan saya"


def test_notes_have_a_limit_and_long_words_stay_on_the_page(client, users, plan):
    response = notes(client, users, notes="x" * 10_001)
    assert response.status_code in (200, 400)
    assert "paling banyak 10000 karakter" in response.content.decode()
    assert not MonevReport.objects.filter(notes__startswith="x").exists()
    link = "https://drive.example.go.id/" + "a1b2c3" * 40  # one unbroken "word"
    notes(client, users, notes=f"Notula: {link}", follow_ups=f"Unggah {link}")
    pdf = client.get("/plans/pn-sarolangun/2021/monev/3.pdf").content
    page_width, _height = pdf_helpers.page_size_pt(pdf)
    words = pdf_helpers.words(pdf)
    assert any("drive.example" in w["text"] for w in words)
    right_margin = 15 / 25.4 * 72  # 15 mm
    assert max(w["left"] + w["width"] for w in words) <= page_width - right_margin + 1
