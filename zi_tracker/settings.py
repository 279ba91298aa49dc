"""Settings for ZI Tracker, read from the environment.

Every variable is documented in .env.example. A file named .env beside manage.py is read
first when present (values already in the environment win), so a court's server can keep
its settings in one place. Nothing secret has a production default: without DEBUG, a
SECRET_KEY must be given or the app refuses to start.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def _read_dotenv(path):
    """Load KEY=VALUE lines from path into os.environ without overriding what is set."""
    if not path.is_file():
        return
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#") or "=" not in line:
            continue
        key, value = line.split("=", 1)
        os.environ.setdefault(key.strip(), value.strip().strip("'\""))


_read_dotenv(BASE_DIR / ".env")


def env(name, default=""):
    """The variable's value; unset and empty both mean the default, as in .env.example."""
    return os.environ.get(name) or default


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in ("1", "true", "yes", "on"):
        return True
    if value.lower() in ("0", "false", "no", "off"):
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (1/0, true/false), not {value!r}")


def env_int(name, default):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be an integer, not {value!r}") from None


def env_list(name, default=""):
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)

SECRET_KEY = env("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off (see .env.example)")
    SECRET_KEY = "insecure-development-key-do-not-use-in-production"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else "")
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured(
        "ALLOWED_HOSTS must name the server's host names when DEBUG is off (see .env.example)"
    )
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_htmx",
    "bootstrap",
    "django_tasks",
    "django_tasks_db",
    "components",
    "evidence",
    "reports",
    "monitoring",
    "surveys",
    "assessment",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "zi_tracker.middleware.DefaultLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "zi_tracker.middleware.UploadLimitMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "csp.middleware.CSPMiddleware",
    "components.logins.LoginSecurityMiddleware",
    # Last, so that it turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "zi_tracker.urls"
WSGI_APPLICATION = "zi_tracker.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

try:
    DATABASES = {
        "default": dj_database_url.parse(
            env("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
            conn_max_age=env_int("DB_CONN_MAX_AGE", 0),
        )
    }
except ValueError as error:  # dj_database_url's errors for unknown schemes and bad URLs
    raise ImproperlyConfigured(f"DATABASE_URL is not a database URL: {error}") from None
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Several people at once on SQLite: wait for a lock instead of failing, and keep
    # readers off the writers' backs.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"timeout": 20, "transaction_mode": "IMMEDIATE", "init_command": "PRAGMA journal_mode=WAL;"}
    )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    # Not the court's own name, nor any unit's: the first thing a guesser tries.
    {"NAME": "components.passwords.CourtNamePasswordValidator"},
]

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Language and time: Indonesian by default, English kept complete.
LANGUAGE_CODE = "id"
LANGUAGES = [("id", "Bahasa Indonesia"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["zi_tracker.formats"]
TIME_ZONE = env("TIME_ZONE", "Asia/Jakarta")
USE_I18N = True
USE_TZ = True

# Static files: served by WhiteNoise, never from a CDN.
STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / env("STATIC_ROOT", "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]

# Uploaded files live outside the web root and are served only through permission-checked
# views: there is deliberately no public MEDIA_URL route. STORAGE_BACKEND swaps the
# backend (an S3-compatible store, for example) without touching the code.
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(BASE_DIR / "var" / "media")))
STORAGE_BACKEND = env("STORAGE_BACKEND", "django.core.files.storage.FileSystemStorage")
STORAGES = {
    "default": {"BACKEND": STORAGE_BACKEND},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage",
    },
}
if STORAGE_BACKEND.endswith("FileSystemStorage"):
    STORAGES["default"]["OPTIONS"] = {"location": str(MEDIA_ROOT)}

# Object storage: with STORAGE_S3_BUCKET set, stored files go to that bucket of an
# S3-compatible store (MinIO, Ceph RGW, a cloud) instead of MEDIA_ROOT. Objects are
# private (no ACL is sent: the bucket's own policy, which must not be public, applies),
# never overwritten, and still served only through the permission-checked views, which
# stream them (zi_tracker/storage.py). Without an access key, boto3 looks for credentials
# itself (AWS_* variables, ~/.aws, an instance role).
STORAGE_S3_BUCKET = env("STORAGE_S3_BUCKET")
if STORAGE_S3_BUCKET:
    STORAGES["default"] = {
        "BACKEND": "zi_tracker.storage.StreamingS3Storage",
        "OPTIONS": {
            "bucket_name": STORAGE_S3_BUCKET,
            "endpoint_url": env("STORAGE_S3_ENDPOINT_URL") or None,
            "access_key": env("STORAGE_S3_ACCESS_KEY") or None,
            "secret_key": env("STORAGE_S3_SECRET_KEY") or None,
            "region_name": env("STORAGE_S3_REGION") or None,
            "location": env("STORAGE_S3_PREFIX"),
            "addressing_style": env("STORAGE_S3_ADDRESSING_STYLE") or None,
            "default_acl": None,
            "file_overwrite": False,
        },
    }

