"""The chairperson signs the matrix in a real browser; a visitor verifies the printout."""

import pytest
from django.core.management import call_command

from components.models import Role, Satker
from reports.models import SignedMatrix
from tests.factories import PASSWORD, make_user
from tests.test_browser import SCREENSHOTS, VIEWPORTS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def chair(transactional_db):
    call_command("loaddata", "fixtures/frameworks.json", "fixtures/pn-sarolangun-2021.json")
    return make_user("ketua", Satker.objects.get(slug="pn-sarolangun"), Role.KETUA)


@pytest.mark.parametrize("size", VIEWPORTS)
def test_the_chair_signs_and_a_visitor_verifies(page, live_server, chair, size, tmp_path):
    page.set_viewport_size(VIEWPORTS[size])
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Nama pengguna").fill("ketua")
    page.get_by_label("Sandi").fill(PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    page.goto(f"{live_server.url}/plans/pn-sarolangun/2021/")
    page.get_by_role("link", name="Cetak & tanda tangan").first.click()
    assert page.get_by_role("link", name="PDF draf (A4)").is_visible()
    page.get_by_label("F4 / folio (330 × 215 mm)").check()
    page.get_by_label("Saya telah memeriksa matriks ini").check()
    page.get_by_role("button", name="Tandatangani matriks").click()
    page.get_by_role("alert").filter(has_text="Ditandatangani: versi 1").wait_for()
    signed = SignedMatrix.objects.get()
    page.screenshot(path=SCREENSHOTS / f"signed-{size}.png")

    pdf = page.request.get(f"{live_server.url}/plans/pn-sarolangun/2021/matrix.pdf").body()
    printout = tmp_path / "matriks.pdf"
    printout.write_bytes(pdf)
    page.context.clear_cookies()  # a visitor, not logged in
    page.goto(f"{live_server.url}/verify/{signed.code}/")
    assert page.get_by_text("DEKI DIANK, S.H, M.H").first.is_visible()
    page.locator("input[type=file]").set_input_files(printout)
    page.get_by_role("button", name="Periksa", exact=True).click()
    assert page.get_by_role("alert").filter(has_text="Cocok").is_visible()
