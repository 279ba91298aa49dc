"""The matrix in a real browser (Debian's Chromium via Playwright), on a phone and a laptop."""

from pathlib import Path

import pytest
from django.core.management import call_command

from components.matrix import build_matrix
from components.models import Plan, Role, Satker
from tests.factories import PASSWORD, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = Path(__file__).resolve().parent.parent / "test-results"
VIEWPORTS = {"phone": {"width": 390, "height": 844}, "laptop": {"width": 1366, "height": 800}}


@pytest.fixture
def ketua(transactional_db):
    call_command("loaddata", "fixtures/frameworks.json", "fixtures/pn-sarolangun-2021.json")
    return make_user("ketua", Satker.objects.get(slug="pn-sarolangun"), Role.KETUA)


@pytest.mark.parametrize("size", VIEWPORTS)
def test_the_chair_logs_in_and_reads_the_matrix(page, live_server, ketua, size):
    page.set_viewport_size(VIEWPORTS[size])
    page.goto(f"{live_server.url}/")
    assert "/accounts/login/" in page.url
    page.get_by_label("Nama pengguna").fill("ketua")
    page.get_by_label("Sandi").fill(PASSWORD)
    page.get_by_role("button", name="Masuk").click()

    page.get_by_role("link", name="Matriks").first.click()
    assert page.url.endswith("/plans/pn-sarolangun/2021/matrix/")
    heading = page.get_by_role("heading", name="KEGIATAN PEMBANGUNAN ZONA INTEGRITAS")
    assert heading.is_visible()
    assert page.get_by_role("columnheader", name="BUKTI FISIK").is_visible()

    plan = Plan.objects.get(satker__slug="pn-sarolangun", year=2021)
    assert page.locator("table.zi-matrix tbody tr").count() == len(build_matrix(plan))
    assert page.locator("td.zi-month.planned, td.zi-month.overdue").count() == 111

    scroller = page.locator(".zi-matrix-scroll")
    widths = scroller.evaluate("el => [el.scrollWidth, el.clientWidth]")
    if size == "phone":
        assert widths[0] > widths[1]  # the table scrolls sideways inside its box
        assert page.evaluate("document.documentElement.scrollWidth") <= 390  # the page does not
    # The header stays in view while the rows scroll under it.
    scroller.evaluate("el => el.scrollTo(0, 2500)")
    head = page.locator("table.zi-matrix thead").bounding_box()
    box = scroller.bounding_box()
    assert abs(head["y"] - box["y"]) <= 2

    scroller.evaluate("el => el.scrollTo(0, el.scrollHeight)")
    page.get_by_text("Pada tanggal : 31 Desember 2021").scroll_into_view_if_needed()
    assert page.get_by_text("NIP. 19801208 200312 2 001").is_visible()
    SCREENSHOTS.mkdir(exist_ok=True)
    scroller.evaluate("el => el.scrollTo(0, 0)")
    page.evaluate("window.scrollTo(0, 0)")
    page.screenshot(path=SCREENSHOTS / f"matrix-{size}.png")
