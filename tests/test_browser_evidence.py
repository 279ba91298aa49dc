"""The whole evidence loop in a real browser, at phone and laptop size.

Staff uploads a photo and a PDF for a month; the team lead returns one and approves the
other, ticks the month, and the matrix shows it realized.
"""

import pytest
from django.core.management import call_command

from components.models import Cell, Indicator, Role, Satker
from evidence.models import EvidenceFile
from evidence.services import assign_pic
from tests import samples
from tests.factories import PASSWORD, make_user
from tests.test_browser import SCREENSHOTS, VIEWPORTS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MATRIX = "/plans/pn-sarolangun/2021/matrix/"


@pytest.fixture
def people(transactional_db):
    call_command("loaddata", "fixtures/frameworks.json", "fixtures/pn-sarolangun-2021.json")
    satker = Satker.objects.get(slug="pn-sarolangun")
    staf = make_user("staf", satker, Role.STAF, first_name="Sari")
    lead = make_user("ketua-tim", satker, Role.KETUA_TIM, first_name="Tono")
    indicator = Indicator.objects.get(component__plan__satker=satker, component__number=1, number=2)
    assign_pic(
        plan=indicator.component.plan, indicator=indicator, step=None, person=staf, user=lead
    )
    return {"staf": staf, "lead": lead, "indicator": indicator}


def log_in(page, live_server, username):
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Nama pengguna").fill(username)
    page.get_by_label("Sandi").fill(PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    page.wait_for_url(f"{live_server.url}/")


def alert(page, text):
    return page.get_by_role("alert").filter(has_text=text)


def open_month(page, live_server, requirement_id, month):
    page.goto(f"{live_server.url}{MATRIX}")
    page.locator(f"#m-{requirement_id}-{month} a").click()
    panel = page.locator("#zi-panel .zi-panel")
    panel.wait_for()
    return panel


@pytest.mark.parametrize("size", VIEWPORTS)
def test_upload_review_and_tick_in_the_browser(page, live_server, people, size, tmp_path):
    page.set_viewport_size(VIEWPORTS[size])
    requirement = people["indicator"].requirements.get(position=1)
    photo = tmp_path / "foto-rapat.jpg"
    photo.write_bytes(samples.jpeg(width=120, height=80, orientation=6))
    minutes = tmp_path / "notula.pdf"
    minutes.write_bytes(samples.pdf())

    # Staff: from "my tasks" to the month, upload a photo and a PDF in one go.
    log_in(page, live_server, "staf")
    page.get_by_role("link", name="Tugas saya").first.click() if size == "laptop" else page.goto(
        f"{live_server.url}/tasks/"
    )
    assert page.get_by_text(requirement.text[:30]).first.is_visible()
    panel = open_month(page, live_server, requirement.pk, 1)
    panel.locator("#upload-files").set_input_files([photo, minutes])
    panel.get_by_label("Deskripsi singkat").fill("Foto dan notula rapat penyusunan rencana aksi")
    panel.get_by_label("Tanggal kegiatan").fill("2021-01-20")
    panel.get_by_role("button", name="Unggah").click()
    alert(page, "2 berkas diunggah").wait_for()
    assert EvidenceFile.objects.filter(status="pending").count() == 2
    page.locator(f"#m-{requirement.pk}-1.submitted").wait_for()  # the matrix cell, redrawn
    page.screenshot(path=SCREENSHOTS / f"evidence-uploaded-{size}.png")

    # Team lead: return the photo with a note, approve the PDF, tick the month.
    log_in(page, live_server, "ketua-tim")
    panel = open_month(page, live_server, requirement.pk, 1)
    photo_item = panel.locator("li", has_text="foto-rapat.jpg")
    photo_item.get_by_text("Kembalikan…").click()
    photo_item.get_by_label("Catatan untuk pengunggah").fill("Foto kurang jelas, unggah ulang.")
    photo_item.get_by_role("button", name="Kembalikan untuk revisi").click()
    alert(page, "foto-rapat.jpg dikembalikan untuk revisi").wait_for()
    panel = page.locator("#zi-panel .zi-panel")
    panel.locator("li", has_text="notula.pdf").get_by_role("button", name="Setujui").click()
    alert(page, "notula.pdf disetujui").wait_for()
    panel = page.locator("#zi-panel .zi-panel")
    # the returned photo is named, and the tick is confirmed over it
    assert panel.locator(".zi-open-files", has_text="foto-rapat.jpg").is_visible()
    panel.locator("#confirm-open").check()
    panel.get_by_role("button", name="Centang bulan ini sebagai terealisasi").click()
    alert(page, "Bulan ini dicentang sebagai terealisasi").wait_for()
    page.screenshot(path=SCREENSHOTS / f"evidence-ticked-{size}.png")

    # The matrix shows the month realized, after a fresh load too.
    page.goto(f"{live_server.url}{MATRIX}")
    cell = page.locator(f"#m-{requirement.pk}-1")
    assert "realized" in cell.get_attribute("class").split()
    assert Cell.objects.get(requirement=requirement, month=1).realized
    statuses = dict(EvidenceFile.objects.values_list("original_name", "status"))
    assert statuses == {"foto-rapat.jpg": "returned", "notula.pdf": "approved"}

    # Staff sees the note on the returned photo.
    log_in(page, live_server, "staf")
    panel = open_month(page, live_server, requirement.pk, 1)
    note = panel.locator(".alert-warning", has_text="Foto kurang jelas, unggah ulang.")
    assert note.is_visible()
