"""File lines in the month panel: less noise for staff, a preview for every PDF."""

import pytest

from evidence.models import EvidenceFile
from tests import samples
from tests.evidence_helpers import file_url, login, month_url, upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def pdf(client, users, requirement):
    login(client, users["staf"])
    upload(client, requirement, [("notula.pdf", samples.pdf())])
    return EvidenceFile.objects.get()


def test_staff_see_the_sha256_behind_a_toggle(client, users, requirement, pdf):
    html = client.get(month_url(requirement)).content.decode()
    toggle = html.index('class="small text-body-secondary zi-sha-details"')
    assert html.index(pdf.sha256) > toggle  # the full hash, inside the closed <details>
    assert f"SHA-256 {pdf.sha256[:12]}…" not in html


@pytest.mark.parametrize("role", ["ketua_tim", "penilai", "admin"])
def test_the_team_lead_and_evaluators_see_it_on_the_line(client, users, requirement, pdf, role):
    login(client, users[role])
    html = client.get(month_url(requirement)).content.decode()
    assert f"SHA-256 {pdf.sha256[:12]}…" in html and "zi-sha-details" not in html


def test_a_pdf_has_its_first_page_as_thumbnail_in_the_month_panel(client, requirement, pdf):
    html = client.get(month_url(requirement), HTTP_HX_REQUEST="true").content.decode()
    assert f'src="{file_url(pdf, "thumbnail")}"' in html
    response = client.get(file_url(pdf, "thumbnail"))
    assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"
