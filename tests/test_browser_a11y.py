"""Accessibility, measured: axe-core (shipped in the axe-playwright-python wheel, run offline)
on every page court staff, the team lead, the chairperson and visitors use, at phone and laptop
size, with no serious or critical violation; a keyboard-only upload; form errors that a screen
reader announces."""

import datetime

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.management import call_command
from django.test import Client

from components.models import Indicator, Plan, Role, Satker
from evidence.models import EvidenceFile
from evidence.services import assign_pic
from reports.services import sign_plan
from tests import samples
from tests.browser_helpers import choose_by_keyboard, settled, wait_until
from tests.evidence_helpers import upload
from tests.factories import PASSWORD, make_user
from tests.survey_helpers import make_survey
from tests.test_browser import SCREENSHOTS, VIEWPORTS
from tests.test_browser_evidence import MATRIX, log_in, open_month

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PLAN = "/plans/pn-sarolangun/2021/"
AXE = Axe()
SERIOUS = {"serious", "critical"}


def serious_violations(page):
    """axe-core's serious and critical findings on the page once it has settled, one line each."""
    settled(page)
    results = AXE.run(page, options={"resultTypes": ["violations"]}).response
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
        for v in results["violations"]
        if v["impact"] in SERIOUS
    ]


@pytest.fixture
def court(transactional_db):
    from assessment.tree import forget

    forget()  # the database was emptied: cached LKE trees name rows that are gone
    call_command("loaddata", "fixtures/frameworks.json", "fixtures/pn-sarolangun-2021.json")
    call_command("load_lke_framework", builtin=True, verbosity=0)
    satker = Satker.objects.get(slug="pn-sarolangun")
    staf = make_user("staf", satker, Role.STAF, first_name="Sari")
    lead = make_user("ketua-tim", satker, Role.KETUA_TIM, first_name="Tono")
    chair = make_user("ketua", satker, Role.KETUA, first_name="Deki")
    indicator = Indicator.objects.get(component__plan__satker=satker, component__number=1, number=2)
    plan = indicator.component.plan
    assign_pic(plan=plan, indicator=indicator, step=None, person=staf, user=lead)
    requirement = indicator.requirements.get(position=1)
    client = Client()
    client.force_login(staf)
    upload(client, requirement, files=[("foto-rapat.jpg", samples.jpeg())])
    assert EvidenceFile.objects.count() == 1  # the review queue has a row to show
    today = datetime.date.today()
    survey = make_survey(satker, f"{today.year}", opens_on=today, closes_on=today)
    return {"plan": plan, "requirement": requirement, "chair": chair, "survey": survey}


def open_details(page):
    for summary in page.locator("main summary").all():
        if summary.is_visible():
            summary.click()
    assert page.locator("main details[open]").count()


def send_empty(page):
    page.locator("main form button[type=submit]").last.click()
    page.locator("[aria-invalid=true]").first.wait_for()  # refused, with its errors shown


def pages_of(court):
    """(name, who, where, then) for every page measured: who None is a visitor, not logged
    in; where a path or a month to open in the matrix; then what the user does first."""
    month = (court["requirement"].pk, 1)
    return [
        ("login", None, "/accounts/login/", None),
        ("login refused", None, "/accounts/login/", send_empty),
        ("home", "staf", "/", None),
        ("menu", "staf", "/", lambda page: page.locator(".navbar-toggler:visible").click()),
        ("tasks", "staf", "/tasks/", None),
        ("month panel", "staf", month, None),
        ("dashboard", "ketua-tim", PLAN, None),
        ("matrix", "ketua-tim", MATRIX, None),
        ("month panel, team lead", "ketua-tim", month, open_details),
        ("review queue", "ketua-tim", PLAN + "review/", open_details),
        ("LKE", "ketua-tim", "/assessment/pn-sarolangun/2021/", None),
        ("sign", "ketua", PLAN + "sign/", None),
        ("print preview", "ketua", PLAN + "matrix/print/", None),
        ("verify by code, not found", None, "/verify/?code=ABCD-2345", None),
        ("public survey", None, court["survey"].public_url(), None),
        ("public survey refused", None, court["survey"].public_url(), send_empty),
    ]


