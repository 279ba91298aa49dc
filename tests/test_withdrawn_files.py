"""Files are addressed by a random public id; a withdrawn file opens only for its uploader
and the team lead."""

import pytest

from evidence.models import EvidenceFile
from tests import samples
from tests.evidence_helpers import BASE, file_url, login, upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def withdrawn(client, users, requirement):
    login(client, users["staf"])
    assert upload(client, requirement, [("keliru.jpg", samples.jpeg())]).status_code == 302
    f = EvidenceFile.objects.get()
    assert client.post(file_url(f, "withdraw"), {"reason": "Salah unggah"}).status_code == 302
    f.refresh_from_db()
    assert f.status == EvidenceFile.Status.WITHDRAWN
    return f


ROLES = [("staf", 200), ("ketua_tim", 200), ("admin", 200),
         ("ketua", 404), ("penilai", 404), ("outsider", 404)]  # fmt: skip


@pytest.mark.parametrize("role, status", ROLES)
def test_a_withdrawn_file_opens_only_for_its_uploader_and_the_team_lead(
    client, users, withdrawn, role, status
):
    login(client, users[role])
    for action in ("", "download", "thumbnail"):
        assert client.get(file_url(withdrawn, action)).status_code == status


def test_file_addresses_use_the_public_id_not_the_sequential_pk(client, users, requirement):
    login(client, users["staf"])
    upload(client, requirement, [("foto.jpg", samples.jpeg())])
    f = EvidenceFile.objects.get()
    assert str(f.public_id) in f.get_absolute_url() and f"/{f.pk}/" not in f.get_absolute_url()
    assert client.get(f"{BASE}files/{f.pk}/").status_code == 404
    assert client.get(file_url(f)).status_code == 200
    panel = client.get(f"{BASE}evidence/{requirement.pk}/1/").content.decode()
    assert f"files/{f.public_id}/" in panel
