"""A photo cut in half is refused, even after WeasyPrint made Pillow lenient for the process."""

import io

import pytest
import weasyprint  # noqa: F401 - sets PIL.ImageFile.LOAD_TRUNCATED_IMAGES = True on import
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageFile

from evidence.models import EvidenceFile
from evidence.uploads import UploadRejected, prepare
from reports.models import SignedMatrix
from tests.evidence_helpers import BASE, login, upload

pytestmark = pytest.mark.django_db


def noisy(fmt):
    """A photo whose pixels do not compress away, so half of it is really half."""
    image = Image.frombytes("RGB", (200, 150), bytes(range(256)) * 351 + bytes(222))
    buffer = io.BytesIO()
    image.save(buffer, fmt)
    return buffer.getvalue()


def half(data):
    return data[: len(data) // 2]


@pytest.mark.parametrize("name, fmt", [("foto.jpg", "JPEG"), ("foto.png", "PNG")])
def test_a_truncated_photo_is_refused_after_weasyprint_is_imported(name, fmt):
    ImageFile.LOAD_TRUNCATED_IMAGES = True  # what importing WeasyPrint did
    with pytest.raises(UploadRejected):
        prepare(SimpleUploadedFile(name, half(noisy(fmt))))
    assert ImageFile.LOAD_TRUNCATED_IMAGES is True  # left as WeasyPrint wants it


def test_a_truncated_photo_is_not_stored_as_evidence(client, users, requirement):
    ImageFile.LOAD_TRUNCATED_IMAGES = True
    login(client, users["staf"])
    response = upload(client, requirement, files=[("foto.jpg", half(noisy("JPEG")))])
    assert response.status_code == 400
    assert not EvidenceFile.objects.exists()
    assert prepare(SimpleUploadedFile("foto.jpg", noisy("JPEG"))).size > 0  # whole: fine


@pytest.mark.parametrize("fmt", ["JPEG", "PNG"])
def test_a_truncated_signature_image_is_refused(client, users, fmt):
    ImageFile.LOAD_TRUNCATED_IMAGES = True
    login(client, users["ketua"])
    signature = SimpleUploadedFile("ttd." + fmt.lower(), half(noisy(fmt)))
    response = client.post(f"{BASE}sign/", {"paper": "a4", "confirm": "on", "signature": signature})
    assert response.status_code == 400
    assert not SignedMatrix.objects.exists()
