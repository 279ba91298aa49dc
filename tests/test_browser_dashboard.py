"""The team lead's dashboard in a real browser, on a phone and a laptop."""

import pytest
from django.core.management import call_command

from components.models import Indicator, Role, Satker
from evidence.models import Assignment
from tests.factories import PASSWORD, make_user
from tests.test_browser import SCREENSHOTS, VIEWPORTS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def lead(transactional_db):
    call_command("loaddata", "fixtures/frameworks.json", "fixtures/pn-sarolangun-2021.json")
    satker = Satker.objects.get(slug="pn-sarolangun")
    lead = make_user("ketua-tim", satker, Role.KETUA_TIM, first_name="Tono")
    staf = make_user("staf", satker, Role.STAF, first_name="Sari")
    indicator = Indicator.objects.get(component__plan__satker=satker, component__number=1, number=1)
    Assignment.objects.create(indicator=indicator, user=staf)
    return lead


@pytest.mark.parametrize("size", VIEWPORTS)
def test_the_team_lead_reads_the_month_on_the_dashboard(page, live_server, lead, size):
    page.set_viewport_size(VIEWPORTS[size])
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Nama pengguna").fill("ketua-tim")
    page.get_by_label("Sandi").fill(PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    page.get_by_role("link", name="Rencana aksi 2021").click()
    assert page.get_by_role("heading", name="Kurva S").is_visible()
    chart = page.locator(".zi-kurva-s svg")
    assert chart.is_visible()
    assert chart.bounding_box()["width"] >= 560  # labels readable: it scrolls on a phone
    page.get_by_label("Bulan", exact=True).select_option("3")
    page.wait_for_url("**?month=3")
    assert page.get_by_role("heading", name="Capaian s.d. MAR").is_visible()
    assert page.locator("[data-count=overdue]").inner_text().strip() != "0"
    page.get_by_text("1. Manajemen Perubahan").click()  # open the component
    assert page.get_by_text("1.1 Penyusunan Tim Kerja").is_visible()
    assert page.get_by_text("PIC: Sari").first.is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= VIEWPORTS[size]["width"]
    page.screenshot(path=SCREENSHOTS / f"dashboard-{size}.png", full_page=True)
    page.get_by_role("link", name="Laporan monev MAR").click()
    assert page.get_by_role("button", name="Lampirkan sebagai bukti fisik").is_visible()