# Evidence uploads: each file is checked against the limit while it streams in, so an
# oversized file is never written in full anywhere.
EVIDENCE_MAX_FILE_BYTES = env_int("EVIDENCE_MAX_FILE_MB", 50) * 1024 * 1024
EVIDENCE_MAX_IMAGE_PIXELS = env_int("EVIDENCE_MAX_IMAGE_PIXELS", 50_000_000)
FILE_UPLOAD_HANDLERS = [
    "evidence.uploads.SizeLimitUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]
DATA_UPLOAD_MAX_NUMBER_FILES = 20
FILE_UPLOAD_PERMISSIONS = 0o640

# The address printed on signed PDFs for verification, e.g. https://zi.pn-sarolangun.go.id
# (empty: the address the chairperson used when signing).
SITE_URL = env("SITE_URL")
if not SITE_URL and not DEBUG:
    raise ImproperlyConfigured(
        "SITE_URL must be the site's public address when DEBUG is off: it is printed in the "
        "QR code of every signed PDF (see .env.example)"
    )
# Plans with more matrix rows than this render their draft PDF in the background.
PDF_BACKGROUND_ROWS = env_int("PDF_BACKGROUND_ROWS", 200)

# The cache every process shares (rendered matrix tables). CACHE_URL=db (default: a table
# in the database, made by migrate), redis://host:port/db, locmem (one process only) or
# dummy (no cache).
CACHE_URL = env("CACHE_URL", "db")
_CACHE_BACKENDS = {
    "db": "django.core.cache.backends.db.DatabaseCache",
    "locmem": "django.core.cache.backends.locmem.LocMemCache",
    "dummy": "django.core.cache.backends.dummy.DummyCache",
}
if CACHE_URL.startswith(("redis://", "rediss://")):
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": CACHE_URL}
    }
elif CACHE_URL in _CACHE_BACKENDS:
    CACHES = {"default": {"BACKEND": _CACHE_BACKENDS[CACHE_URL], "LOCATION": "zi_cache"}}
else:
    raise ImproperlyConfigured(
        f"CACHE_URL must be db, redis://..., locmem or dummy, not {CACHE_URL!r}"
    )
# In front of it, each process keeps the tables it served last: their keys name the plan's
# state, so a copy is never stale, and the shared cache is read only once per process.
CACHES["local"] = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "zi-local",
    "OPTIONS": {"MAX_ENTRIES": 200},
}
# A rendered matrix is also dropped after this many seconds, whatever happens.
MATRIX_CACHE_SECONDS = env_int("MATRIX_CACHE_SECONDS", 600)

# The public survey form: responses an hour from one device, from one address (a court's
# Wi-Fi is one address for many visitors) and from a service-desk kiosk.
SURVEY_PER_DEVICE_HOUR = env_int("SURVEY_PER_DEVICE_HOUR", 3)
SURVEY_PER_ADDRESS_HOUR = env_int("SURVEY_PER_ADDRESS_HOUR", 30)
SURVEY_KIOSK_PER_HOUR = env_int("SURVEY_KIOSK_PER_HOUR", 120)

# Background jobs (django-tasks). TASKS_BACKEND=database: jobs wait in the database and
# `manage.py db_worker` runs them (the embedded default; several workers never take the
# same job). TASKS_BACKEND=rq: jobs wait in Redis at REDIS_URL and `manage.py rqworker
# --with-scheduler --job-class django_tasks_rq.Job` runs them. TASKS_BACKEND=immediate
# runs each job inside the request that asked for it (no worker: for trying things out).
TASK_BACKENDS = {
    "database": "django_tasks_db.DatabaseBackend",
    "rq": "django_tasks_rq.RQBackend",
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
}
TASKS_BACKEND = env("TASKS_BACKEND", "database")
if TASKS_BACKEND not in TASK_BACKENDS:
    raise ImproperlyConfigured(
        f"TASKS_BACKEND must be one of {', '.join(TASK_BACKENDS)}, not {TASKS_BACKEND!r}"
    )
TASKS = {"default": {"BACKEND": TASK_BACKENDS[TASKS_BACKEND], "QUEUES": ["default"]}}
if TASKS_BACKEND == "rq":
    INSTALLED_APPS += ["django_rq", "django_tasks_rq"]
    RQ_QUEUES = {"default": {"URL": env("REDIS_URL", "redis://127.0.0.1:6379/0")}}
# A failed job is tried again after these many seconds (then fails for good).
try:
    TASK_RETRY_DELAYS = [int(item) for item in env_list("TASK_RETRY_DELAYS", "30,120,600")]
