"""Settings come from the environment and fail loudly when a production secret is missing."""

import os
import subprocess
import sys

from django.conf import settings

BASE = str(settings.BASE_DIR)


def run_settings(**env):
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in ("SECRET_KEY", "DEBUG", "ALLOWED_HOSTS", "SITE_URL")
    }
    clean.update(env, DJANGO_SETTINGS_MODULE="zi_tracker.settings")
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.DATABASES['default']['ENGINE'], s.DEBUG)"
    )
    return subprocess.run(
        [sys.executable, "-c", code], cwd=BASE, env=clean, capture_output=True, text=True
    )


def test_it_refuses_to_start_without_a_secret_key_when_debug_is_off():
    result = run_settings(DEBUG="0")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_it_starts_in_debug_without_a_secret_key():
    result = run_settings(DEBUG="1", DATABASE_URL="")
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["django.db.backends.sqlite3", "True"]


def test_it_reads_a_postgresql_url():
    result = run_settings(
        SECRET_KEY="x",
        ALLOWED_HOSTS="zi.example",
        SITE_URL="https://zi.example",
        DATABASE_URL="postgres://app:app@h:5432/app",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["django.db.backends.postgresql", "False"]


def test_it_refuses_to_start_in_production_without_its_address():
    result = run_settings(SECRET_KEY="x", ALLOWED_HOSTS="zi.example")
    assert result.returncode != 0
    assert "SITE_URL must be" in result.stderr


def test_it_refuses_to_start_in_production_without_host_names():
    result = run_settings(SECRET_KEY="x")
    assert result.returncode != 0
    assert "ALLOWED_HOSTS must name" in result.stderr


def test_it_rejects_a_malformed_boolean():
    result = run_settings(DEBUG="maybe")
    assert result.returncode != 0
    assert "DEBUG must be a boolean" in result.stderr


def test_every_variable_read_is_documented_in_env_example():
    source = (settings.BASE_DIR / "zi_tracker" / "settings.py").read_text()
    import re

    used = set(re.findall(r'env(?:_bool|_int|_list)?\("([A-Z_]+)"', source))
    documented = (settings.BASE_DIR / ".env.example").read_text()
    missing = [name for name in sorted(used) if f"{name}=" not in documented]
    assert missing == []


def test_it_refuses_an_unknown_task_backend_and_bad_retry_delays():
    result = run_settings(DEBUG="1", TASKS_BACKEND="celery")
    assert result.returncode != 0 and "TASKS_BACKEND must be one of" in result.stderr
    result = run_settings(DEBUG="1", TASK_RETRY_DELAYS="30,soon")
    assert result.returncode != 0 and "TASK_RETRY_DELAYS must be seconds" in result.stderr
    assert run_settings(DEBUG="1", TASKS_BACKEND="rq").returncode == 0
