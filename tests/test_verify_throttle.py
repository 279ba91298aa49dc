"""The public /verify/ page answers at most so many requests per address, then 429."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

pytestmark = pytest.mark.django_db


@pytest.fixture
def limit(settings, client):
    # English: the Indonesian catalogue gets this branch's strings at merge.
    client.cookies["django_language"] = "en"
    settings.VERIFY_THROTTLE_REQUESTS = 3
    settings.VERIFY_THROTTLE_SECONDS = 600
    return 3


def test_it_stops_code_guesses_from_one_address(client, limit):
    for guess in range(limit):
        assert client.get(f"/verify/ZZZZZZZ{guess}/").status_code == 404
    response = client.get("/verify/ZZZZZZZZ/")
    assert response.status_code == 429
    assert "Too many requests came from your address. Wait 10 minutes" in response.content.decode()


def test_it_counts_uploads_too(client, limit):
    for _ in range(limit):
        client.post("/verify/ZZZZZZZZ/", {"file": SimpleUploadedFile("m.pdf", b"%PDF-1.4")})
    response = client.post("/verify/ZZZZZZZZ/", {"file": SimpleUploadedFile("m.pdf", b"%PDF")})
    assert response.status_code == 429


def test_another_address_is_not_stopped(client, limit):
    for _ in range(limit + 1):
        client.get("/verify/ZZZZZZZZ/", REMOTE_ADDR="10.0.0.1")
    assert client.get("/verify/ZZZZZZZZ/", REMOTE_ADDR="10.0.0.2").status_code == 404


def test_behind_a_proxy_it_counts_the_address_the_proxy_saw(client, limit, settings):
    settings.CLIENT_IP_HEADER = "HTTP_X_FORWARDED_FOR"
    for forged in range(limit):
        # A visitor's own X-Forwarded-For entries do not give them fresh addresses.
        client.get("/verify/ZZZZZZZZ/", HTTP_X_FORWARDED_FOR=f"1.2.3.{forged}, 10.9.9.9")
    response = client.get("/verify/ZZZZZZZZ/", HTTP_X_FORWARDED_FOR="1.2.3.99, 10.9.9.9")
    assert response.status_code == 429
    other = client.get("/verify/ZZZZZZZZ/", HTTP_X_FORWARDED_FOR="10.9.9.8")
    assert other.status_code == 404


def test_the_window_passes(client, limit, time_machine):
    time_machine.move_to("2026-01-05 10:00:00+07:00", tick=False)
    for _ in range(limit + 1):
        client.get("/verify/ZZZZZZZZ/")
    assert client.get("/verify/ZZZZZZZZ/").status_code == 429
    time_machine.move_to("2026-01-05 10:11:00+07:00", tick=False)
    assert client.get("/verify/ZZZZZZZZ/").status_code == 404