except ValueError:
    raise ImproperlyConfigured(
        "TASK_RETRY_DELAYS must be seconds separated by commas, such as 30,120,600"
    ) from None

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Security headers for production; behind a TLS-terminating proxy set SECURE_PROXY=1.
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
if env_bool("SECURE_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

EMAIL_BACKEND = env("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "zi-tracker@localhost")
EMAIL_HOST = env("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
# Reminders (send_reminders): this month's items from this many days before month end; the
# team lead's weekly digest on this weekday (0 = Monday) or the first run after it.
REMINDER_DAYS_BEFORE_MONTH_END = env_int("REMINDER_DAYS_BEFORE_MONTH_END", 7)
REMINDER_DIGEST_WEEKDAY = env_int("REMINDER_DIGEST_WEEKDAY", 0)

# --- Logins: lockout, login record, idle timeout, second factor ---------------------------
# django-axes counts failed logins per account and per address (AXES_LOCKOUT_PARAMETERS
# lists them separately): after LOGIN_FAILURE_LIMIT failures either is locked for
# LOGIN_LOCKOUT_MINUTES (0: until an administrator unlocks it in /admin/ or with
# `manage.py axes_reset`). Its access log records logins, failures and logouts.
INSTALLED_APPS += ["axes", "django_otp", "django_otp.plugins.otp_totp"]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 10)
_LOCKOUT_MINUTES = env_int("LOGIN_LOCKOUT_MINUTES", 30)
AXES_COOLOFF_TIME = timedelta(minutes=_LOCKOUT_MINUTES) if _LOCKOUT_MINUTES else None
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_ENABLE_ACCESS_FAILURE_LOG = True
AXES_LOCKOUT_CALLABLE = "components.logins.locked_out"
AXES_CLIENT_IP_CALLABLE = "zi_tracker.throttle.client_ip"
# Behind a proxy, the request header that carries the visitor's address (the proxy's own
# address is REMOTE_ADDR), e.g. HTTP_X_FORWARDED_FOR with nginx's
# `proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;`. Its last entry is used:
# the one the proxy added, which a visitor cannot forge.
CLIENT_IP_HEADER = env("CLIENT_IP_HEADER", "REMOTE_ADDR")
# A session ends after this many seconds without a request (default 8 hours). It is saved
# again at most every SESSION_IDLE_REFRESH seconds, not on every request.
SESSION_IDLE_TIMEOUT = env_int("SESSION_IDLE_TIMEOUT", 8 * 60 * 60)
SESSION_COOKIE_AGE = SESSION_IDLE_TIMEOUT
SESSION_IDLE_REFRESH = min(300, SESSION_IDLE_TIMEOUT // 10)
# TOTP (an authenticator app's six digits) after the password: always for administrators
# (staff and superusers), offered to chairpersons on their account page.
OTP_REQUIRED_FOR_ADMINS = env_bool("OTP_REQUIRED_FOR_ADMINS", True)
OTP_TOTP_ISSUER = "ZI Tracker"

# --- Headers: Content-Security-Policy, HTTPS ------------------------------------------
# No inline script anywhere (JavaScript lives in static/js/). Styles: stylesheets from
# here; style attributes are allowed (progress bar widths, table column widths), <style>
# elements are not, so injected markup cannot restyle a page.
INSTALLED_APPS += ["csp"]
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "style-src-attr": ["'unsafe-inline'"],
        "img-src": ["'self'", "data:", "blob:"],  # blob: the chosen photos' previews
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
# Behind HTTPS: send every http:// request to https:// and tell browsers to come back only
# over HTTPS for SECURE_HSTS_SECONDS (start small, then 31536000 once HTTPS works).
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", False)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
# HSTS preloading needs the whole domain (pn-sarolangun.go.id) submitted to the browsers'
# list by its owner; a court's app on a subdomain cannot do it, so the check is silenced.
SILENCED_SYSTEM_CHECKS = ["security.W021"]

# --- Throttles (public pages): counts per address in a cache every process shares -------
CACHES["throttle"] = {**CACHES["default"], "KEY_PREFIX": "throttle"}
# /verify/: at most this many requests (code guesses and uploads) per address and window.
VERIFY_THROTTLE_REQUESTS = env_int("VERIFY_THROTTLE_REQUESTS", 30)
VERIFY_THROTTLE_SECONDS = env_int("VERIFY_THROTTLE_SECONDS", 600)
# The other public pages (the survey form and its thanks, invitation links): per address.
PUBLIC_THROTTLE_REQUESTS = env_int("PUBLIC_THROTTLE_REQUESTS", 300)
PUBLIC_THROTTLE_SECONDS = env_int("PUBLIC_THROTTLE_SECONDS", 600)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
    # WeasyPrint reports every step of a render at INFO; its warnings still show.
    "loggers": {
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}
