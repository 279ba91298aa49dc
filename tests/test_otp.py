"""The second factor: administrators must set up an authenticator app, chairs may."""

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from components.models import AccountEvent

pytestmark = pytest.mark.django_db


def code(device):
    """The six digits the user's authenticator app shows now."""
    return f"{totp(device.bin_key, device.step, device.t0, device.digits):06d}"


@pytest.fixture
def required(settings):
    settings.OTP_REQUIRED_FOR_ADMINS = True


def test_an_administrator_must_set_it_up_first(client, users, required, time_machine):
    time_machine.move_to("2026-03-02 08:00:00+07:00", tick=False)
    client.force_login(users["admin"])
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"] == "/account/two-step/?next=%2Fadmin%2F"
    page = client.get(response["Location"])
    assert page.status_code == 200
    html = page.content.decode()
    assert "<svg" in html and "no-store" in page["Cache-Control"]
    device = TOTPDevice.objects.get(user=users["admin"], confirmed=False)
    wrong = client.post("/account/two-step/", {"token": "000000", "next": "/admin/"})
    assert wrong.status_code == 400
    assert client.get("/admin/").status_code == 302
    time_machine.move_to("2026-03-02 08:00:05+07:00", tick=False)  # a wrong code waits 1 s
    done = client.post("/account/two-step/", {"token": code(device), "next": "/admin/"})
    assert done.status_code == 302 and done["Location"] == "/admin/"
    assert TOTPDevice.objects.get(user=users["admin"]).confirmed
    assert client.get("/admin/").status_code == 200
    assert AccountEvent.objects.get().kind == AccountEvent.Kind.OTP_ENABLED


def confirmed_device(user):
    return TOTPDevice.objects.create(user=user, name="ZI Tracker", confirmed=True)


def test_a_user_with_a_device_enters_its_code_after_the_password(client, users):
    device = confirmed_device(users["ketua"])
    client.force_login(users["ketua"])
    response = client.get("/plans/pn-sarolangun/2021/matrix/")
    assert response["Location"].startswith("/account/two-step/verify/?next=")
    assert client.post("/account/two-step/verify/", {"token": "123"}).status_code == 400
    done = client.post(
        "/account/two-step/verify/",
        {"token": code(device), "next": "/plans/pn-sarolangun/2021/matrix/"},
    )
    assert done["Location"] == "/plans/pn-sarolangun/2021/matrix/"
    assert client.get("/plans/pn-sarolangun/2021/matrix/").status_code == 200


def test_it_does_not_send_anyone_elsewhere_after_the_code(client, users):
    device = confirmed_device(users["ketua"])
    client.force_login(users["ketua"])
    done = client.post(
        "/account/two-step/verify/", {"token": code(device), "next": "https://evil.example/"}
    )
    assert done["Location"] == "/"


def test_logging_out_is_open_before_the_code(client, users):
    confirmed_device(users["ketua"])
    client.force_login(users["ketua"])
    assert client.post("/accounts/logout/").status_code == 302
    assert "_auth_user_id" not in client.session


def test_it_is_offered_to_chairs_on_their_account_page(client, users):
    client.cookies["django_language"] = "en"
    client.force_login(users["ketua"])
    assert "Set up two-step verification" in client.get("/account/").content.decode()
    client.force_login(users["staf"])
    assert "Set up two-step verification" not in client.get("/account/").content.decode()


def test_a_chair_turns_it_off_with_a_code(client, users, time_machine):
    time_machine.move_to("2026-03-02 08:00:00+07:00", tick=False)
    device = confirmed_device(users["ketua"])
    client.force_login(users["ketua"])
    client.post("/account/two-step/verify/", {"token": code(device)})
    assert client.get("/account/two-step/off/").status_code == 405
    client.post("/account/two-step/off/", {"token": "000000"})
    assert TOTPDevice.objects.filter(user=users["ketua"]).exists()
    time_machine.move_to("2026-03-02 08:01:00+07:00", tick=False)
    client.post("/account/two-step/off/", {"token": code(device)})
    assert not TOTPDevice.objects.filter(user=users["ketua"]).exists()
    assert AccountEvent.objects.filter(kind=AccountEvent.Kind.OTP_DISABLED).exists()


def test_an_administrator_cannot_turn_it_off(client, users, required):
    device = confirmed_device(users["admin"])
    client.force_login(users["admin"])
    client.post("/account/two-step/verify/", {"token": code(device)})
    client.post("/account/two-step/off/", {"token": code(device)})
    assert TOTPDevice.objects.filter(user=users["admin"]).exists()


def test_pages_need_a_login(client, db):
    for url in ("/account/two-step/", "/account/two-step/verify/"):
        assert client.get(url)["Location"].startswith("/accounts/login/")


# session, user, confirmed device (none), unconfirmed device (made by the first visit)
def test_the_setup_page_queries_are_pinned(client, users, django_assert_num_queries):
    client.force_login(users["ketua"])
    client.get("/account/two-step/")
    with django_assert_num_queries(4):
        assert client.get("/account/two-step/").status_code == 200
