"""The team's survey pages: set-up by the team lead, results for members and evaluators."""

import pytest
from django.urls import reverse

from surveys.models import Kind, Survey
from tests.survey_helpers import answer_all, make_survey

# Asserts on the English source strings; test_survey_indonesian.py reads the Indonesian.
pytestmark = pytest.mark.usefixtures("english")

READERS = ["staf", "ketua_tim", "ketua", "penilai", "admin"]
REFUSED = ["staf", "ketua", "penilai"]


@pytest.fixture
def survey(satker):
    return make_survey(satker, "2021-Q4", population=500)


def results_url(survey):
    return reverse("survey_results", args=[survey.satker.slug, survey.period])


def new_survey(period="2021-S1"):
    return {"period": period, "opens_on": "2021-01-01", "closes_on": "2021-06-30",
            "population": "1200", "services": "Informasi perkara"}  # fmt: skip


class TestList:
    url = "/surveys/pn-sarolangun/"

    def test_it_lets_the_team_lead_set_up_a_survey_with_the_default_items(self, client, users):
        client.force_login(users["ketua_tim"])
        response = client.post(self.url, new_survey("2021-s1"))
        survey = Survey.objects.get(period="2021-S1")
        assert response["Location"] == results_url(survey)
        assert (survey.year, survey.population, survey.created_by) == (
            2021, 1200, users["ketua_tim"],
        )  # fmt: skip
        assert survey.items.filter(kind=Kind.IKM).count() == 9
        assert survey.items.filter(kind=Kind.IPAK).exists()

    @pytest.mark.parametrize("period", ["2021-Q5", "21", "2021-X1", ""])
    def test_it_refuses_a_malformed_period(self, client, users, period):
        client.force_login(users["ketua_tim"])
        response = client.post(self.url, new_survey(period))
        assert response.status_code == 400
        assert Survey.objects.count() == 0

    def test_it_refuses_a_second_survey_for_the_period(self, client, users, survey):
        client.force_login(users["ketua_tim"])
        response = client.post(self.url, {**new_survey("2021-Q4"), "closes_on": "2021-12-31"})
        assert response.status_code == 400
        assert "already has a survey" in response.content.decode()
        assert Survey.objects.count() == 1

    def test_it_refuses_closing_before_opening(self, client, users):
        client.force_login(users["ketua_tim"])
        response = client.post(self.url, {**new_survey(), "closes_on": "2020-12-31"})
        assert response.status_code == 400 and Survey.objects.count() == 0
        assert "The closing date must be after the opening date." in response.content.decode()

    @pytest.mark.parametrize("role", REFUSED)
    def test_it_refuses_set_up_to_other_roles(self, client, users, role):
        client.force_login(users[role])
        assert client.post(self.url, new_survey()).status_code == 403
        assert client.get(self.url).status_code == 200
        assert Survey.objects.count() == 0

    def test_it_hides_the_satker_from_outsiders(self, client, users):
        client.force_login(users["outsider"])
        assert client.get(self.url).status_code == 404
        assert client.post(self.url, new_survey()).status_code == 404

    def test_it_refuses_other_methods(self, client, users):
        client.force_login(users["ketua_tim"])
        assert client.put(self.url).status_code == 405

    def test_it_asks_for_login(self, client):
        assert client.get(self.url).status_code == 302

    def test_it_lists_surveys_in_fixed_queries(
        self, client, users, survey, django_assert_num_queries
    ):
        answer_all(survey, 20)
        client.force_login(users["ketua"])
        with django_assert_num_queries(5):  # session, user, satker, membership, surveys
            response = client.get(self.url)
        assert "2021-Q4" in response.content.decode()


class TestResults:
    @pytest.mark.parametrize("role", READERS)
    def test_it_shows_the_figures_to_members_and_evaluators(self, client, users, survey, role):
        answer_all(survey, 3, ikm=[4, 4, 4, 4, 4, 4, 4, 4, 3], ipkp=3, ipak=4)
        client.force_login(users[role])
        response = client.get(results_url(survey))
        page = response.content.decode()
        assert response.status_code == 200
        assert "97,22" in page or "97.22" in page  # (8 x 4 + 3) / 9 x 25
        assert "Very good" in page
        assert "minimum sample 217" in page  # Krejcie and Morgan for 500
        assert "fall short of the minimum sample" in page
        assert "<script" not in page.split("</main>")[0].split("<main")[1]

    def test_it_hides_the_survey_from_outsiders(self, client, users, survey):
        client.force_login(users["outsider"])
        assert client.get(results_url(survey)).status_code == 404

    def test_it_refuses_other_methods(self, client, users, survey):
        client.force_login(users["ketua_tim"])
        assert client.post(results_url(survey)).status_code == 405

    @pytest.mark.parametrize("count", [100, 10_000])
    def test_it_costs_fixed_queries_whatever_the_responses(
        self, client, users, survey, count, django_assert_num_queries
    ):
        answer_all(survey, count, ikm=3)
        client.force_login(users["ketua_tim"])
        # session, user, satker, membership, survey; the period: items, means, respondents,
        # five profile questions; the year: surveys, items, means, respondents; the trend:
        # surveys, means; the attach form: the year's plan, its rows
        with django_assert_num_queries(21):
            response = client.get(results_url(survey))
        assert f"Respondents: {count}" in response.content.decode()


