import os

import pytest
from django.core.management import call_command

from components.models import Indicator, Plan, Role, Satker
from tests.factories import make_satker, make_user

# The S3 API server fixture (test_storage_s3.py), and a second installation to restore into.
pytest_plugins = ["tests.s3_server", "tests.installs"]

# Playwright's sync API runs an event loop in the test thread; Django must allow its ORM there.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """Debian's Chromium: Playwright cannot download its own browser on these machines."""
    return {
        **browser_type_launch_args,
        "executable_path": os.environ.get("CHROMIUM", "/usr/bin/chromium"),
        "args": CHROMIUM_ARGS,
    }


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Load the seed plan and the shipped LKE frameworks once per test session; each test
    runs in a rolled-back transaction."""
    with django_db_blocker.unblock():
        call_command("loaddata", "fixtures/frameworks.json", "fixtures/pn-sarolangun-2021.json")
        call_command("load_lke_framework", builtin=True, verbosity=0)


@pytest.fixture
def satker(db):
    return Satker.objects.get(slug="pn-sarolangun")


@pytest.fixture
def plan(satker):
    return Plan.objects.get(satker=satker, year=2021)


@pytest.fixture
def other_satker(db):
    return make_satker("pn-muara-bulian", "Pengadilan Negeri Muara Bulian")


@pytest.fixture
def users(satker, other_satker):
    """One user for each role in the seed's satker, an outsider from another, and an admin."""
    return {
        "staf": make_user("staf", satker, Role.STAF),
        "ketua_tim": make_user("ketua-tim", satker, Role.KETUA_TIM),
        "ketua": make_user("ketua", satker, Role.KETUA),
        "penilai": make_user("penilai", satker, Role.PENILAI),
        "outsider": make_user("outsider", other_satker, Role.KETUA_TIM),
        "admin": make_user("admin", is_superuser=True, is_staff=True),
    }


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Each test stores uploads in its own folder, so tests can count what was written."""
    root = tmp_path / "media"
    root.mkdir()
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(root)},
        },
    }
    return root


@pytest.fixture(autouse=True)
def empty_throttles():
    """Each test starts with no requests counted against any address."""
    from django.core.cache import caches

    caches["throttle"].clear()


@pytest.fixture
def requirement(plan, users):
    """1.2's first evidence row (planned for JAN); `staf` is PIC of indicator 1.2."""
    from evidence.services import assign_pic

    indicator = Indicator.objects.get(component__plan=plan, component__number=1, number=2)
    assign_pic(
        plan=plan, indicator=indicator, step=None, person=users["staf"], user=users["ketua_tim"]
    )
    return indicator.requirements.select_related("indicator__component__plan__satker").get(
        position=1
    )


@pytest.fixture
def english(client, settings):
    """The interface in English, for tests that read the English source strings: the
    client's language cookie and the code outside requests (Indonesian is the default)."""
    from django.utils import translation

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    with translation.override("en"):
        yield
