"""A second, empty installation of the app for tests that restore into one: its own
database (a new PostgreSQL database, or an SQLite file) and media folder, run through
manage.py as a court's IT person would run it (the `fresh` fixture, via pytest_plugins),
and `court`, the installation backed up: the seed plan with evidence and a signed version.
Both for transactional tests (the database is emptied after each)."""

import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection

from components.models import Requirement, Role, Satker
from evidence.models import EvidenceFile
from reports.models import SignedMatrix
from tests import samples
from tests.evidence_helpers import login, upload
from tests.factories import make_user

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def court(transactional_db, client, media_root):
    """The seed plan with evidence (a photo with its thumbnail, a PDF), one approved, and a
    signed version, reopened."""
    call_command("loaddata", "fixtures/frameworks.json", "fixtures/pn-sarolangun-2021.json")
    satker = Satker.objects.get(slug="pn-sarolangun")
    lead = make_user("ketua-tim", satker, Role.KETUA_TIM)
    chair = make_user("ketua", satker, Role.KETUA)
    requirement = Requirement.objects.filter(indicator__component__plan__satker=satker).first()
    login(client, lead)
    upload(client, requirement, [("foto.jpg", samples.jpeg()), ("notula.pdf", samples.pdf())])
    EvidenceFile.objects.first().approve(by=lead)
    login(client, chair)
    client.post("/plans/pn-sarolangun/2021/sign/", {"paper": "a4", "confirm": "on"})
    SignedMatrix.objects.get().reopen(by=lead, reason="Salah angka")
    assert EvidenceFile.objects.count() == 2 and SignedMatrix.objects.count() == 1
    return media_root


@pytest.fixture
def fresh(tmp_path):
    """A second, empty installation: its environment for manage.py."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "zi_tracker.settings",
        "SECRET_KEY": "another-installation",
        "ALLOWED_HOSTS": "localhost",
        "MEDIA_ROOT": str(tmp_path / "restored-media"),
    }
    if connection.vendor == "postgresql":
        name = f"restore_{uuid.uuid4().hex[:8]}"
        with connection.cursor() as cursor:
            cursor.execute(f"CREATE DATABASE {name}")
        db = connection.settings_dict
        env["DATABASE_URL"] = (
            f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST']}:{db['PORT']}/{name}"
        )
        yield env
        with connection.cursor() as cursor:
            cursor.execute(f"DROP DATABASE {name} WITH (FORCE)")
    else:
        env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'restored.sqlite3'}"
        yield env


def manage(env, *args):
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True
    )
