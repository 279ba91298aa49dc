"""Staff on a phone and the team lead on a laptop, in a real browser.

The upload form lists the chosen files and keeps them through a refused submit; the
confirmation of an upload gets the focus; the review queue decides in place by keyboard;
the matrix keeps the evidence column in view and shows "Baris saya".
"""

import pytest

from evidence.models import Activity, EvidenceFile, assigned_requirement_ids
from tests import samples
from tests import test_browser_evidence as flow
from tests.browser_helpers import wait_until
from tests.test_browser import SCREENSHOTS, VIEWPORTS
from tests.test_browser_evidence import MATRIX, alert, log_in, open_month

people = flow.people  # the same staff, team lead and PIC row

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def chosen(panel):
    return panel.locator(".zi-chosen li")


def files_in_input(panel):
    return panel.locator("#upload-files").evaluate("input => input.files.length")


@pytest.mark.parametrize("size", VIEWPORTS)
def test_chosen_files_are_listed_removable_and_kept(page, live_server, people, size, tmp_path):
    page.set_viewport_size(VIEWPORTS[size])
    requirement = people["indicator"].requirements.get(position=1)
    photo = tmp_path / "foto-rapat.jpg"
    photo.write_bytes(samples.jpeg(width=120, height=80))
    minutes = tmp_path / "notula.pdf"
    minutes.write_bytes(samples.pdf())
    log_in(page, live_server, "staf")
    panel = open_month(page, live_server, requirement.pk, 1)

    panel.locator("#upload-files").set_input_files([photo, minutes])
    assert chosen(panel).count() == 2
    assert chosen(panel).first.locator("img.zi-thumb-sm").count() == 1  # the photo's
    shown = "() => document.querySelector('.zi-chosen img.zi-thumb-sm').naturalWidth > 0"
    wait_until(page, shown, timeout=5)  # drawn: the policy lets the page show its own blob:
    assert "notula.pdf (" in chosen(panel).nth(1).inner_text()
    assert chosen(panel).nth(1).locator("img").count() == 0
    page.screenshot(path=SCREENSHOTS / f"upload-chosen-{size}.png")
    chosen(panel).nth(1).locator("button").click()
    assert chosen(panel).count() == 1 and files_in_input(panel) == 1

    # A future date is refused in the browser: nothing is sent, the file stays chosen.
    panel.get_by_label("Deskripsi singkat").fill("Foto rapat")
    panel.get_by_label("Tanggal kegiatan").fill("2099-01-20")
    panel.get_by_role("button", name="Unggah").click()
    assert panel.get_by_label("Tanggal kegiatan").evaluate("i => !i.validity.valid")
    assert not EvidenceFile.objects.exists() and chosen(panel).count() == 1

    # The server refuses it too (browser check bypassed): the file is still chosen after.
    page.locator("#zi-cell-panel input[type=date]").evaluate("i => i.removeAttribute('max')")
    panel.get_by_role("button", name="Unggah").click()
    alert(page, "Tidak ada yang diunggah").wait_for()
    panel = page.locator("#zi-cell-panel")
    assert "Tanggal kegiatan tidak boleh di masa depan" in panel.inner_text()
    assert not EvidenceFile.objects.exists()
    chosen(panel).first.wait_for()  # put back once the answer has settled
    assert chosen(panel).count() == 1 and files_in_input(panel) == 1

    # Corrected: it uploads, and the confirmation has the focus.
    panel.get_by_label("Tanggal kegiatan").fill("2021-01-20")
    panel.get_by_role("button", name="Unggah").click()
    alert(page, "1 berkas diunggah").wait_for()
    wait_until(page, "() => document.activeElement.classList.contains('alert')")
    assert "1 berkas diunggah" in page.evaluate("document.activeElement.textContent")
    assert EvidenceFile.objects.get().original_name == "foto-rapat.jpg"
    page.screenshot(path=SCREENSHOTS / f"upload-confirmed-{size}.png")


def test_no_file_chosen_is_said_before_sending(page, live_server, people):
    requirement = people["indicator"].requirements.get(position=1)
    log_in(page, live_server, "staf")
    panel = open_month(page, live_server, requirement.pk, 1)
    panel.get_by_label("Deskripsi singkat").fill("Foto rapat")
    panel.get_by_label("Tanggal kegiatan").fill("2021-01-20")
    panel.get_by_role("button", name="Unggah").click()
    assert panel.locator(".zi-files-missing").is_visible()
    assert not EvidenceFile.objects.exists()


def upload_three(page, live_server, requirement, tmp_path):
    names = ["foto-rapat.jpg", "notula.pdf", "daftar-hadir.pdf"]
    paths = []
    for name in names:
        path = tmp_path / name
        path.write_bytes(samples.jpeg() if name.endswith(".jpg") else samples.pdf(name))
        paths.append(path)
    log_in(page, live_server, "staf")
    panel = open_month(page, live_server, requirement.pk, 1)
    panel.locator("#upload-files").set_input_files(paths)
    panel.get_by_label("Deskripsi singkat").fill("Rapat")
    panel.get_by_label("Tanggal kegiatan").fill("2021-01-20")
    panel.get_by_role("button", name="Unggah").click()
    alert(page, "3 berkas diunggah").wait_for()
    return {f.original_name: f for f in EvidenceFile.objects.all()}


