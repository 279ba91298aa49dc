"""The review queue does the review: previews, both decisions in place, filters, several at once."""

import pytest

from components.models import Cell, Indicator
from evidence import previews
from evidence.models import Activity, EvidenceFile
from evidence.services import assign_pic
from tests import samples
from tests.evidence_helpers import BASE, file_url, login, upload
from tests.factories import make_files

pytestmark = pytest.mark.django_db

QUEUE = f"{BASE}review/"
HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def waiting(client, users, requirement):
    """A photo, a PDF and a Word file awaiting review in 1.2's first row, JAN."""
    login(client, users["staf"])
    upload(
        client,
        requirement,
        [("foto.jpg", samples.jpeg()), ("notula.pdf", samples.pdf()), ("sk.docx", samples.docx())],
    )
    login(client, users["ketua_tim"])
    return {f.original_name: f for f in EvidenceFile.objects.all()}


def thumbnail(f):
    return f'src="{file_url(f, "thumbnail")}"'


def test_it_previews_photos_and_pdfs_and_shows_an_icon_for_others(client, waiting):
    html = client.get(QUEUE).content.decode()
    assert thumbnail(waiting["foto.jpg"]) in html and thumbnail(waiting["notula.pdf"]) in html
    assert thumbnail(waiting["sk.docx"]) not in html and "zi-file-icon" in html
    assert html.count("tanggal kegiatan 20 Januari 2021") == 3  # the date the reviewer checks


def test_a_pdfs_first_page_is_rendered_once_and_kept(client, waiting, media_root, monkeypatch):
    pdf = waiting["notula.pdf"]
    response = client.get(file_url(pdf, "thumbnail"))
    assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"
    assert b"".join(response.streaming_content)[:3] == b"\xff\xd8\xff"
    assert (media_root / previews.preview_name(pdf)).is_file()

    def no_second_render(*args, **kwargs):
        raise AssertionError("rendered again")

    monkeypatch.setattr(previews.subprocess, "run", no_second_render)
    assert client.get(file_url(pdf, "thumbnail")).status_code == 200


def test_a_pdf_poppler_cannot_render_has_no_preview(client, waiting, monkeypatch):
    monkeypatch.setattr(previews.shutil, "which", lambda name: None)
    assert client.get(file_url(waiting["notula.pdf"], "thumbnail")).status_code == 404
    assert client.get(file_url(waiting["sk.docx"], "thumbnail")).status_code == 404


def test_it_approves_in_place_and_updates_the_row_and_the_count(client, waiting):
    photo = waiting["foto.jpg"]
    data = {"decision": "approve", "next": "review"}
    response = client.post(file_url(photo, "review"), data, **HTMX)
    html = response.content.decode()
    photo.refresh_from_db()
    assert photo.status == "approved"
    assert f'id="review-{photo.pk}"' in html and 'data-status="approved"' in html
    assert 'id="review-count" hx-swap-oob="true">2<' in html
    assert Activity.objects.filter(file=photo, action="approve").count() == 1


def test_returning_needs_a_note_and_says_so_in_the_row(client, waiting):
    pdf = waiting["notula.pdf"]
    url = file_url(pdf, "review")
    response = client.post(url, {"decision": "return", "note": " ", "next": "review"}, **HTMX)
    assert 'role="alert"' in response.content.decode()
    pdf.refresh_from_db()
    assert pdf.status == "pending"
    data = {"decision": "return", "note": "Tanpa tanda tangan", "next": "review"}
    html = client.post(url, data, **HTMX).content.decode()
    pdf.refresh_from_db()
    assert pdf.status == "returned" and "Tanpa tanda tangan" in html


def test_without_htmx_a_decision_returns_to_the_filtered_queue(client, waiting):
    data = {"decision": "approve", "next": "review", "month": "1", "component": "x"}
    response = client.post(file_url(waiting["foto.jpg"], "review"), data)
    assert response.status_code == 302 and response.url == f"{QUEUE}?month=1"


