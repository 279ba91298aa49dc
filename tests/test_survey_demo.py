from django.core.management import call_command

from surveys.models import Response, Survey
from surveys.results import survey_results


def test_seed_demo_adds_a_survey_with_responses_once(db, settings, capsys):
    settings.DEBUG = True
    call_command("seed_demo")
    call_command("seed_demo")
    survey = Survey.objects.get(satker__slug="pn-sarolangun", period="2021-Q4")
    assert Response.objects.filter(survey=survey).count() == 180
    results = survey_results(survey)
    assert results.grade in {"A", "B"} and 3 < results.ipak.value <= 4
    assert results.short_of_sample is False  # 180 of 300 service users: 169 are enough
