"""The surveys' IPKP and IPAK fill the LKE's hasil, with the survey as their source."""

import pytest
from django.urls import reverse

from assessment.models import Answer, LkeFramework, LkeQuestion, Tier
from assessment.services import start_assessment
from tests.survey_helpers import answer_all, make_survey

# Asserts on the English source strings; test_survey_indonesian.py reads the Indonesian.
pytestmark = pytest.mark.usefixtures("english")


@pytest.fixture
def assessment(satker, plan, users):
    framework = LkeFramework.newest("90/2021")
    return start_assessment(satker=satker, year=2021, framework=framework, wbk_held=False,
                            plan=plan, by=users["ketua_tim"])  # fmt: skip


def url():
    return reverse("assessment_from_surveys", args=["pn-sarolangun", 2021])


def unit_answer(assessment, role):
    question = LkeQuestion.objects.get(node__framework=assessment.framework, hasil_role=role)
    return Answer.objects.get(assessment=assessment, question=question, tier=Tier.UNIT)


def test_the_team_lead_takes_ipkp_and_ipak_from_the_survey(client, users, satker, assessment):
    survey = make_survey(satker, "2021-Q4", population=100)
    answer_all(survey, 3, ipkp=3, ipak=4)
    answer_all(survey, 1, ipkp=4, ipak=3)
    client.force_login(users["ketua_tim"])
    response = client.post(url(), follow=True)
    ipkp, ipak = unit_answer(assessment, "ipkp"), unit_answer(assessment, "ipak")
    assert (ipkp.value, ipak.value) == ("3.2500", "3.7500")
    assert ipkp.source.startswith("Survey 2021-Q4: 4 respondents (minimum sample 80)")
    assert "short of the minimum sample" in ipkp.source
    page = response.content.decode()
    assert "fall short of the minimum sample (4 of 80)" in page
    assessment.refresh_from_db()
    assert "Survey 2021-Q4" in page  # the source beside the answer


def test_without_responses_it_says_so_and_changes_nothing(client, users, satker, assessment):
    make_survey(satker, "2021-Q4")
    client.force_login(users["ketua_tim"])
    response = client.post(url(), follow=True)
    assert "No survey of this year has responses" in response.content.decode()
    assert not Answer.objects.filter(assessment=assessment).exists()


@pytest.mark.parametrize("role", ["staf", "ketua", "penilai"])
def test_other_roles_are_refused(client, users, satker, assessment, role):
    answer_all(make_survey(satker), 1)
    client.force_login(users[role])
    assert client.post(url()).status_code == 403
    assert not Answer.objects.filter(assessment=assessment).exists()


def test_outsiders_get_404_and_get_is_refused(client, users, assessment):
    client.force_login(users["outsider"])
    assert client.post(url()).status_code == 404
    client.force_login(users["ketua_tim"])
    assert client.get(url()).status_code == 405


def test_it_costs_fixed_queries(client, users, satker, assessment, django_assert_num_queries):
    from assessment.tree import framework_tree

    answer_all(make_survey(satker, population=10), 50)
    framework_tree(assessment.framework)  # read once per process, as in production
    client.force_login(users["ketua_tim"])
    # access (4), assessment, the survey and its figures (4), then per question (two)
    # record_answer with its lock, log and totals, and the source; fixed whatever the responses
    with django_assert_num_queries(34):
        client.post(url())
    assert unit_answer(assessment, "ipak").value == "4.0000"
