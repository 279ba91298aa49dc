"""Faults outside the app: the database going away, the disk filling up mid-upload."""

import errno
import os

import pytest
from django.core.files.storage import FileSystemStorage
from django.db import InterfaceError, OperationalError, connection
from django.test import Client

from evidence.models import Activity, EvidenceFile
from reports.models import SignedMatrix
from tests import samples
from tests.evidence_helpers import BASE, login, messages_of, stored_files, upload

pytestmark = pytest.mark.django_db


def database_gone(error):
    def wrapper(execute, sql, params, many, context):
        raise error("server closed the connection unexpectedly")

    return wrapper


@pytest.fixture
def visitor():
    """A client that gets the error page, as a browser would, instead of the exception."""
    return Client(raise_request_exception=False)


@pytest.mark.parametrize("error", [OperationalError, InterfaceError])
def test_it_says_in_indonesian_that_the_database_is_away(visitor, users, error):
    login(visitor, users["ketua_tim"])
    with connection.execute_wrapper(database_gone(error)):
        response = visitor.get(BASE)
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    page = response.content.decode()
    assert "Layanan sedang tidak tersedia" in page
    assert "Traceback" not in page and "server closed" not in page


def test_a_post_while_the_database_is_away_also_gets_the_503(visitor, users, plan, media_root):
    login(visitor, users["staf"])
    requirement = plan.components.get(number=1).indicators.first().requirements.first()
    with connection.execute_wrapper(database_gone(OperationalError)):
        response = upload(visitor, requirement, [("foto.jpg", samples.jpeg())])
    assert response.status_code == 503
    assert stored_files(media_root) == []


def test_any_other_error_is_still_the_500_page(visitor, users, monkeypatch):
    login(visitor, users["ketua_tim"])
    monkeypatch.setattr("monitoring.views.get_plan_access", lambda *a, **k: 1 / 0)
    response = visitor.get(BASE)
    assert response.status_code == 500
    assert "Terjadi kesalahan pada server" in response.content.decode()


FULL = "The file could not be stored: the server's storage refused it (it may be full)."


def disk_full(after_bytes):
    """FileSystemStorage._save that writes `after_bytes` of the file, then hits ENOSPC."""

    def save(self, name, content):
        path = self.path(name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as partial:
            partial.write(content.read()[:after_bytes])
        raise OSError(errno.ENOSPC, "No space left on device")

    return save


@pytest.mark.parametrize("after_bytes", [0, 100])
def test_a_full_disk_during_an_upload_stores_nothing(
    client, users, requirement, media_root, monkeypatch, after_bytes
):
    monkeypatch.setattr(FileSystemStorage, "_save", disk_full(after_bytes))
    login(client, users["staf"])
    client.cookies["django_language"] = "en"
    response = upload(client, requirement, [("notula.pdf", samples.pdf())], follow=True)
    assert any(FULL in message for message in messages_of(response))
    assert not EvidenceFile.objects.exists() and not Activity.objects.filter(file__isnull=False)
    assert stored_files(media_root) == []  # not even the half-written file


def test_a_full_disk_while_signing_signs_nothing(client, users, media_root, monkeypatch):
    monkeypatch.setattr(FileSystemStorage, "_save", disk_full(1000))
    login(client, users["ketua"])
    client.cookies["django_language"] = "en"
    response = client.post(f"{BASE}sign/", {"paper": "a4", "confirm": "on"}, follow=True)
    assert any(FULL in message for message in messages_of(response))
    assert not SignedMatrix.objects.exists()
    assert stored_files(media_root) == []
