"""Every evidence view with every role, the outsider of another satker and an anonymous user."""

import pytest

from components.models import Role
from evidence.models import EvidenceFile
from evidence.services import submit_evidence
from evidence.uploads import prepare
from tests import samples
from tests.evidence_helpers import BASE, file_url, login, month_url
from tests.factories import make_user

pytestmark = pytest.mark.django_db

ROLES = ["staf", "staf_other", "ketua_tim", "ketua", "penilai", "outsider", "admin"]
MEMBERS = ["staf", "staf_other", "ketua_tim", "ketua", "penilai", "admin"]


@pytest.fixture
def world(users, satker, requirement):
    """A pending photo uploaded by `staf` (PIC of 1.2) for 1.2's first row, JAN."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    users["staf_other"] = make_user("staf-lain", satker, Role.STAF)
    prepared = [prepare(SimpleUploadedFile("foto.jpg", samples.jpeg()))]
    import uuid

    [photo] = submit_evidence(
        requirement=requirement,
        month=1,
        prepared=prepared,
        user=users["staf"],
        description="Foto",
        activity_date="2021-01-20",
        submission=uuid.uuid4(),
    )
    return {"users": users, "requirement": requirement, "file": photo}


def allowed(role, who):
    return role in who


READ_ONLY = [
    ("cell", lambda w: month_url(w["requirement"])),
    ("requirement", lambda w: f"{BASE}evidence/{w['requirement'].pk}/"),
    ("file", lambda w: file_url(w["file"])),
    ("download", lambda w: file_url(w["file"], "download")),
    ("thumbnail", lambda w: file_url(w["file"], "thumbnail")),
    ("activity", lambda w: f"{BASE}activity/"),
    ("pics", lambda w: f"{BASE}pics/"),
]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("view", "url"), READ_ONLY, ids=[v for v, _ in READ_ONLY])
def test_members_read_and_outsiders_find_nothing(client, world, role, view, url):
    login(client, world["users"][role])
    response = client.get(url(world))
    assert response.status_code == (200 if role in MEMBERS else 404)


@pytest.mark.parametrize(("view", "url"), READ_ONLY, ids=[v for v, _ in READ_ONLY])
def test_anonymous_users_are_sent_to_log_in(client, world, view, url):
    response = client.get(url(world))
    assert response.status_code == 302 and response.url.startswith("/accounts/login/")


@pytest.mark.parametrize("role", ROLES)
def test_the_review_queue_is_the_team_leads(client, world, role):
    login(client, world["users"][role])
    expected = {"ketua_tim": 200, "admin": 200, "outsider": 404}.get(role, 403)
    assert client.get(f"{BASE}review/").status_code == expected


UPLOADERS = ["staf", "ketua_tim", "admin"]


@pytest.mark.parametrize("role", ROLES)
def test_only_the_pic_and_the_team_lead_upload(client, world, role, media_root):
    from tests.evidence_helpers import upload

    login(client, world["users"][role])
    before = EvidenceFile.objects.count()
    response = upload(client, world["requirement"])
    if role in UPLOADERS:
        assert response.status_code == 302
        assert EvidenceFile.objects.count() == before + 1
    else:
        assert response.status_code == (404 if role == "outsider" else 403)
        assert EvidenceFile.objects.count() == before


@pytest.mark.parametrize("role", ROLES)
def test_only_the_team_lead_reviews(client, world, role):
    login(client, world["users"][role])
    response = client.post(file_url(world["file"], "review"), {"decision": "approve"})
    world["file"].refresh_from_db()
    if role in ("ketua_tim", "admin"):
        assert response.status_code == 302 and world["file"].status == "approved"
    else:
        assert response.status_code == (404 if role == "outsider" else 403)
        assert world["file"].status == "pending"


@pytest.mark.parametrize("role", ROLES)
def test_only_the_team_lead_ticks(client, world, role):
    login(client, world["users"][role])
    response = client.post(
        month_url(world["requirement"], 1, "realization"),
        {
            "realized": "1",
            "expected": "0",
            "note": "Rapat sudah dilaksanakan",
            "confirm_open": "on",
        },
    )
    cell = world["file"].cell
    cell.refresh_from_db()
    if role in ("ketua_tim", "admin"):
        assert response.status_code == 302 and cell.realized
    else:
        assert response.status_code == (404 if role == "outsider" else 403)
        assert not cell.realized


@pytest.mark.parametrize("role", ROLES)
def test_the_uploader_and_the_team_lead_withdraw(client, world, role):
    login(client, world["users"][role])
    response = client.post(file_url(world["file"], "withdraw"), {"reason": "Salah bulan"})
    world["file"].refresh_from_db()
    if role in ("staf", "ketua_tim", "admin"):
        assert response.status_code == 302 and world["file"].status == "withdrawn"
    else:
        assert response.status_code == (404 if role == "outsider" else 403)
        assert world["file"].status == "pending"


@pytest.mark.parametrize("role", ROLES)
def test_only_the_team_lead_assigns_pics(client, world, role):
    from evidence.models import Assignment

    login(client, world["users"][role])
    indicator = world["requirement"].indicator
    before = Assignment.objects.count()
    response = client.post(
        f"{BASE}pics/",
        {"action": "add", "indicator": indicator.pk, "user": world["users"]["staf_other"].pk},
    )
    if role in ("ketua_tim", "admin"):
        assert response.status_code == 302 and Assignment.objects.count() == before + 1
    else:
        assert response.status_code == (404 if role == "outsider" else 403)
        assert Assignment.objects.count() == before


@pytest.mark.parametrize(
    ("method", "url"),
    [
        ("get", lambda w: month_url(w["requirement"], 1, "upload")),
        ("get", lambda w: month_url(w["requirement"], 1, "realization")),
        ("get", lambda w: file_url(w["file"], "review")),
        ("get", lambda w: file_url(w["file"], "withdraw")),
        ("post", lambda w: month_url(w["requirement"])),
        ("post", lambda w: file_url(w["file"])),
        ("post", lambda w: f"{BASE}review/"),
        ("post", lambda w: f"{BASE}activity/"),
        ("post", lambda w: "/tasks/"),
    ],
)
def test_wrong_methods_are_refused(client, world, method, url):
    login(client, world["users"]["ketua_tim"])
    assert getattr(client, method)(url(world)).status_code == 405


def test_months_and_rows_outside_the_plan_are_not_found(client, world, other_satker):
    from tests.factories import make_plan

    login(client, world["users"]["ketua_tim"])
    requirement = world["requirement"]
    assert client.get(month_url(requirement, 13)).status_code == 404
    assert client.get(month_url(requirement, 0)).status_code == 404
    other = make_plan(other_satker, 2021)
    foreign = other.components.first().indicators.first().requirements.first()
    assert client.get(month_url(foreign, 1)).status_code == 404  # another plan's row
    from tests.evidence_helpers import upload

    assert upload(client, foreign).status_code == 404
    assert not EvidenceFile.objects.filter(cell__requirement=foreign).exists()


def test_a_file_is_not_reachable_through_another_plans_url(client, world, plan, satker):
    from components.models import Plan

    Plan.objects.create(satker=satker, year=2022, title="2022", framework=plan.framework)
    login(client, world["users"]["ketua_tim"])
    url = f"/plans/pn-sarolangun/2022/files/{world['file'].public_id}/"
    assert client.get(url).status_code == 404


def test_there_is_no_public_media_url(client, world, media_root):
    name = world["file"].file.name
    assert (media_root / name).is_file()
    for prefix in ("/media/", "/static/", "/"):
        assert client.get(prefix + name).status_code in (302, 404)
