"""Download buttons download, with a name that says what the file is; "Lihat" opens it."""

import hashlib

import pytest
from django.core.files.base import ContentFile

from reports.models import SignedMatrix
from tests import samples
from tests.evidence_helpers import BASE, login

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed(plan, users):
    data = samples.pdf()
    signed = SignedMatrix(plan=plan, version=1, paper="a4", signed_by=users["ketua"],
                          sha256=hashlib.sha256(data).hexdigest(), size=len(data),
                          fingerprint="x", signatory_name="Ketua",
                          verify_url="http://t/verify/")  # fmt: skip
    signed.file.save("v1.pdf", ContentFile(data), save=False)
    signed.save()
    return signed


@pytest.mark.parametrize("url", ["matrix.pdf", "signed/1.pdf"])
def test_the_signed_pdf_downloads_as_an_attachment_with_its_name(client, users, signed, url):
    login(client, users["penilai"])
    response = client.get(BASE + url)
    assert response["Content-Disposition"] == (
        'attachment; filename="Matriks-ZI-PN-Sarolangun-2021-v1.pdf"'
    )
    view = client.get(BASE + url + "?lihat=1")
    assert view["Content-Disposition"].startswith("inline;")


def test_the_sign_page_offers_download_and_view(client, users, signed):
    login(client, users["ketua"])
    page = client.get(f"{BASE}sign/").content.decode()
    assert f'href="{BASE}signed/1.pdf"' in page
    assert f'href="{BASE}signed/1.pdf?lihat=1"' in page


def test_the_monev_report_downloads_as_an_attachment(client, users, plan):
    login(client, users["ketua_tim"])
    response = client.get(f"{BASE}monev/1.pdf")
    assert response["Content-Disposition"] == (
        'attachment; filename="Laporan-Monev-PN-Sarolangun-2021-01.pdf"'
    )
    assert client.get(f"{BASE}monev/1.pdf?lihat=1")["Content-Disposition"].startswith("inline")
