"""A file returned for revision stays in sight until a revision answers it or it is withdrawn.

On the PIC's task list (its own group, with the team lead's note), on the matrix cell even
once the month is ticked, and ticking a month with open files asks for a confirmation.
"""

import pytest

from components.models import Cell
from evidence import services
from evidence.models import EvidenceFile
from tests import samples
from tests.evidence_helpers import BASE, file_url, login, month_url, upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def returned(client, users, requirement):
    """foto.jpg, uploaded by staf for JAN and returned by the team lead; the month ticked."""
    login(client, users["staf"])
    upload(client, requirement)
    photo = EvidenceFile.objects.get()
    lead = users["ketua_tim"]
    services.review_file(evidence_file=photo, user=lead, approve=False, note="Foto buram")
    services.set_realized(
        requirement=requirement,
        month=1,
        user=lead,
        realized=True,
        note="Notula ada di arsip",
        expected=False,
        confirm_open=True,
    )
    return photo


def matrix_cell(html, requirement_id, month):
    start = html.index(f'id="m-{requirement_id}-{month}"')
    return html[html.rindex("<td", 0, start) : html.index("</td>", start)]


def to_revise(client):
    return client.get("/tasks/").context["to_revise"]


def test_it_stays_on_the_pics_tasks_with_the_note_after_the_month_is_ticked(
    client, users, returned
):
    login(client, users["staf"])
    response = client.get("/tasks/")
    assert response.context["to_revise"] == [returned]
    html = response.content.decode()
    assert 'id="to-revise"' in html and "Foto buram" in html and "foto.jpg" in html
    assert f"{month_url(returned.cell.requirement)}#file-{returned.pk}" in html


def test_it_leaves_the_tasks_once_a_revision_is_uploaded(client, users, requirement, returned):
    login(client, users["staf"])
    upload(client, requirement, [("foto-2.jpg", samples.jpeg())], revision_of=str(returned.pk))
    returned.refresh_from_db()
    assert returned.status == "revised"
    assert to_revise(client) == []


def test_it_leaves_the_tasks_once_withdrawn(client, users, returned):
    login(client, users["staf"])
    client.post(file_url(returned, "withdraw"), {"reason": "Salah bulan"})
    assert to_revise(client) == []


def test_other_peoples_returned_files_are_not_on_my_list(client, users, returned):
    login(client, users["penilai"])
    assert to_revise(client) == []


def test_the_ticked_matrix_cell_shows_a_file_awaits_revision(client, users, returned):
    login(client, users["penilai"])
    td = matrix_cell(client.get(f"{BASE}matrix/").content.decode(), returned.cell.requirement_id, 1)
    assert "realized" in td and "zi-revise" in td and "zi-revise-mark" in td
    assert "1 berkas" in td  # the label counts it


def test_a_ticked_month_without_returned_files_has_no_revision_mark(client, users, requirement):
    services.set_realized(
        requirement=requirement,
        month=1,
        user=users["ketua_tim"],
        realized=True,
        note="Ada di arsip",
        expected=False,
    )
    login(client, users["penilai"])
    td = matrix_cell(client.get(f"{BASE}matrix/").content.decode(), requirement.pk, 1)
    assert "realized" in td and "zi-revise" not in td


def test_ticking_a_month_with_open_files_asks_to_confirm_and_names_them(client, users, requirement):
    login(client, users["staf"])
    upload(client, requirement, [("undangan.pdf", samples.pdf()), ("foto.jpg", samples.jpeg())])
    invitation = EvidenceFile.objects.get(original_name="undangan.pdf")
    services.review_file(
        evidence_file=invitation, user=users["ketua_tim"], approve=False, note="Tanpa stempel"
    )
    login(client, users["ketua_tim"])
    panel = client.get(month_url(requirement)).content.decode()
    assert 'name="confirm_open"' in panel and "undangan.pdf" in panel and "foto.jpg" in panel

    data = {"realized": "1", "expected": "0", "note": "Ada notula"}
    response = client.post(month_url(requirement, 1, "realization"), data, follow=True)
    page = response.content.decode()
    assert "undangan.pdf, foto.jpg" in page or "foto.jpg, undangan.pdf" in page
    assert not Cell.objects.get(requirement=requirement, month=1).realized

    client.post(month_url(requirement, 1, "realization"), {**data, "confirm_open": "on"})
    assert Cell.objects.get(requirement=requirement, month=1).realized


def test_a_month_with_only_approved_files_ticks_without_confirming(client, users, requirement):
    login(client, users["staf"])
    upload(client, requirement)
    photo = EvidenceFile.objects.get()
    services.review_file(evidence_file=photo, user=users["ketua_tim"], approve=True)
    login(client, users["ketua_tim"])
    assert 'name="confirm_open"' not in client.get(month_url(requirement)).content.decode()
    client.post(month_url(requirement, 1, "realization"), {"realized": "1", "expected": "0"})
    assert Cell.objects.get(requirement=requirement, month=1).realized
