"""The public questionnaire in a real browser: answered on a phone and a laptop, and a
service-desk kiosk that starts again by itself."""

import datetime

import pytest
from django.core.management import call_command

from components.models import Role, Satker
from surveys.models import Response, Source
from tests.factories import make_user
from tests.survey_helpers import make_survey
from tests.test_browser import SCREENSHOTS, VIEWPORTS
from tests.test_browser_lke import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def survey(transactional_db):
    call_command("loaddata", "fixtures/frameworks.json", "fixtures/pn-sarolangun-2021.json")
    satker = Satker.objects.get(slug="pn-sarolangun")
    make_user("ketua-tim", satker, Role.KETUA_TIM)
    today = datetime.date.today()
    return make_survey(satker, f"{today.year}", opens_on=today, closes_on=today)


def answer_every_question(page):
    for group in page.locator("fieldset.zi-question").all()[:23]:
        group.locator("label.zi-choice").nth(3).click()  # the fourth: 4


@pytest.mark.parametrize("size", VIEWPORTS)
def test_a_visitor_answers_on_a_phone_or_a_laptop(page, live_server, survey, size):
    page.set_viewport_size(VIEWPORTS[size])
    page.goto(live_server.url + survey.public_url())
    first = page.locator("label.zi-choice").first.bounding_box()
    assert first["height"] >= 44  # a touch target
    page.locator("button.zi-survey-send").click()  # nothing answered yet
    assert page.locator(".alert-danger").is_visible()
    answer_every_question(page)
    page.locator("fieldset.zi-question").nth(24).locator("label.zi-choice").nth(2).click()
    page.screenshot(path=str(SCREENSHOTS / f"survey-{size}.png"), full_page=True)
    page.locator("button.zi-survey-send").click()
    page.wait_for_url("**/terima-kasih/")
    stored = Response.objects.get()
    assert stored.answers.count() == 23 and stored.sex == "p"


def test_a_kiosk_starts_again_for_the_next_visitor(page, live_server, survey):
    page.set_viewport_size({"width": 800, "height": 1280})  # a tablet
    log_in(page, live_server, "ketua-tim")
    page.goto(f"{live_server.url}{survey.get_absolute_url()}")
    page.locator("form[action$='/kiosk/'] button").first.click()
    page.wait_for_url(f"**{survey.public_url()}")
    assert page.locator("a").count() == 0  # no way out of the questionnaire
    for _visitor in range(2):
        answer_every_question(page)
        page.locator("button.zi-survey-send").click()
        page.wait_for_url("**/terima-kasih/")
        page.wait_for_url(f"**{survey.public_url()}", timeout=15_000)  # back by itself
        page.locator("fieldset.zi-question").first.wait_for()
    assert Response.objects.filter(source=Source.KIOSK).count() == 2
