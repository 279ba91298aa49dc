"""The public pages besides /verify/ (survey form and thanks, invitation links) answer each
address at most PUBLIC_THROTTLE_REQUESTS times per window, then 429 with a message; other
addresses, and the visitor's own address behind the proxy, are counted apart."""

import pytest
import time_machine
from django.urls import reverse

from surveys.models import Response
from tests.survey_helpers import make_survey

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.fixture(autouse=True)
def limit(settings):
    settings.PUBLIC_THROTTLE_REQUESTS = 4
    settings.PUBLIC_THROTTLE_SECONDS = 600
    with time_machine.travel("2021-11-15 10:00 +07:00", tick=True):
        yield 4


@pytest.fixture
def pages(satker):
    survey = make_survey(satker, "2021-Q4")
    args = [satker.slug, survey.period]
    return reverse("survey_public", args=args), reverse("survey_thanks", args=args), survey


def test_the_survey_pages_stop_one_address_and_not_another(client, pages, limit):
    form, thanks, survey = pages
    statuses = [client.get(page).status_code for page in [form, thanks] * 2]
    assert statuses == [200] * limit
    refused = client.get(form)
    assert refused.status_code == 429
    assert "Too many requests came from your address. Wait 10 minutes" in refused.content.decode()
    data = {f"q{item.pk}": "4" for item in survey.items.all()} | {"website": ""}
    assert client.post(form, data).status_code == 429
    assert not Response.objects.exists()  # refused before anything is read or stored
    assert client.get(form, REMOTE_ADDR="10.0.0.2").status_code == 200


def test_behind_the_proxy_it_counts_the_visitors_address(client, pages, limit, settings):
    settings.CLIENT_IP_HEADER = "HTTP_X_FORWARDED_FOR"
    form = pages[0]
    for _ in range(limit + 1):
        client.get(form, HTTP_X_FORWARDED_FOR="203.0.113.9")
    assert client.get(form, HTTP_X_FORWARDED_FOR="203.0.113.9").status_code == 429
    assert client.get(form, HTTP_X_FORWARDED_FOR="198.51.100.7").status_code == 200


def test_invitation_links_are_throttled_too(client, limit):
    link = reverse("invitation", args=["MQ", "not-a-token"])
    assert {client.get(link).status_code for _ in range(limit)} == {200}
    assert client.get(link).status_code == 429