class TestItems:
    def url(self, survey):
        return reverse("survey_items", args=[survey.satker.slug, survey.period])

    def test_the_team_lead_edits_the_items_until_the_first_response(self, client, users, survey):
        client.force_login(users["ketua_tim"])
        data = {"ipkp": "Pelayanan cepat.\nPetugas ramah.", "ipak": "Tidak ada pungutan liar."}
        assert client.post(self.url(survey), data).status_code == 302
        texts = list(survey.items.filter(kind=Kind.IPKP).values_list("text", flat=True))
        assert texts == ["Pelayanan cepat.", "Petugas ramah."]
        answer_all(survey, 1)
        client.post(self.url(survey), {"ipkp": "Lain.", "ipak": "Lain."})
        assert survey.items.filter(kind=Kind.IPKP).count() == 2
        page = client.get(self.url(survey)).content.decode()
        assert "frozen" in page

    def test_it_refuses_empty_item_lists(self, client, users, survey):
        client.force_login(users["ketua_tim"])
        assert client.post(self.url(survey), {"ipkp": " \n", "ipak": "x"}).status_code == 400
        assert survey.items.filter(kind=Kind.IPKP).count() == 9

    @pytest.mark.parametrize("role", REFUSED)
    def test_other_roles_read_but_do_not_edit(self, client, users, survey, role):
        client.force_login(users[role])
        assert client.get(self.url(survey)).status_code == 200
        assert client.post(self.url(survey), {"ipkp": "x", "ipak": "y"}).status_code == 403
        assert survey.items.filter(kind=Kind.IPAK).count() == 5

    def test_outsiders_get_404_and_other_methods_405(self, client, users, survey):
        client.force_login(users["outsider"])
        assert client.get(self.url(survey)).status_code == 404
        client.force_login(users["ketua_tim"])
        assert client.delete(self.url(survey)).status_code == 405

    def test_it_costs_fixed_queries(self, client, users, survey, django_assert_num_queries):
        client.force_login(users["ketua_tim"])
        with django_assert_num_queries(7):  # session, user, satker, role, survey, items, frozen
            client.get(self.url(survey))


class TestKiosk:
    def url(self, survey):
        return reverse("survey_kiosk", args=[survey.satker.slug, survey.period])

    def test_the_team_lead_turns_kiosk_mode_on_and_off(self, client, users, survey):
        client.force_login(users["ketua_tim"])
        response = client.post(self.url(survey))
        assert response["Location"] == survey.public_url()
        assert client.cookies["zi_survey_kiosk"].value
        page = client.get(results_url(survey)).content.decode()
        assert "Kiosk mode off" in page and "Kiosk mode on this device" not in page
        client.post(self.url(survey), {"action": "stop"})
        assert not client.cookies["zi_survey_kiosk"].value
        page = client.get(results_url(survey)).content.decode()
        assert "Kiosk mode on this device" in page and "Kiosk mode off" not in page

    @pytest.mark.parametrize("role", REFUSED)
    def test_it_refuses_other_roles(self, client, users, survey, role):
        client.force_login(users[role])
        assert client.post(self.url(survey)).status_code == 403
        assert "zi_survey_kiosk" not in client.cookies

    def test_outsiders_get_404_and_get_is_refused(self, client, users, survey):
        client.force_login(users["outsider"])
        assert client.post(self.url(survey)).status_code == 404
        client.force_login(users["ketua_tim"])
        assert client.get(self.url(survey)).status_code == 405

    def test_it_costs_fixed_queries(self, client, users, survey, django_assert_num_queries):
        client.force_login(users["ketua_tim"])
        with django_assert_num_queries(5):  # session, user, satker, role, survey
            client.post(self.url(survey))
