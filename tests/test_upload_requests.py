"""Requests carrying more files than a form takes, or files in fields it does not have.

Each upload form refuses them with a message and changes nothing; none raises a server error
(the test client re-raises one). Django used to close the first file when the upload
handler skipped the second, and the view then failed on "I/O operation on closed file".
"""

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from django.utils.translation import gettext, ngettext

from assessment.models import Assessment
from evidence.models import EvidenceFile
from reports.models import PlanImport, SignedMatrix
from tests import samples
from tests.evidence_helpers import BASE, login, messages_of, stored_files, upload
from tests.lke_helpers import load

pytestmark = pytest.mark.django_db


def one_at_a_time():
    with translation.override("id"):
        return ngettext(
            "This form takes %(max)d file at a time; nothing was saved.",
            "This form takes at most %(max)d files at a time; nothing was saved.",
            1,
        ) % {"max": 1}


def unexpected():
    with translation.override("id"):
        return gettext("The form received a file it does not take; nothing was saved.")


def two(name="a.pdf", data=None):
    data = data or samples.pdf()
    return [SimpleUploadedFile(name, data), SimpleUploadedFile("b-" + name, data)]


@pytest.fixture
def signed(plan, users):
    data = samples.pdf()
    signed = SignedMatrix(plan=plan, version=1, paper="a4", signed_by=users["ketua"],
                          sha256="0" * 64, size=len(data), fingerprint="x",
                          signatory_name="Ketua", verify_url="http://t/verify/")  # fmt: skip
    signed.file.save("v1.pdf", ContentFile(data), save=False)
    signed.save()
    return signed


@pytest.mark.parametrize(
    "files, message",
    [
        ({"file": two()}, one_at_a_time),
        ({"other": SimpleUploadedFile("a.pdf", samples.pdf())}, unexpected),
        (
            {"file": SimpleUploadedFile("a.pdf", b"x"), "x": SimpleUploadedFile("b", b"y")},
            unexpected,
        ),
    ],
)
def test_it_refuses_extra_files_on_the_public_verify_page(client, signed, files, message):
    response = client.post(f"/verify/{signed.code}/", files)
    assert response.status_code == 400
    html = response.content.decode()
    assert message() in html
    assert "alert-success" not in html and "alert-danger" not in html


def test_it_refuses_two_workbooks_on_the_plan_import_page(client, users):
    login(client, users["ketua_tim"])
    response = client.post(
        "/satker/pn-sarolangun/import/", {"file": two("rencana.xlsx", samples.xlsx()), "year": 2022}
    )
    assert response.status_code == 400
    assert one_at_a_time() in response.content.decode()
    assert not PlanImport.objects.exists()


def test_it_refuses_two_workbooks_on_the_lke_import_page(client, users, satker):
    tree = load("90/2021")
    Assessment.objects.create(satker=satker, year=2021, framework=tree.framework)
    login(client, users["ketua_tim"])
    response = client.post(
        "/assessment/pn-sarolangun/2021/import/",
        {"file": two("lke.xlsx", samples.xlsx()), "tier": "unit"},
    )
    assert response.status_code == 400
    assert one_at_a_time() in response.content.decode()


def test_it_refuses_two_signature_images_and_does_not_sign(client, users):
    login(client, users["ketua"])
    response = client.post(
        f"{BASE}sign/",
        {"paper": "a4", "confirm": "on", "signature": two("ttd.png", samples.png())},
    )
    assert response.status_code == 400
    assert one_at_a_time() in response.content.decode()
    assert not SignedMatrix.objects.exists()


def test_it_refuses_a_signature_image_in_another_field(client, users):
    login(client, users["ketua"])
    response = client.post(
        f"{BASE}sign/",
        {"paper": "a4", "confirm": "on", "file": SimpleUploadedFile("ttd.png", samples.png())},
    )
    assert response.status_code == 400
    assert unexpected() in response.content.decode()
    assert not SignedMatrix.objects.exists()


def test_evidence_upload_refuses_a_file_outside_its_files_field(client, users, plan, media_root):
    requirement = plan.components.get(number=1).indicators.first().requirements.first()
    login(client, users["ketua_tim"])
    response = upload(
        client, requirement, follow=True, file=SimpleUploadedFile("x.pdf", samples.pdf())
    )
    assert unexpected() in messages_of(response)
    assert not EvidenceFile.objects.exists()
    assert stored_files(media_root) == []


def test_evidence_upload_still_takes_several_files(client, users, plan):
    requirement = plan.components.get(number=1).indicators.first().requirements.first()
    login(client, users["ketua_tim"])
    files = [("a.pdf", samples.pdf()), ("b.jpg", samples.jpeg()), ("c.png", samples.png())]
    assert upload(client, requirement, files=files).status_code == 302
    assert EvidenceFile.objects.count() == 3