def test_several_files_are_approved_at_once_each_logged(client, users, waiting):
    chosen = [waiting["foto.jpg"], waiting["sk.docx"]]
    response = client.post(
        f"{QUEUE}approve/", {"files": [str(f.pk) for f in chosen], "month": "1"}, follow=True
    )
    assert response.redirect_chain[-1][0] == f"{QUEUE}?month=1"
    statuses = dict(EvidenceFile.objects.values_list("original_name", "status"))
    assert statuses == {"foto.jpg": "approved", "sk.docx": "approved", "notula.pdf": "pending"}
    entries = Activity.objects.filter(action="approve", user=users["ketua_tim"])
    assert sorted(entries.values_list("file__original_name", flat=True)) == ["foto.jpg", "sk.docx"]
    assert list(response.context["files"]) == [waiting["notula.pdf"]]


def test_approving_nothing_or_decided_files_says_so(client, waiting):
    response = client.post(f"{QUEUE}approve/", {}, follow=True)
    assert not EvidenceFile.objects.filter(status="approved").exists()
    assert [m.level_tag for m in response.context["messages"]] == ["error"]
    photo = waiting["foto.jpg"]
    client.post(f"{QUEUE}approve/", {"files": [str(photo.pk)]}, follow=True)
    response = client.post(f"{QUEUE}approve/", {"files": [str(photo.pk)]}, follow=True)
    assert Activity.objects.filter(file=photo, action="approve").count() == 1
    assert [m.level_tag for m in response.context["messages"]] == ["error"]


def test_files_of_another_plan_are_not_approved(client, users, waiting, other_satker):
    from tests.factories import make_user

    outsider = make_user("lead-lain", other_satker, "ketua_tim")
    login(client, outsider)
    photo = waiting["foto.jpg"]
    assert client.post(f"{QUEUE}approve/", {"files": [str(photo.pk)]}).status_code == 404
    photo.refresh_from_db()
    assert photo.status == "pending"


@pytest.mark.parametrize("role", ["staf", "ketua", "penilai"])
def test_only_the_team_lead_approves_several(client, users, waiting, role):
    login(client, users[role])
    photo = waiting["foto.jpg"]
    assert client.post(f"{QUEUE}approve/", {"files": [str(photo.pk)]}).status_code == 403
    photo.refresh_from_db()
    assert photo.status == "pending"


def test_approving_several_is_a_post(client, waiting):
    assert client.get(f"{QUEUE}approve/").status_code == 405


def test_it_filters_by_component_month_and_pic(client, users, plan, requirement, waiting):
    other = Indicator.objects.get(component__plan=plan, component__number=2, number=1)
    cell = Cell.objects.filter(requirement__indicator=other).order_by("month").first()
    [far] = make_files(cell, users["ketua_tim"], 1)

    def shown(**filters):
        return {f.original_name for f in client.get(QUEUE, filters).context["files"]}

    assert shown() == {"foto.jpg", "notula.pdf", "sk.docx", far.original_name}
    assert shown(component=2) == {far.original_name}
    assert shown(month=1, component=1) == {"foto.jpg", "notula.pdf", "sk.docx"}
    assert shown(pic=users["staf"].pk) == {"foto.jpg", "notula.pdf", "sk.docx"}
    assert shown(month=cell.month + 1, component=2) == set()
    # an unknown choice is no filter at all, never an error
    assert client.get(QUEUE, {"pic": "999999"}).status_code == 200


def test_every_action_is_a_button_link_or_checkbox(client, waiting):
    html = client.get(QUEUE).content.decode()
    assert "onclick" not in html and "<script>" not in html
    assert html.count('class="form-check-input zi-review-pick"') == 3
    assert html.count("<summary") == 3  # "Return…" opens with Enter or Space


def test_its_queries_do_not_grow_with_the_files(client, users, plan, django_assert_num_queries):
    cells = Cell.objects.filter(requirement__indicator__component__plan=plan, planned=True)
    indicator = Indicator.objects.get(component__plan=plan, component__number=1, number=1)
    assign_pic(plan=plan, indicator=indicator, step=None, person=users["staf"], user=users["staf"])
    login(client, users["ketua_tim"])
    for n in (1, 10):
        for cell in cells.select_related("requirement__indicator__component__plan")[:5]:
            make_files(cell, users["staf"], n)
        # session, user, plan, membership; components and PICs (filter choices), the
        # files with their rows and uploaders, the count of all waiting files
        with django_assert_num_queries(8):
            assert client.get(QUEUE, {"month": "1"}).status_code == 200


def test_the_rows_carry_the_filters_for_a_decision_without_javascript(client, waiting):
    html = client.get(QUEUE, {"month": "1"}).content.decode()
    assert html.count('<input type="hidden" name="month" value="1">') == 1 + 2 * 3
