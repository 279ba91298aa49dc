"""The matrix PDF: what it says, on which paper, draft or signed."""

from collections import Counter

import pytest

from components.models import Cell, Indicator, Requirement
from reports.models import MatrixRender
from reports.pdf import local_only_fetcher
from tests import pdf_helpers
from tests.evidence_helpers import login, month_url

pytestmark = pytest.mark.django_db

URL = "/plans/pn-sarolangun/2021/matrix.pdf"
MONTHS = ["JAN", "FEB", "MAR", "APR", "MEI", "JUN", "JUL", "AGS", "SEP", "OKT", "NOV", "DES"]


def download(client, user, paper="a4"):
    login(client, user)
    response = client.get(URL, {"paper": paper})
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"] == "application/pdf"
    return b"".join(response.streaming_content)


@pytest.fixture
def draft(client, users):
    return download(client, users["ketua"])


def squash(value):
    return " ".join(value.split())


def test_it_holds_every_indicator_and_evidence_requirement(draft, plan):
    text = squash(pdf_helpers.text(draft))
    words = set(text.split())
    indicators = Indicator.objects.filter(component__plan=plan).select_related("component")
    for indicator in indicators:
        assert f"{indicator.code} " in text, indicator.code
    for requirement in Requirement.objects.filter(indicator__component__plan=plan).exclude(text=""):
        assert set(requirement.text.split()) <= words, requirement.text
        assert " ".join(requirement.text.split()[:2]) in text  # its first line reads in order


def test_it_has_the_courts_header_title_and_signature_block(draft):
    text = squash(pdf_helpers.text(draft))
    for expected in [
        "KEGIATAN PEMBANGUNAN ZONA INTEGRITAS MENUJU WILAYAH BEBAS DARI KORUPSI",
        "NO KOMPONEN INDIKATOR LANGKAH AKSI BUKTI FISIK",
        "REALISASI WAKTU",
        "JAN FEB MAR APR MEI JUN JUL AGS SEP OKT NOV DES",
        "Ditetapkan di : Sarolangun",
        "Pada tanggal : 31 Desember 2021",
        "KETUA PENGADILAN NEGERI SAROLANGUN",
        "DEKI DIANK, S.H, M.H",
        "NIP. 19801208 200312 2 001",
        "Keterangan realisasi waktu: V direncanakan",
    ]:
        assert expected in text, expected


def test_every_page_is_numbered_and_names_the_component_and_indicator_it_starts_in(draft):
    pages = int(pdf_helpers.info(draft)["Pages"])
    assert pages > 2
    for page in range(1, pages + 1):
        text = pdf_helpers._run(["pdftotext", "-f", str(page), "-l", str(page), "-layout"], draft)
        assert f"Halaman {page} dari {pages}" in text
        if page > 1:  # the running header above the table
            first_line = text.strip().splitlines()[0]
            assert " · " in first_line and first_line[0].isdigit(), first_line


def test_the_planned_months_stand_in_their_columns(draft, plan):
    """Each V sits under its month's heading: counted per column, they match the plan."""
    words = pdf_helpers.words(draft)
    heading = {w["text"]: w for w in words if w["page"] == 1 and w["text"] in MONTHS}
    centres = {m: heading[m]["left"] + heading[m]["width"] / 2 for m in MONTHS}

    def month_of(word):
        centre = word["left"] + word["width"] / 2
        return min(MONTHS, key=lambda m: abs(centres[m] - centre))

    marks = Counter(
        month_of(w) for w in words if w["text"] == "V" and w["left"] > centres["JAN"] - 15
    )
    cells = Cell.objects.filter(requirement__indicator__component__plan=plan, planned=True)
    expected = Counter(MONTHS[m - 1] for m in cells.values_list("month", flat=True))
    assert marks == expected


def test_realized_months_are_marked_differently(client, users, plan):
    requirement = Requirement.objects.get(
        indicator__component__plan=plan,
        indicator__component__number=1,
        indicator__number=2,
        position=1,
    )
    Cell.objects.filter(requirement=requirement, month=1).update(realized=True)
    Cell.objects.create(requirement=requirement, month=6, realized=True)
    data = download(client, users["ketua"])
    text = pdf_helpers.text(data)
    assert "● direncanakan dan terealisasi" in squash(text)
    marks = [w["text"] for w in pdf_helpers.words(data)]
    assert marks.count("●") == 2  # the legend's and January's
    assert "+" in marks  # June, realized outside the plan


@pytest.mark.parametrize(("paper", "size"), [("a4", (841.9, 595.3)), ("f4", (935.4, 609.4))])
def test_the_paper_is_landscape_a4_or_f4(client, users, paper, size):
    width, height = pdf_helpers.page_size_pt(download(client, users["staf"], paper))
    assert (round(width, 1), round(height, 1)) == size and width > height


