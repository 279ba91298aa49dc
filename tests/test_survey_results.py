"""The survey figures as PermenPANRB 14/2017 computes them, checked against hand-computed sets."""

import pytest

from surveys.models import Kind
from surveys.results import (
    ikm_grade,
    minimum_sample,
    period_results_for_lke,
    survey_results,
    trend,
    year_results,
)
from tests.survey_helpers import answer_all, make_survey

# Asserts on the English source strings; test_survey_indonesian.py reads the Indonesian.
pytestmark = pytest.mark.usefixtures("english")


@pytest.mark.parametrize(
    "ikm, grade",
    [
        (100, "A"), (88.31, "A"), (88.30, "B"), (76.61, "B"), (76.60, "C"),
        (65.00, "C"), (64.99, "D"), (25.00, "D"),
    ],
)  # fmt: skip
def test_it_grades_the_ikm_at_the_regulations_boundaries(ikm, grade):
    assert ikm_grade(ikm)[0] == grade


def test_it_reads_the_grade_from_the_published_two_decimals():
    assert ikm_grade(88.305)[0] == "A"  # published as 88.31
    assert ikm_grade(88.3049)[0] == "B"


@pytest.mark.parametrize(
    "population, sample", [(10, 10), (100, 80), (400, 196), (500, 217), (1000, 278), (10**6, 384)]
)
def test_it_takes_krejcie_and_morgans_minimum_sample(population, sample):
    assert minimum_sample(population) == sample


def test_it_gives_100_and_grade_a_when_every_answer_is_4(satker):
    survey = make_survey(satker)
    answer_all(survey, 3)
    results = survey_results(survey)
    assert results.ikm == 100.0
    assert (results.grade, str(results.grade_label)) == ("A", "Very good")
    assert results.ipkp.value == 4.0 and results.ipkp.x25 == 100.0
    assert str(results.ipak.category) == "Very clean"
    assert results.respondents == 3


def test_it_computes_nrr_per_element_and_the_ikm_from_them(satker):
    survey = make_survey(satker)
    answer_all(survey, 1, ikm=[4, 3, 3, 2, 4, 4, 3, 1, 2], ipkp=3, ipak=2)
    answer_all(survey, 3, ikm=[3, 3, 4, 2, 4, 3, 3, 2, 2], ipkp=4, ipak=3)
    results = survey_results(survey)
    nrr = [e.nrr for e in results.elements]
    assert nrr == [3.25, 3.0, 3.75, 2.0, 4.0, 3.25, 3.0, 1.75, 2.0]
    assert results.ikm == pytest.approx(sum(nrr) / 9 * 25)  # 72.222...: grade C
    assert results.grade == "C"
    assert results.ipkp.value == 3.75
    assert results.ipak.value == 2.75 and str(results.ipak.category) == "Clean"


def test_it_says_when_respondents_fall_short_of_the_minimum_sample(satker):
    survey = make_survey(satker, population=100)
    answer_all(survey, 79)
    results = survey_results(survey)
    assert (results.minimum, results.short_of_sample) == (80, True)
    answer_all(survey, 1)
    assert survey_results(survey).short_of_sample is False


def test_it_leaves_the_figures_empty_without_responses(satker):
    results = survey_results(make_survey(satker))
    assert (results.respondents, results.ikm, results.grade, results.ipkp.value) == (
        0, None, None, None,
    )  # fmt: skip


def test_it_costs_three_queries_for_ten_thousand_responses(satker, django_assert_num_queries):
    survey = make_survey(satker)
    answer_all(survey, 10_000, ikm=3)
    with django_assert_num_queries(3):  # items, means per item, respondents
        results = survey_results(survey)
    assert results.respondents == 10_000 and results.ikm == 75.0


def test_it_combines_the_years_surveys_and_draws_the_trend(satker):
    first = make_survey(satker, "2021-S1", population=50)
    second = make_survey(satker, "2021-S2", population=50)
    answer_all(first, 2, ikm=4, ipkp=4, ipak=4)
    answer_all(second, 2, ikm=2, ipkp=2, ipak=3)
    year = year_results(satker, 2021)
    assert (year.respondents, year.ikm, year.ipkp.value, year.ipak.value) == (4, 75.0, 3.0, 3.5)
    assert year.minimum == minimum_sample(100)
    assert trend(satker) == [("2021-S1", 100.0, 4.0, 4.0), ("2021-S2", 50.0, 2.0, 3.0)]


def test_it_feeds_the_lke_the_latest_survey_with_responses(satker):
    assert period_results_for_lke(satker, 2021) is None
    answered = make_survey(satker, "2021-Q3", population=1000)
    make_survey(satker, "2021-Q4")  # later, still without responses
    answer_all(answered, 5, ipkp=3, ipak=4)
    feed = period_results_for_lke(satker, 2021)
    assert (feed["survey"], feed["ipkp"], feed["ipak"]) == (answered, 3.0, 4.0)
    assert feed["short_of_sample"] is True and feed["minimum"] == 278


def test_it_creates_the_nine_elements_as_the_regulation_names_them(satker):
    survey = make_survey(satker)
    names = list(survey.items.filter(kind=Kind.IKM).values_list("name", flat=True))
    assert names == [
        "Persyaratan", "Sistem, Mekanisme, dan Prosedur", "Waktu Penyelesaian", "Biaya/Tarif",
        "Produk Spesifikasi Jenis Pelayanan", "Kompetensi Pelaksana", "Perilaku Pelaksana",
        "Penanganan Pengaduan, Saran dan Masukan", "Sarana dan Prasarana",
    ]  # fmt: skip
    assert all(len(item.labels) == 4 for item in survey.items.all())


def test_it_keeps_responses_append_only(satker):
    from django.core.exceptions import ValidationError
    from django.db import IntegrityError, transaction

    from surveys.models import Answer, Response

    survey = make_survey(satker)
    [response] = answer_all(survey, 1)
    with pytest.raises(ValidationError):
        response.save()
    with pytest.raises(ValidationError):
        response.delete()
    answer = response.answers.first()
    with pytest.raises(IntegrityError), transaction.atomic():
        fresh = Response.objects.create(survey=survey)
        Answer.objects.create(response=fresh, item=survey.items.last(), value=5)
    assert answer.value == 4
