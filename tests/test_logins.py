"""Logins resist guessing (django-axes), are recorded, time out when idle, and passwords
are long and not a court's name."""

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management import call_command

from components.models import AccountEvent
from tests.evidence_helpers import login
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"


@pytest.fixture
def axes(settings, client):
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 3
    client.cookies["django_language"] = "en"  # the Indonesian catalogue is filled at merge
    return settings


def attempt(client, username, password="wrong-password-1", address="127.0.0.1"):
    data = {"username": username, "password": password}
    return client.post(LOGIN, data, REMOTE_ADDR=address)


def test_it_locks_an_account_after_repeated_failures(client, users, axes):
    for address in ("10.0.0.1", "10.0.0.2"):
        assert attempt(client, "staf", address=address).status_code == 200
    assert attempt(client, "staf", address="10.0.0.3").status_code == 429  # the third
    response = attempt(client, "staf", PASSWORD, address="10.0.0.4")
    assert response.status_code == 429
    text = response.content.decode()
    assert "Too many failed logins for this account or from this address" in text
    assert "locked for 30 minutes" in text
    assert "_auth_user_id" not in client.session
    # Another account from a fresh address is not affected.
    assert attempt(client, "ketua", PASSWORD, address="10.0.0.5").status_code == 302


def test_it_locks_an_address_guessing_many_accounts(client, users, axes):
    for username in ("staf", "ketua", "penilai"):
        attempt(client, username, address="10.1.1.1")
    assert attempt(client, "ketua-tim", PASSWORD, address="10.1.1.1").status_code == 429
    assert attempt(client, "ketua-tim", PASSWORD, address="10.1.1.2").status_code == 302


def test_an_administrator_unlocks_an_account(client, users, axes):
    for _ in range(3):
        attempt(client, "staf")
    assert attempt(client, "staf", PASSWORD).status_code == 429
    call_command("axes_reset_username", "staf")
    call_command("axes_reset_ip", "127.0.0.1")
    assert attempt(client, "staf", PASSWORD).status_code == 302


def test_an_administrator_unlocks_in_the_admin(client, users, axes):
    for _ in range(3):
        attempt(client, "staf", address="10.2.2.2")
    assert AccessAttempt.objects.filter(username="staf").exists()
    client.force_login(users["admin"])
    listing = client.get("/admin/axes/accessattempt/")
    assert listing.status_code == 200 and "staf" in listing.content.decode()
    for record in AccessAttempt.objects.all():
        client.post(f"/admin/axes/accessattempt/{record.pk}/delete/", {"post": "yes"})
    client.logout()
    assert attempt(client, "staf", PASSWORD, address="10.2.2.2").status_code == 302


def test_logins_failures_and_logouts_are_recorded(client, users, axes):
    attempt(client, "staf")
    assert attempt(client, "staf", PASSWORD).status_code == 302
    client.post("/accounts/logout/")
    assert AccessFailureLog.objects.filter(username="staf").count() == 1
    record = AccessLog.objects.get(username="staf")
    assert record.attempt_time and record.logout_time
    client.force_login(users["admin"])
    for page in ("accesslog", "accessfailurelog"):
        response = client.get(f"/admin/axes/{page}/")
        assert response.status_code == 200 and "staf" in response.content.decode()


def test_a_password_change_is_recorded_for_the_administrator(client, users):
    login(client, users["staf"])
    new = "kopi-tubruk-pagi-hari"
    data = {"old_password": PASSWORD, "new_password1": new, "new_password2": new}
    assert client.post("/accounts/password/", data).status_code == 302
    event = AccountEvent.objects.get(user=users["staf"])
    assert event.kind == AccountEvent.Kind.PASSWORD_CHANGED
    client.force_login(users["admin"])
    response = client.get("/admin/components/accountevent/")
    assert response.status_code == 200 and "staf" in response.content.decode()
    with pytest.raises(PermissionError):
        event.delete()


def test_a_profile_save_is_not_a_password_change(client, users):
    users["staf"].first_name = "Sari"
    users["staf"].save()
    assert not AccountEvent.objects.exists()


@pytest.mark.parametrize(
    "password",
    [
        "short-pw1",  # under 12 characters
        "password1234",  # common
        "PengadilanNegeri2024",
        "pn-sarolangun-2021!",
        "P3ngad1lanSarolangun",
        "MuaraBulian#123456",  # another unit's name (the outsider's court)
    ],
)
def test_weak_or_court_name_passwords_are_refused(users, password):
    with pytest.raises(ValidationError):
        validate_password(password, users["staf"])


@pytest.mark.parametrize("password", ["kopi-tubruk-pagi-hari", "Sarolangun-rumah-kayu-tua"])
def test_other_long_passwords_pass(users, password):
    validate_password(password, users["staf"])


def test_the_password_form_says_why_a_court_name_is_refused(client, users):
    login(client, users["staf"])
    client.cookies["django_language"] = "en"
    data = {
        "old_password": PASSWORD,
        "new_password1": "PNSarolangun2026!",
        "new_password2": "PNSarolangun2026!",
    }
    response = client.post("/accounts/password/", data)
    assert response.status_code == 200
    assert "This password is mostly a court&#x27;s name" in response.content.decode()
    users["staf"].refresh_from_db()
    assert users["staf"].check_password(PASSWORD)


def test_the_idle_timeout_is_eight_hours_by_default(settings):
    assert settings.SESSION_IDLE_TIMEOUT == 8 * 60 * 60
    assert settings.SESSION_COOKIE_AGE == settings.SESSION_IDLE_TIMEOUT
    assert not settings.SESSION_SAVE_EVERY_REQUEST


def test_an_idle_session_ends(client, users, time_machine):
    time_machine.move_to("2026-03-02 08:00:00+07:00", tick=False)
    client.force_login(users["staf"])
    assert client.get("/account/").status_code == 200
    time_machine.move_to("2026-03-02 16:01:00+07:00", tick=False)
    response = client.get("/account/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_an_active_session_goes_on(client, users, time_machine):
    time_machine.move_to("2026-03-02 08:00:00+07:00", tick=False)
    client.force_login(users["staf"])
    for hour in ("12", "16", "20"):
        time_machine.move_to(f"2026-03-02 {hour}:00:00+07:00", tick=False)
        assert client.get("/account/").status_code == 200


def test_signed_in_pages_are_not_stored_by_the_browser(client, users):
    client.force_login(users["staf"])
    assert "no-store" in client.get("/plans/pn-sarolangun/2021/matrix/")["Cache-Control"]
    assert "no-store" in client.get("/account/")["Cache-Control"]