def test_an_unknown_paper_falls_back_to_a4(client, users):
    width, _height = pdf_helpers.page_size_pt(download(client, users["staf"], "letter"))
    assert round(width, 1) == 841.9


def test_a_draft_says_draft(draft):
    text = pdf_helpers.text(draft)
    assert "DRAFT" in text and "belum ditandatangani" in text


def test_fonts_are_embedded(draft):
    fonts = pdf_helpers._run(["pdffonts"], draft).splitlines()[2:]
    assert fonts and all(" yes " in line for line in fonts)


def test_nothing_is_fetched_while_rendering(monkeypatch):
    import urllib.request

    from reports.pdf import render_pdf

    opened = []
    real_open = urllib.request.OpenerDirector.open
    monkeypatch.setattr(
        urllib.request.OpenerDirector,
        "open",
        lambda self, url, *a, **k: opened.append(url) or real_open(self, url, *a, **k),
    )
    html = (
        '<link rel="stylesheet" href="https://cdn.example/a.css">'
        '<img src="http://127.0.0.1:9/x.png"><img src="file:///etc/hostname">'
        '<p style="background: url(https://cdn.example/b.png)">x</p>'
    )
    assert render_pdf(html).startswith(b"%PDF")
    assert opened == []
    for url in ["http://example.com/x.png", "file:///etc/passwd"]:
        with pytest.raises(ValueError):
            local_only_fetcher().fetch(url)


@pytest.mark.parametrize("role", ["staf", "ketua_tim", "ketua", "penilai", "admin"])
def test_members_download_and_outsiders_do_not(client, users, role):
    login(client, users[role])
    assert client.get(URL).status_code == 200
    login(client, users["outsider"])
    assert client.get(URL).status_code == 404


def test_a_draft_is_rendered_once_per_state(client, users, plan):
    first = download(client, users["ketua"])
    assert download(client, users["staf"]) == first
    assert MatrixRender.objects.count() == 1
    old = MatrixRender.objects.get()
    login(client, users["ketua_tim"])
    requirement = Requirement.objects.filter(indicator__component__plan=plan, cells__planned=True)[
        0
    ]
    client.post(
        month_url(requirement, 1, "realization"),
        {"realized": "1", "expected": "0", "note": "Selesai"},
    )
    download(client, users["ketua"])
    render = MatrixRender.objects.get()  # the older state's draft is gone
    assert render.fingerprint != old.fingerprint
    assert not old.file.storage.exists(old.file.name)


def test_a_large_plan_renders_in_the_background_with_progress(client, users, plan, settings):
    from django_tasks_db.models import DBTaskResult

    from tests.task_helpers import run_pending_tasks

    settings.PDF_BACKGROUND_ROWS = 10
    login(client, users["ketua"])
    response = client.get(URL)
    assert response.status_code == 202
    assert "Membuat PDF matriks" in response.content.decode()
    job = MatrixRender.objects.get()
    status_url = f"/plans/pn-sarolangun/2021/matrix.pdf/status/{job.pk}/"
    partial = client.get(status_url, HTTP_HX_REQUEST="true").content.decode()
    assert 'role="progressbar"' in partial
    assert "Menunggu" in partial  # queued: no worker has taken it yet
    assert client.get(URL).status_code == 202  # still queued: no second job starts
    assert DBTaskResult.objects.count() == 1
    assert run_pending_tasks() == 1
    done = client.get(status_url, HTTP_HX_REQUEST="true")
    assert done["HX-Redirect"] == f"{URL}?paper=a4"
    assert client.get(URL).status_code == 200


def test_a_failed_background_render_is_retried_later_then_fails_for_good(
    client, users, plan, settings, monkeypatch
):
    import time_machine
    from django.utils import timezone

    from reports import jobs
    from tests.task_helpers import run_pending_tasks

    settings.PDF_BACKGROUND_ROWS = 10
    settings.TASK_RETRY_DELAYS = [30, 120]
    attempts = []

    def broken(html):
        attempts.append(timezone.now())
        raise RuntimeError("font missing")

    monkeypatch.setattr(jobs, "render_pdf", broken)
    login(client, users["ketua"])
    assert client.get(URL).status_code == 202
    job = MatrixRender.objects.get()
    status_url = f"/plans/pn-sarolangun/2021/matrix.pdf/status/{job.pk}/"
    assert run_pending_tasks() == 1
    assert run_pending_tasks() == 0  # the next attempt waits for its delay
    partial = client.get(status_url, HTTP_HX_REQUEST="true").content.decode()
    assert "Percobaan 1 dari 3 gagal" in partial and "font missing" in partial
    with time_machine.travel(timezone.now() + timezone.timedelta(seconds=31)):
        assert run_pending_tasks() == 1
    with time_machine.travel(timezone.now() + timezone.timedelta(seconds=152)):
        assert run_pending_tasks() == 1
        assert len(attempts) == 3
        job.refresh_from_db()
        assert job.status == MatrixRender.Status.FAILED and job.error == "font missing"
        assert client.get(status_url, HTTP_HX_REQUEST="true")["HX-Redirect"]
        assert client.get(URL).status_code == 500  # says it failed, offers to try again