@pytest.mark.parametrize("size", VIEWPORTS)
def test_the_review_queue_decides_in_place_by_keyboard(page, live_server, people, size, tmp_path):
    page.set_viewport_size(VIEWPORTS[size])
    requirement = people["indicator"].requirements.get(position=1)
    files = upload_three(page, live_server, requirement, tmp_path)
    log_in(page, live_server, "ketua-tim")
    page.goto(f"{live_server.url}/plans/pn-sarolangun/2021/review/")
    assert page.locator("#review-count").inner_text() == "3"
    photo_row = page.locator(f"#review-{files['foto-rapat.jpg'].pk}")
    assert photo_row.locator("img.zi-thumb").evaluate("i => i.complete && i.naturalWidth > 0")
    pdf_row = page.locator(f"#review-{files['notula.pdf'].pk}")
    pdf_row.locator("img.zi-thumb").wait_for()
    wait_until(
        page,
        "id => document.querySelector('#' + id + ' img.zi-thumb').naturalWidth > 0",
        f"review-{files['notula.pdf'].pk}",
    )
    page.screenshot(path=SCREENSHOTS / f"review-queue-{size}.png", full_page=True)

    # Approve by keyboard: the row says so, has the focus, and the count drops.
    photo_row.get_by_role("button", name="Setujui").focus()
    page.keyboard.press("Enter")
    page.locator(f"#review-{files['foto-rapat.jpg'].pk}[data-status=approved]").wait_for()
    page.locator("#review-count", has_text="2").wait_for()  # the count, redrawn
    assert page.evaluate("document.activeElement.id") == f"review-{files['foto-rapat.jpg'].pk}"

    # Return by keyboard: open "Kembalikan…", an empty note is refused, then a note.
    pdf_row.locator("summary").focus()
    page.keyboard.press("Enter")
    pdf_row.get_by_role("textbox").focus()
    page.keyboard.type("Tanpa tanda tangan")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    page.locator(f"#review-{files['notula.pdf'].pk}[data-status=returned]").wait_for()
    page.locator("#review-count", has_text="1").wait_for()  # the count, redrawn

    # Select by keyboard and approve the rest at once.
    last = page.locator(f"#review-{files['daftar-hadir.pdf'].pk}")
    last.get_by_role("checkbox").focus()
    page.keyboard.press("Space")
    page.get_by_role("button", name="Approve the selected files").or_(
        page.get_by_role("button", name="Setujui berkas yang dipilih")
    ).click()
    page.wait_for_url("**/review/")
    page.locator("#review-count", has_text="0").wait_for()  # the count, redrawn
    statuses = dict(EvidenceFile.objects.values_list("original_name", "status"))
    assert statuses == {
        "foto-rapat.jpg": "approved",
        "notula.pdf": "returned",
        "daftar-hadir.pdf": "approved",
    }
    assert Activity.objects.filter(action="approve").count() == 2


def test_on_a_phone_the_evidence_column_stays_and_my_rows_filter(page, live_server, people):
    page.set_viewport_size(VIEWPORTS["phone"])
    log_in(page, live_server, "staf")
    page.goto(f"{live_server.url}{MATRIX}")
    assert page.get_by_text("geser di dalamnya untuk melihat semua baris").is_visible()
    scroller = page.locator(".zi-matrix-scroll")
    scroller.evaluate("s => { s.scrollLeft = 5000; }")
    left = scroller.bounding_box()["x"]
    first = page.locator("td.zi-evidence").first
    assert abs(first.bounding_box()["x"] - left) < 3  # stuck at the left edge
    assert first.locator(".zi-evidence-code").is_visible()
    assert page.locator("td.zi-month").last.bounding_box()["x"] > first.bounding_box()["x"]
    page.screenshot(path=SCREENSHOTS / "matrix-phone-scrolled.png")

    page.get_by_role("link", name="Baris saya").or_(
        page.get_by_role("link", name="My rows")
    ).click()
    page.wait_for_url("**/matrix/mine/")
    plan = people["indicator"].component.plan
    mine = assigned_requirement_ids(people["staf"], plan)
    assert page.locator("td.zi-evidence").count() == len(mine)
    page.screenshot(path=SCREENSHOTS / "matrix-phone-mine.png")


def test_staff_see_tasks_on_the_home_page(page, live_server, people):
    page.set_viewport_size(VIEWPORTS["phone"])
    log_in(page, live_server, "staf")
    card = page.locator(".zi-home-tasks")
    assert card.is_visible()
    card.get_by_role("link", name="Tugas saya").click()
    page.wait_for_url("**/tasks/")
    page.screenshot(path=SCREENSHOTS / "home-tasks-phone.png")
