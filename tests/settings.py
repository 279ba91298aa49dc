"""Settings for the test suite: the production settings with test-only speed-ups."""

import os
import tempfile

os.environ.setdefault("SECRET_KEY", "test-only-secret-key")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")
os.environ.setdefault("SITE_URL", "https://zi.example.go.id")
os.environ.setdefault("MEDIA_ROOT", tempfile.mkdtemp(prefix="zi-test-media-"))

from zi_tracker.settings import *  # noqa: E402, F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Plain static storage: the manifest storage needs collectstatic before every run.
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}  # noqa: F405
ALLOWED_HOSTS = ["*"]
STATIC_ROOT = tempfile.mkdtemp(prefix="zi-test-static-")
WHITENOISE_USE_FINDERS = True

# On SQLite, test on a file as production does, not in shared memory: threads in the
# concurrency tests then lock and wait like two workers would (a shared-cache memory
# database reports "table is locked" at once instead of waiting).
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    DATABASES["default"]["TEST"] = {  # noqa: F405
        "NAME": os.path.join(tempfile.mkdtemp(prefix="zi-test-db-"), "test.sqlite3")
    }

# No shared cache unless a test asks for one: many tests change rows directly, which the
# app's own writes never do (components.matrix.matrix_table_key).
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"},
    "local": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"},
    # Throttles must count to be tested; tests/conftest.py empties it before each test.
    "throttle": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
}


# Django's test client logs in without a request, which django-axes refuses: the lockout is
# off here and on in tests/test_logins.py. Administrators' second factor likewise.
AXES_ENABLED = False
OTP_REQUIRED_FOR_ADMINS = False