def test_a_render_whose_worker_died_is_started_again(client, users, plan, settings):
    from django.utils import timezone
    from django_tasks_db.models import DBTaskResult

    from tests.task_helpers import run_pending_tasks

    settings.PDF_BACKGROUND_ROWS = 10
    login(client, users["ketua"])
    client.get(URL)
    # A worker took the job and was killed: the job stays "running" with nobody on it.
    DBTaskResult.objects.update(
        status="RUNNING", started_at=timezone.now() - timezone.timedelta(hours=1)
    )
    assert client.get(URL).status_code == 202  # claimed again, a new job queued
    assert DBTaskResult.objects.filter(status="READY").count() == 1
    assert run_pending_tasks() == 1
    assert client.get(URL).status_code == 200


def test_a_job_for_a_state_the_plan_has_left_is_dropped(client, users, plan, settings):
    from components.models import Cell
    from tests.task_helpers import run_pending_tasks

    settings.PDF_BACKGROUND_ROWS = 10
    login(client, users["ketua"])
    client.get(URL)
    job = MatrixRender.objects.get()
    Cell.objects.filter(planned=True).update(realized=True)  # the plan moves on meanwhile
    run_pending_tasks()
    assert not MatrixRender.objects.filter(pk=job.pk).exists()
    status_url = f"/plans/pn-sarolangun/2021/matrix.pdf/status/{job.pk}/"
    assert client.get(status_url, HTTP_HX_REQUEST="true")["HX-Redirect"] == f"{URL}?paper=a4"


def test_the_print_preview_is_the_same_document(client, users):
    login(client, users["penilai"])
    html = client.get("/plans/pn-sarolangun/2021/matrix/print/", {"paper": "f4"}).content.decode()
    assert "KEGIATAN PEMBANGUNAN ZONA INTEGRITAS" in html
    assert "size: 330mm 215mm" in html
    assert (
        "data-zi-print" in html and "js/common.js" in html
    )  # the Print button, without inline script
    login(client, users["outsider"])
    assert client.get("/plans/pn-sarolangun/2021/matrix/print/").status_code == 404


def test_the_pdf_of_a_plan_ten_times_larger_holds_every_row(client, plan, satker, settings):
    settings.PDF_BACKGROUND_ROWS = 10_000
    from components.models import Role
    from tests.factories import make_satker, make_user, replicate_plan

    big_satker = make_satker("pn-besar", "Pengadilan Negeri Besar")
    big = replicate_plan(plan, big_satker, 2021, copies=10)
    login(client, make_user("besar", big_satker, Role.KETUA))
    response = client.get("/plans/pn-besar/2021/matrix.pdf")
    data = b"".join(response.streaming_content)
    pages = int(pdf_helpers.info(data)["Pages"])
    assert pages > 30
    text = pdf_helpers.text(data)
    assert f"Halaman {pages} dari {pages}" in text
    assert text.count("Undangan rapat") >= 10
    assert big.components.count() == 7


# session, user, plan, membership, version in force, the matrix (5), the cached draft
def test_a_cached_draft_costs_a_fixed_number_of_queries(client, users, django_assert_num_queries):
    download(client, users["ketua"])
    with django_assert_num_queries(11):
        assert client.get(URL).status_code == 200


def test_a_failed_render_says_so_and_is_retried_only_when_asked(client, users, monkeypatch):
    from reports import jobs

    attempts = []

    def broken(html):
        attempts.append(1)
        raise RuntimeError("font missing")

    monkeypatch.setattr(jobs, "render_pdf", broken)
    login(client, users["ketua"])
    response = client.get(URL)
    assert response.status_code == 500
    html = response.content.decode()
    assert "PDF tidak dapat dibuat" in html and "retry=1" in html
    assert client.get(URL).status_code == 500
    assert len(attempts) == 1  # not retried by itself: no loop
    client.get(URL, {"retry": "1"})
    assert len(attempts) == 2
    assert MatrixRender.objects.get().error == "font missing"


def test_a_render_taken_over_by_a_newer_attempt_leaves_no_orphan(users, plan, media_root):
    from django.utils import timezone

    from reports import jobs

    job = jobs.draft_render(plan, "a4")
    old_start = job.started_at
    MatrixRender.objects.filter(pk=job.pk).update(
        status="running", started_at=timezone.now(), file=""
    )  # a newer attempt claimed it
    before = set(media_root.rglob("*.pdf"))
    jobs._render(job.pk, old_start, "<p>late</p>")
    assert set(media_root.rglob("*.pdf")) == before
    assert MatrixRender.objects.get().status == "running"
