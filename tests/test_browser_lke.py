"""The LKE in a real browser, on a phone and a laptop: start, answer, see the score move,
submit, and the evaluator's answer beside the unit's."""

import pytest
from django.core.management import call_command

from assessment.models import Answer
from components.models import Role, Satker
from tests.factories import PASSWORD, make_user
from tests.test_browser import SCREENSHOTS, VIEWPORTS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def court(transactional_db):
    from assessment.tree import forget

    forget()  # the database was emptied: cached trees name rows that are gone
    call_command("loaddata", "fixtures/frameworks.json", "fixtures/pn-sarolangun-2021.json")
    call_command("load_lke_framework", builtin=True, verbosity=0)
    satker = Satker.objects.get(slug="pn-sarolangun")
    make_user("ketua-tim", satker, Role.KETUA_TIM, first_name="Tono")
    make_user("ketua", satker, Role.KETUA, first_name="Deki")
    make_user("penilai", satker, Role.PENILAI, first_name="Rina")
    return satker


def log_in(page, live_server, username):
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Nama pengguna").fill(username)
    page.get_by_label("Sandi").fill(PASSWORD)
    page.get_by_role("button", name="Masuk").click()


@pytest.mark.parametrize("size", VIEWPORTS)
def test_the_lke_from_the_first_answer_to_the_evaluator(page, live_server, court, size):
    page.set_viewport_size(VIEWPORTS[size])
    url = f"{live_server.url}/assessment/pn-sarolangun/2021/"
    log_in(page, live_server, "ketua-tim")
    page.goto(f"{live_server.url}/plans/pn-sarolangun/2021/")
    page.get_by_role("link", name="Mulai LKE").click()
    page.get_by_label("Kerangka LKE").select_option(label="LKE 90/2021 (v1)")
    page.get_by_role("button", name="Mulai LKE").click()
    assert page.locator("[data-total=unit]").inner_text() == "–"
    plan = page.locator("details.zi-lke-subarea", has_text="Rencana Pembangunan Zona Integritas")
    plan.locator(":scope > summary").scroll_into_view_if_needed()
    if plan.get_attribute("open") is None:
        plan.locator(":scope > summary").click()
    answers = plan.locator("select[name=value]")
    for index, value in enumerate(["Ya", "C", "A"]):
        with page.expect_response(lambda r: "/q/" in r.url):
            answers.nth(index).select_option(value)
    score = plan.locator(".zi-lke-score").first
    score.filter(has_text="0,67").wait_for()  # the last answer's swap has landed
    assert "0,67" in score.inner_text() and "66,67%" in score.inner_text()
    assert page.locator("[data-total=unit]").inner_text() == "0,67"  # updated in place
    assert page.locator("#lke-readiness [data-criterion=total]").first.inner_text().count("kurang")
    assert page.evaluate("document.documentElement.scrollWidth") <= VIEWPORTS[size]["width"]
    page.screenshot(path=SCREENSHOTS / f"lke-{size}.png", full_page=False)

    # A value out of range is refused with the reason beside it, not dropped in silence.
    count = page.locator("input.zi-lke-count[inputmode=numeric]").first
    count.scroll_into_view_if_needed()
    count.fill("-3")
    count.press("Tab")
    refused = page.get_by_role("alert").filter(has_text="Isi dengan bilangan bulat, 0 atau lebih")
    refused.wait_for()
    assert not Answer.objects.filter(value="-3").exists()

    log_in(page, live_server, "ketua")
    page.goto(url)
    page.get_by_role("button", name="Kirim LKE unit ke penilai").click()
    page.get_by_text("LKE sudah dikirim ke penilai.").wait_for()

    log_in(page, live_server, "penilai")
    page.goto(url)
    plan = page.locator("details.zi-lke-subarea", has_text="Rencana Pembangunan Zona Integritas")
    if plan.get_attribute("open") is None:
        plan.locator(":scope > summary").click()
    with page.expect_response(lambda r: "/q/" in r.url):
        plan.get_by_label("Jawaban TPI").first.select_option("Tidak")
    plan.get_by_text("TPI menjawab berbeda").first.wait_for()
    page.locator("[data-total=tpi]", has_text="0,00").wait_for()
    assert page.locator("[data-total=tpi]").inner_text() == "0,00"