@pytest.mark.parametrize("size", VIEWPORTS)
def test_no_serious_violation_on_any_page(page, live_server, court, size):
    page.set_viewport_size(VIEWPORTS[size])
    found, logged_in = {}, object()
    for name, who, where, then in pages_of(court):
        if name == "menu" and size != "phone":
            continue  # the menu is folded away only on a phone
        if who != logged_in:
            page.context.clear_cookies()
            if who:
                log_in(page, live_server, who)
            logged_in = who
        if isinstance(where, tuple):
            open_month(page, live_server, *where)
        else:
            page.goto(live_server.url + where)
        if then:
            then(page)
        page.wait_for_load_state("networkidle")
        found[name] = serious_violations(page)

    # The verify page of a signed matrix, as a visitor who scanned its QR code.
    signed = sign_plan(
        plan=Plan.objects.get(pk=court["plan"].pk), user=court["chair"], paper="a4",
        base_url=live_server.url,
    )  # fmt: skip
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/verify/{signed.code}/")
    found["verify"] = serious_violations(page)
    page.screenshot(path=SCREENSHOTS / f"a11y-verify-{size}.png")
    assert {name: lines for name, lines in found.items() if lines} == {}
    assert len(found) == (17 if size == "phone" else 16)


def test_the_check_finds_what_a_screen_reader_would_miss(page):
    """The measure can fail: a page with an unnamed button, an image without alt text and
    grey-on-white text is reported, each as serious or critical."""
    page.set_content(
        '<!doctype html><html lang="id"><head><title>t</title></head><body><main>'
        '<h1>Uji</h1><button><svg width="10" height="10"></svg></button>'
        '<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">'
        '<p style="color:#ccc;background:#fff">teks pucat</p></main></body></html>'
    )
    ids = {line.split(" ")[0] for line in serious_violations(page)}
    assert {"button-name", "image-alt", "color-contrast"} <= ids


