"""In a real browser the Content-Security-Policy blocks nothing the app needs, and an
administrator sets up the second factor from the QR code."""

import pytest
from django.core.management import call_command
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from components.models import Role, Satker
from tests.factories import PASSWORD, make_user
from tests.test_browser import SCREENSHOTS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PLAN = "/plans/pn-sarolangun/2021/"


@pytest.fixture
def people(transactional_db):
    call_command("loaddata", "fixtures/frameworks.json", "fixtures/pn-sarolangun-2021.json")
    satker = Satker.objects.get(slug="pn-sarolangun")
    make_user("ketua", satker, Role.KETUA)
    return make_user("admin", is_superuser=True, is_staff=True)


def log_in(page, live_server, username):
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Nama pengguna").fill(username)
    page.get_by_label("Sandi").fill(PASSWORD)
    page.get_by_role("button", name="Masuk").click()


def test_nothing_the_pages_need_is_blocked(page, live_server, people):
    violations = []
    page.on("console", lambda m: "Content Security Policy" in m.text and violations.append(m.text))
    log_in(page, live_server, "ketua")
    page.goto(f"{live_server.url}{PLAN}matrix/")
    page.locator("a.zi-cell").first.click()  # htmx opens the month in the modal
    page.locator("#zi-panel-body .zi-panel").wait_for()
    page.goto(f"{live_server.url}{PLAN}")
    page.get_by_label("Bulan", exact=True).select_option("3")  # submits itself (common.js)
    page.wait_for_url("**?month=3")
    page.goto(f"{live_server.url}{PLAN}matrix/print/")
    assert page.get_by_role("button", name="Cetak").is_visible()
    page.goto(f"{live_server.url}/account/")
    page.get_by_label("Bahasa").select_option("en")
    page.get_by_role("heading", name="My account").wait_for()
    page.goto(f"{live_server.url}/admin/")
    assert violations == []


def test_an_administrator_sets_up_the_second_factor(page, live_server, people, settings):
    settings.OTP_REQUIRED_FOR_ADMINS = True
    # In English: this branch's strings reach the Indonesian catalogue at merge.
    page.context.add_cookies([{"name": "django_language", "value": "en", "url": live_server.url}])
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Username").fill("admin")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.get_by_role("heading", name="Set up two-step verification").wait_for()
    assert page.locator(".zi-otp-qr svg").is_visible()
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=SCREENSHOTS / "otp-setup.png", full_page=True)
    device = TOTPDevice.objects.get(user=people)
    page.get_by_label("Code from the authenticator app").fill(
        f"{totp(device.bin_key, device.step, device.t0, device.digits):06d}"
    )
    page.get_by_role("button", name="Turn on two-step verification").click()
    page.wait_for_url(f"{live_server.url}/")  # where the login was going
    assert page.get_by_text("Two-step verification is on").first.is_visible()
    page.goto(f"{live_server.url}/admin/")
    assert page.url.endswith("/admin/")
