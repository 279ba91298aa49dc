"""The public questionnaire: no login, answers 1-4 only, honeypot, hourly limits, kiosk."""

import pytest
import time_machine
from django.urls import reverse

from surveys.models import Response, Source
from surveys.public import KIOSK_COOKIE
from tests.survey_helpers import make_survey

# Asserts on the English source strings; test_survey_indonesian.py reads the Indonesian.
pytestmark = pytest.mark.usefixtures("english")

NOW = "2021-11-15 10:00 +07:00"


@pytest.fixture
def survey(satker):
    return make_survey(satker, "2021-Q4")


@pytest.fixture(autouse=True)
def frozen_time():
    with time_machine.travel(NOW, tick=True):
        yield


def url(survey):
    return reverse("survey_public", args=[survey.satker.slug, survey.period])


def full_answers(survey, value="4", **extra):
    data = {f"q{item.pk}": value for item in survey.items.all()}
    return {**data, "website": "", **extra}


def test_it_stores_a_response_and_thanks(client, survey):
    data = full_answers(survey, sex="p", service="Informasi perkara")
    response = client.post(url(survey), data)
    assert response.status_code == 302
    assert response["Location"].endswith("/terima-kasih/")
    stored = Response.objects.get(survey=survey)
    assert (stored.sex, stored.service, stored.source) == ("p", "Informasi perkara", Source.FORM)
    assert stored.answers.count() == survey.items.count()
    assert stored.address_hash and "127.0.0.1" not in stored.address_hash


def test_it_costs_a_fixed_number_of_queries(client, survey, django_assert_num_queries):
    data = full_answers(survey)
    # survey, items, the device's and the address's responses in the last hour; then in a
    # transaction (a savepoint here) the response and its answers
    with django_assert_num_queries(8):
        client.post(url(survey), data)
    assert Response.objects.count() == 1


@pytest.mark.parametrize("value", ["0", "5", "-1", "4.5", "x", ""])
def test_it_refuses_answers_outside_1_to_4(client, survey, value):
    data = full_answers(survey)
    first = survey.items.first()
    data[f"q{first.pk}"] = value
    response = client.post(url(survey), data)
    assert response.status_code == 400
    assert Response.objects.count() == 0
    assert "border-danger" in response.content.decode()


def test_it_keeps_the_profile_optional_but_refuses_unknown_values(client, survey):
    assert client.post(url(survey), full_answers(survey)).status_code == 302
    assert client.post(url(survey), full_answers(survey, sex="x")).status_code == 400
    assert Response.objects.count() == 1


def test_a_filled_honeypot_looks_accepted_and_stores_nothing(client, survey):
    response = client.post(url(survey), full_answers(survey, website="http://spam"))
    assert response.status_code == 302
    assert Response.objects.count() == 0


def test_it_limits_one_device_an_hour(client, survey, settings):
    settings.SURVEY_PER_DEVICE_HOUR = 2
    client.get(url(survey))  # the device cookie
    for _ in range(2):
        assert client.post(url(survey), full_answers(survey)).status_code == 302
    refused = client.post(url(survey), full_answers(survey))
    assert refused.status_code == 429
    assert "limit for this hour" in refused.content.decode()
    assert Response.objects.count() == 2
    with time_machine.travel("2021-11-15 11:01 +07:00"):
        assert client.post(url(survey), full_answers(survey)).status_code == 302


def test_a_flood_from_one_address_adds_at_most_the_limit(client, survey, settings):
    settings.SURVEY_PER_ADDRESS_HOUR = 30
    data = full_answers(survey, value="1")
    statuses = set()
    for _ in range(1000):
        client.cookies.clear()  # a bot without cookies: every post a "new device"
        statuses.add(client.post(url(survey), data).status_code)
    assert statuses == {302, 429}
    assert Response.objects.filter(survey=survey).count() == 30


def test_behind_a_proxy_each_visitor_has_their_own_limit(client, survey, settings):
    # nginx in front (README): every request comes from 127.0.0.1, the visitor's address is
    # the last entry of X-Forwarded-For. One visitor's flood must not shut out the others.
    settings.CLIENT_IP_HEADER = "HTTP_X_FORWARDED_FOR"
    settings.SURVEY_PER_ADDRESS_HOUR = 5
    data = full_answers(survey)

    def post_from(address):
        client.cookies.clear()  # a new device each time
        return client.post(url(survey), data, HTTP_X_FORWARDED_FOR=address).status_code

    assert [post_from("203.0.113.9") for _ in range(6)] == [302] * 5 + [429]
    assert post_from("198.51.100.7") == 302
    assert post_from("10.0.0.1, 203.0.113.9") == 429  # a claimed first entry changes nothing
    assert Response.objects.filter(survey=survey).count() == 6


def test_it_refuses_a_closed_survey_with_a_clear_page(client, satker):
    closed = make_survey(satker, "2021-Q1")
    response = client.get(url(closed))
    assert response.status_code == 404
    assert "not open" in response.content.decode()
    assert client.post(url(closed), full_answers(closed)).status_code == 404
    assert Response.objects.count() == 0


def test_an_unknown_survey_is_not_found(client, satker):
    assert client.get("/survei/pn-sarolangun/2021-Q2/").status_code == 404
    assert client.get("/survei/nowhere/2021-Q4/").status_code == 404


def test_it_refuses_other_methods(client, survey):
    assert client.put(url(survey)).status_code == 405
    thanks = reverse("survey_thanks", args=[survey.satker.slug, survey.period])
    assert client.post(thanks).status_code == 405


def test_a_kiosk_goes_back_to_the_start_and_has_its_own_limit(client, survey, users, settings):
    settings.SURVEY_PER_DEVICE_HOUR = 1
    settings.SURVEY_PER_ADDRESS_HOUR = 1
    client.force_login(users["ketua_tim"])
    kiosk = reverse("survey_kiosk", args=[survey.satker.slug, survey.period])
    assert client.post(kiosk).status_code == 302
    assert KIOSK_COOKIE in client.cookies
    for _ in range(3):  # more than the address and device limits
        assert client.post(url(survey), full_answers(survey)).status_code == 302
    thanks = client.get(reverse("survey_thanks", args=[survey.satker.slug, survey.period]))
    assert 'http-equiv="refresh"' in thanks.content.decode()
    assert Response.objects.filter(source=Source.KIOSK).count() == 3
    start = client.get(url(survey)).content.decode()
    assert "zi-kiosk" in start and "<a " not in start  # no link out of the questionnaire


def test_a_forged_kiosk_cookie_is_ignored(client, survey, settings):
    settings.SURVEY_PER_DEVICE_HOUR = 1
    client.cookies[KIOSK_COOKIE] = "forged"
    assert client.post(url(survey), full_answers(survey)).status_code == 302
    assert client.post(url(survey), full_answers(survey)).status_code == 429
