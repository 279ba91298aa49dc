"""What the month panel, the tasks page, the review queue and the PIC page show."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from components.models import Indicator, Role
from evidence.models import Assignment, EvidenceFile
from tests import samples
from tests.evidence_helpers import BASE, login, month_url, upload
from tests.factories import make_user

pytestmark = pytest.mark.django_db
# htmx from the matrix page, as the month panel asks
HTMX = {
    "HTTP_HX_REQUEST": "true",
    "HTTP_HX_CURRENT_URL": "http://testserver/plans/pn-sarolangun/2021/matrix/",
}


def test_the_month_panel_comes_alone_for_htmx_and_refreshes_the_matrix_cell(
    client, users, requirement
):
    login(client, users["staf"])
    full = client.get(month_url(requirement)).content.decode()
    assert "<html" in full and "Unggah bukti fisik" in full
    partial = client.get(month_url(requirement), **HTMX).content.decode()
    assert "<html" not in partial
    assert (
        f'<template><td class="zi-month overdue" id="m-{requirement.pk}-1" hx-swap-oob="true">'
        in (partial)
    )
    # On the month's own page (from the task list) there is no matrix cell to refresh.
    own_page = {
        "HTTP_HX_REQUEST": "true",
        "HTTP_HX_CURRENT_URL": f"http://testserver{month_url(requirement)}",
    }
    assert "hx-swap-oob" not in client.get(month_url(requirement), **own_page).content.decode()


def test_an_htmx_upload_answers_with_the_panel_and_its_message(client, users, requirement):
    login(client, users["staf"])
    response = client.post(
        month_url(requirement, 1, "upload"),
        {
            "description": "Notula",
            "activity_date": "2021-01-20",
            "submission": "6f1c1f4e-8a44-4d0b-8a6e-3d0d9e3b8a11",
            "files": [
                __import__("django").core.files.uploadedfile.SimpleUploadedFile(
                    "notula.pdf", samples.pdf()
                )
            ],
        },
        **HTMX,
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "1 berkas diunggah dan menunggu revi" in html
    assert f'id="m-{requirement.pk}-1" hx-swap-oob="true"' in html
    assert 'class="zi-month submitted"' in html


def test_a_refused_htmx_upload_keeps_what_was_typed(client, users, requirement):
    login(client, users["staf"])
    response = client.post(
        month_url(requirement, 1, "upload"),
        {
            "description": "Notula rapat",
            "activity_date": "2030-01-01",
            "submission": "6f1c1f4e-8a44-4d0b-8a6e-3d0d9e3b8a12",
        },
        **HTMX,
    )
    html = response.content.decode()
    assert response.status_code == 200  # htmx swaps only successful responses
    assert "Tanggal kegiatan tidak boleh di masa depan." in html
    assert 'value="Notula rapat"' in html
    assert not EvidenceFile.objects.exists()


def test_staff_see_upload_only_where_they_are_pic(client, users, requirement, plan):
    login(client, users["staf"])
    assert "Unggah bukti fisik" in client.get(month_url(requirement)).content.decode()
    other = Indicator.objects.get(component__plan=plan, component__number=2, number=1)
    other_row = other.requirements.first()
    page = client.get(month_url(other_row)).content.decode()
    assert "Unggah bukti fisik" not in page and "Setujui" not in page
    login(client, users["penilai"])
    page = client.get(month_url(requirement)).content.decode()
    assert "Unggah bukti fisik" not in page and "Centang bulan ini" not in page


@time_machine.travel(datetime.datetime(2021, 3, 10, 10, tzinfo=ZoneInfo("Asia/Jakarta")))
def test_my_tasks_lists_this_month_and_overdue_first(client, users, plan, requirement):
    indicator = Indicator.objects.get(component__plan=plan, component__number=6, number=3)
    Assignment.objects.create(indicator=indicator, user=users["staf"])  # monthly rows
    login(client, users["staf"])
    response = client.get("/tasks/")
    tasks = response.context["tasks"]
    timings = [t["timing"] for t in tasks]
    assert timings[0] == "current" and tasks[0]["month_name"] == "MAR"
    assert timings == sorted(timings, key=["current", "overdue", "later"].index)
    assert {(t["cell"].requirement_id, t["cell"].month) for t in tasks} >= {(requirement.pk, 1)}
    html = response.content.decode()
    assert "terlambat" in html and "bulan ini" in html
    # rows of other people do not appear
    other = Indicator.objects.get(component__plan=plan, component__number=2, number=1)
    assert all(t["cell"].requirement.indicator_id != other.pk for t in tasks)


def test_my_tasks_drops_realized_months_and_tells_the_lead_what_waits(client, users, requirement):
    login(client, users["staf"])
    upload(client, requirement)
    login(client, users["ketua_tim"])
    client.post(
        month_url(requirement, 1, "realization"),
        {"realized": "1", "expected": "0", "note": "Selesai", "confirm_open": "on"},
    )
    html = client.get("/tasks/").content.decode()
    assert "1 berkas menunggu revi" in html and "Anda di Pengadilan Negeri Sarolangun 2021" in html
    login(client, users["staf"])
    tasks = client.get("/tasks/").context["tasks"]
    assert (requirement.pk, 1) not in {(t["cell"].requirement_id, t["cell"].month) for t in tasks}


def test_the_review_queue_lists_waiting_files_and_approves_from_there(client, users, requirement):
    login(client, users["staf"])
    upload(client, requirement, [("notula.pdf", samples.pdf()), ("foto.jpg", samples.jpeg())])
    login(client, users["ketua_tim"])
    html = client.get(f"{BASE}review/").content.decode()
    assert "notula.pdf" in html and "foto.jpg" in html
    pdf = EvidenceFile.objects.get(original_name="notula.pdf")
    response = client.post(
        f"{BASE}files/{pdf.public_id}/review/", {"decision": "approve", "next": "review"}
    )
    assert response.url == f"{BASE}review/"
    waiting = client.get(f"{BASE}review/").context["files"]
    assert [f.original_name for f in waiting] == ["foto.jpg"]


def test_the_lead_assigns_and_removes_pics_and_only_members_qualify(client, users, plan, satker):
    indicator = Indicator.objects.get(component__plan=plan, component__number=3, number=1)
    step = indicator.steps.first()
    login(client, users["ketua_tim"])
    client.post(
        f"{BASE}pics/",
        {"action": "add", "indicator": indicator.pk, "step": step.pk, "user": users["staf"].pk},
    )
    assignment = Assignment.objects.get(step=step)
    assert assignment.user == users["staf"] and assignment.indicator == indicator
    response = client.post(
        f"{BASE}pics/",
        {"action": "add", "indicator": indicator.pk, "user": users["outsider"].pk},
        follow=True,
    )
    assert (
        "Hanya staf dan Ketua Tim ZI satker ini yang dapat menjadi PIC."
        in response.content.decode()
    )
    response = client.post(
        f"{BASE}pics/",
        {"action": "add", "indicator": indicator.pk, "user": users["penilai"].pk},
        follow=True,
    )
    assert not Assignment.objects.filter(user=users["penilai"]).exists()
    client.post(
        f"{BASE}pics/", {"action": "remove", "indicator": indicator.pk, "assignment": assignment.pk}
    )
    assert not Assignment.objects.filter(pk=assignment.pk).exists()
    from evidence.models import Activity

    assert list(Activity.objects.filter(step=step).values_list("action", flat=True)) == [
        "unassign",
        "assign",
    ]


@pytest.mark.parametrize(
    "data",
    [
        {"action": "add", "indicator": "abc", "user": "1"},
        {"action": "add", "indicator": "", "user": ""},
        {"action": "add", "indicator": "999999", "user": "1"},
        {"action": "remove", "indicator": "1", "assignment": "x"},
        {},
    ],
)
def test_bad_pic_requests_change_nothing_and_never_fail(client, users, data):
    login(client, users["ketua_tim"])
    before = Assignment.objects.count()
    response = client.post(f"{BASE}pics/", data)
    assert response.status_code in (302, 404)
    assert Assignment.objects.count() == before


@pytest.mark.parametrize(
    "data",
    [
        {"decision": "maybe"},
        {"decision": "approve", "note": "x" * 3000},
        {},
    ],
)
def test_bad_review_requests_change_nothing(client, users, requirement, data):
    login(client, users["staf"])
    upload(client, requirement)
    photo = EvidenceFile.objects.get()
    login(client, users["ketua_tim"])
    response = client.post(f"{BASE}files/{photo.public_id}/review/", data)
    assert response.status_code == 302
    photo.refresh_from_db()
    assert photo.status == "pending"


@pytest.mark.parametrize(
    "data",
    [
        {"realized": "yes", "expected": "0"},
        {"realized": "1"},
        {},
        {"realized": "1", "expected": "2"},
    ],
)
def test_bad_realization_requests_change_nothing(client, users, requirement, data):
    login(client, users["ketua_tim"])
    response = client.post(month_url(requirement, 1, "realization"), data)
    assert response.status_code == 302
    assert not requirement.cells.filter(realized=True).exists()


def test_a_revision_must_answer_a_returned_file_of_the_same_month(client, users, requirement, plan):
    login(client, users["staf"])
    upload(client, requirement)
    photo = EvidenceFile.objects.get()
    response = upload(client, requirement, [("baru.jpg", samples.jpeg())], revision_of=photo.pk)
    assert response.status_code == 400  # not returned: not offered as a choice
    assert EvidenceFile.objects.count() == 1
    login(client, users["ketua_tim"])
    client.post(f"{BASE}files/{photo.public_id}/review/", {"decision": "return", "note": "Ulang"})
    login(client, users["staf"])
    response = upload(
        client, requirement, [("baru.jpg", samples.jpeg())], month=2, revision_of=photo.pk
    )
    assert response.status_code == 400  # another month's file
    assert EvidenceFile.objects.count() == 1


def test_the_team_lead_of_another_role_cannot_be_made_pic_by_staff(client, users, satker, plan):
    make_user("staf-baru", satker, Role.STAF)
    login(client, users["staf"])
    indicator = Indicator.objects.get(component__plan=plan, component__number=1, number=1)
    response = client.post(
        f"{BASE}pics/", {"action": "add", "indicator": indicator.pk, "user": users["staf"].pk}
    )
    assert response.status_code == 403
