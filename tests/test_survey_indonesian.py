"""Visitors and the team see the surveys in Indonesian, the default language."""

import time_machine
from django.urls import reverse

from tests.survey_helpers import answer_all, make_survey


def test_the_questionnaire_is_indonesian_without_login(client, satker):
    survey = make_survey(satker, "2021-Q4")
    with time_machine.travel("2021-11-15 10:00 +07:00", tick=True):
        response = client.get(reverse("survey_public", args=[satker.slug, survey.period]))
    assert response.status_code == 200
    page = response.content.decode()
    assert '<html lang="id">' in page
    assert "kesesuaian persyaratan pelayanan" in page
    assert "Sangat sesuai" in page and "Kirim jawaban" in page
    assert "<script" not in page and "onclick" not in page


def test_the_results_page_is_indonesian(client, users, satker):
    survey = make_survey(satker, "2021-Q4")
    answer_all(survey, 12)
    client.force_login(users["ketua_tim"])
    page = client.get(reverse("survey_results", args=[satker.slug, survey.period]))
    assert "Responden: 12" in page.content.decode()


def test_the_survey_list_and_its_form_are_indonesian(client, users, satker):
    make_survey(satker, "2021-Q4")
    client.force_login(users["ketua_tim"])
    page = client.get(reverse("survey_list", args=[satker.slug])).content.decode()
    assert "<th>Masa pengisian</th>" in page  # the dates it takes answers, not "Belum selesai"
    assert "2021-Q4 (triwulan), 2021-S1 (semester) atau 2021 (setahun)" in page


def test_visitors_read_the_period_by_name_and_are_asked_to_choose(client, satker):
    survey = make_survey(satker, "2021-Q4")
    url = reverse("survey_public", args=[satker.slug, survey.period])
    with time_machine.travel("2021-11-15 10:00 +07:00", tick=True):
        assert "Survei pelayanan Triwulan IV 2021" in client.get(url).content.decode()
        refused = client.post(url, {"website": ""}).content.decode()
    assert refused.count("Pilih salah satu jawaban.") == survey.items.count()
    assert "Bidang ini tidak boleh kosong" not in refused


def test_period_names():
    from surveys.periods import period_label

    assert period_label("2021-S1") == "Semester I 2021" and period_label("2021") == "Tahun 2021"
