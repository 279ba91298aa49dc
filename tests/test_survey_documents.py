"""The survey report (PDF, Excel), the QR poster and the report attached as evidence."""

import io
import uuid

import pytest
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from evidence.models import EvidenceFile
from surveys.models import Sex, Survey
from surveys.report import PROFILE_TITLES
from tests import pdf_helpers
from tests.survey_helpers import answer_all, make_survey

# Asserts on the English source strings; test_survey_indonesian.py reads the Indonesian.
pytestmark = pytest.mark.usefixtures("english")

REFUSED = ["staf", "ketua", "penilai"]


@pytest.fixture
def survey(satker):
    survey = make_survey(satker, "2021-Q4", population=100)
    answer_all(survey, 4, ikm=[4, 4, 4, 4, 4, 4, 4, 4, 3], ipkp=3, ipak=4, sex="p")
    return survey


def url(survey, name):
    return reverse(name, args=[survey.satker.slug, survey.period])


@pytest.mark.parametrize("role", ["staf", "ketua", "penilai", "ketua_tim"])
def test_members_and_evaluators_download_the_report(client, users, survey, role):
    client.force_login(users[role])
    response = client.get(url(survey, "survey_pdf"))
    assert response["Content-Type"] == "application/pdf"
    text = pdf_helpers.text(response.content)
    assert "LAPORAN HASIL SURVEI PELAYANAN" in text
    assert "Persyaratan" in text and "97,22" in text
    assert "Sarana dan Prasarana" in text


def test_the_excel_report_holds_the_figures(client, users, survey):
    client.force_login(users["ketua"])
    response = client.get(url(survey, "survey_xlsx"))
    assert "attachment" in response["Content-Disposition"]
    book = load_workbook(io.BytesIO(response.content))
    summary = {row[0]: row[1:] for row in book["Ringkasan"].iter_rows(values_only=True)}
    assert summary["Responden"][0] == 4
    assert summary["IKM"][0] == pytest.approx((8 * 4 + 3) / 9 * 25)
    assert summary["IKM"][1] == "A"
    assert summary["IPKP (1-4)"][0] == 3
    elements = list(book["Unsur IKM"].iter_rows(min_row=2, values_only=True))
    assert elements[8] == ("U9", "Sarana dan Prasarana", 4, 3)
    profile = list(book["Responden"].iter_rows(min_row=2, values_only=True))
    with translation.override("id"):  # the report's language
        assert (str(PROFILE_TITLES["sex"]), str(Sex.FEMALE.label), 4) in profile


def test_the_poster_carries_the_questionnaires_address(client, users, survey):
    client.force_login(users["ketua_tim"])
    response = client.get(url(survey, "survey_poster"))
    text = pdf_helpers.text(response.content)
    assert "http://testserver/survei/pn-sarolangun/2021-Q4/" in text
    assert "Pindai kode QR" in text


@pytest.mark.parametrize("name", ["survey_pdf", "survey_xlsx", "survey_poster"])
def test_documents_refuse_outsiders_and_posts(client, users, survey, name):
    client.force_login(users["outsider"])
    assert client.get(url(survey, name)).status_code == 404
    client.force_login(users["ketua_tim"])
    assert client.post(url(survey, name)).status_code == 405


def test_the_pdf_costs_fixed_queries(client, users, survey, django_assert_num_queries):
    client.force_login(users["ketua"])
    with django_assert_num_queries(19):  # as the results page
        client.get(url(survey, "survey_pdf"))


def survey_row(plan):
    from components.models import Requirement

    return Requirement.objects.filter(
        indicator__component__plan=plan, text__icontains="survei"
    ).first()


def test_one_click_attaches_the_report_to_the_row_the_team_lead_picks(client, users, survey, plan):
    client.force_login(users["ketua_tim"])
    page = client.get(url(survey, "survey_results"))
    form = page.context["attach_form"]
    row = survey_row(plan)
    assert form.fields["requirement"].choices[0][0] == row.pk  # survey rows come first
    data = {"requirement": row.pk, "month": 12, "submission": str(uuid.uuid4())}
    response = client.post(url(survey, "survey_attach"), data)
    stored = EvidenceFile.objects.get()
    assert (stored.cell.requirement, stored.cell.month, stored.status) == (row, 12, "pending")
    assert stored.original_name == "laporan-survei-pn-sarolangun-2021-Q4.pdf"
    assert response.url.endswith(f"/evidence/{row.pk}/12/")
    again = client.post(url(survey, "survey_attach"), data, follow=True)  # double click
    assert again.status_code == 200 and EvidenceFile.objects.count() == 1


def test_without_a_plan_that_year_it_says_why_there_is_nothing_to_attach_to(client, users, satker):
    lone = make_survey(satker, "2026-Q4")  # no 2026 plan
    client.force_login(users["ketua_tim"])
    page = client.get(url(lone, "survey_results")).content.decode()
    assert "a row of the 2026 action plan; this unit has none yet" in page
    assert "Attach the report as evidence" not in page


def test_attaching_refuses_a_row_of_another_plan(client, users, survey, other_satker):
    from tests.factories import make_plan

    other = make_plan(other_satker, 2021)
    foreign = survey_row(other) or other.components.first().indicators.first().requirements.first()
    client.force_login(users["ketua_tim"])
    data = {"requirement": foreign.pk, "month": 12, "submission": str(uuid.uuid4())}
    response = client.post(url(survey, "survey_attach"), data, follow=True)
    assert "Pick a row" in response.content.decode()
    assert EvidenceFile.objects.count() == 0


@pytest.mark.parametrize("role", REFUSED)
def test_attaching_is_the_team_leads(client, users, survey, plan, role):
    client.force_login(users[role])
    data = {"requirement": survey_row(plan).pk, "month": 12, "submission": str(uuid.uuid4())}
    assert client.post(url(survey, "survey_attach"), data).status_code == 403
    client.force_login(users["outsider"])
    assert client.post(url(survey, "survey_attach"), data).status_code == 404
    assert client.get(url(survey, "survey_attach")).status_code == 405
    assert EvidenceFile.objects.count() == 0
    assert Survey.objects.count() == 1