def tab_to(page, selector, limit=120):
    """Press Tab until the element matching selector has the focus (a keyboard user's way)."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("s => document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"{selector} not reached by {limit} presses of Tab")


@pytest.mark.parametrize("size", VIEWPORTS)
def test_staff_upload_by_keyboard_alone(page, live_server, court, size, tmp_path):
    page.set_viewport_size(VIEWPORTS[size])
    photo = tmp_path / "daftar-hadir.jpg"
    photo.write_bytes(samples.jpeg(width=120, height=80))
    page.goto(f"{live_server.url}/accounts/login/")
    tab_to(page, "#id_username")
    page.keyboard.type("staf")
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(f"{live_server.url}/")

    # The first Tab stop skips the menu.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Langsung ke isi"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    if size == "phone":  # the menu, folded away on a phone, opens by keyboard too
        page.locator("body").focus()
        tab_to(page, "button.navbar-toggler")
        page.keyboard.press("Enter")
        page.get_by_role("link", name="Tugas saya").first.wait_for(state="visible")
    tab_to(page, "a[href='/tasks/']")
    page.keyboard.press("Enter")
    page.wait_for_url("**/tasks/")
    tab_to(page, "a.btn-success[href*='/evidence/']")  # the first month's "Unggah"
    page.keyboard.press("Enter")
    page.wait_for_url("**/evidence/**")

    tab_to(page, "#upload-files")
    choose_by_keyboard(page, photo)
    page.locator(".zi-chosen li").first.wait_for()
    assert page.locator(".zi-chosen li").count() == 1
    tab_to(page, "[name=description]")
    page.keyboard.type("Daftar hadir rapat")
    tab_to(page, "[name=activity_date]")
    page.keyboard.type("01202021")  # the browser's own date field: month, day, year
    assert page.locator("[name=activity_date]").input_value() == "2021-01-20"
    tab_to(page, ".zi-upload button[type=submit]")
    page.keyboard.press("Enter")
    page.get_by_role("alert").filter(has_text="1 berkas diunggah").wait_for()
    assert EvidenceFile.objects.filter(original_name="daftar-hadir.jpg").exists()


def test_the_month_panel_opens_and_closes_by_keyboard(page, live_server, court):
    requirement = court["requirement"]
    log_in(page, live_server, "ketua-tim")
    page.goto(f"{live_server.url}{MATRIX}")
    cell = page.locator(f"#m-{requirement.pk}-1 a")
    assert cell.evaluate("a => a.tabIndex") == 0  # in the Tab order like every link
    cell.focus()
    page.keyboard.press("Enter")
    page.locator("#zi-panel .zi-panel").wait_for()
    in_dialog = "() => document.getElementById('zi-panel').contains(document.activeElement)"
    wait_until(page, in_dialog)
    tab_to(page, "#zi-panel button.btn-success")  # "Setujui", inside the dialog
    page.keyboard.press("Enter")
    page.get_by_role("alert").filter(has_text="disetujui").wait_for()
    assert EvidenceFile.objects.get(original_name="foto-rapat.jpg").status == "approved"
    wait_until(page, in_dialog)  # the answer took the focus: the keyboard is still inside
    page.keyboard.press("Escape")
    page.locator("#zi-panel").wait_for(state="hidden")
    back_on_cell = "id => document.activeElement.closest(id) !== null"
    wait_until(page, back_on_cell, f"#m-{requirement.pk}-1")
    # Escape closes it too when the keyboard's place has fallen out of the dialog.
    page.keyboard.press("Enter")
    page.locator("#zi-panel .zi-panel").wait_for()
    settled(page)  # Bootstrap ignores Escape while the dialog is still sliding in
    page.evaluate("() => document.activeElement.blur()")
    page.keyboard.press("Escape")
    page.locator("#zi-panel").wait_for(state="hidden")


def test_the_chair_signs_by_keyboard(page, live_server, court):
    log_in(page, live_server, "ketua")
    page.goto(f"{live_server.url}{PLAN}sign/")
    page.locator("#main").focus()
    tab_to(page, "input[type=checkbox][name=confirm]")
    page.keyboard.press("Space")
    tab_to(page, "button[data-busy]")  # "Tandatangani matriks"
    page.keyboard.press("Enter")
    page.get_by_role("alert").filter(has_text="Ditandatangani: versi 1").wait_for()


def test_form_errors_are_announced(page, live_server, court):
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_role("button", name="Masuk").click()  # nothing filled in
    field = page.get_by_label("Nama pengguna")
    assert field.get_attribute("aria-invalid") == "true"
    described = field.get_attribute("aria-describedby").split()
    said = " ".join(page.locator(f"[id='{i}']").inner_text() for i in described)
    assert "Bidang ini tidak boleh kosong" in said

    # The server refuses an upload's future date: the field says why, to a screen reader too.
    log_in(page, live_server, "staf")
    panel = open_month(page, live_server, court["requirement"].pk, 1)
    photo = samples.jpeg()
    panel.locator("#upload-files").set_input_files(
        {"name": "foto.jpg", "mimeType": "image/jpeg", "buffer": photo}
    )
    panel.get_by_label("Deskripsi singkat").fill("Foto")
    date = panel.get_by_label("Tanggal kegiatan")
    date.evaluate("i => i.removeAttribute('max')")
    date.fill("2099-01-20")
    panel.get_by_role("button", name="Unggah").click()
    page.get_by_role("alert").filter(has_text="Tidak ada yang diunggah").wait_for()
    date = page.locator("#zi-cell-panel").get_by_label("Tanggal kegiatan")
    assert date.get_attribute("aria-invalid") == "true"
    described = date.get_attribute("aria-describedby").split()
    said = " ".join(page.locator(f"[id='{i}']").inner_text() for i in described)
    assert "tidak boleh di masa depan" in said

    # A survey sent with questions unanswered: the summary is an alert, each question says so.
    page.context.clear_cookies()
    page.goto(live_server.url + court["survey"].public_url())
    page.locator("button.zi-survey-send").click()
    assert page.locator(".alert-danger[role=alert]").is_visible()
    question = page.locator("fieldset.zi-question[aria-describedby]").first
    error = page.locator(f"[id='{question.get_attribute('aria-describedby')}']")
    assert error.inner_text()
    assert question.locator("input[aria-invalid=true]").count() >= 1
