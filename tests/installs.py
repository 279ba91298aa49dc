"""A second, empty installation of the app for tests that restore into one: its own
database (a new PostgreSQL database, or an SQLite file) and media folder, run through
manage.py as a court's IT person would run it. The `fresh` fixture, via pytest_plugins."""

import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parent.parent


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
