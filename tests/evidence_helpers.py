import uuid

from django.core.files.uploadedfile import SimpleUploadedFile

from tests import samples
from tests.factories import PASSWORD

BASE = "/plans/pn-sarolangun/2021/"


def login(client, user):
    client.logout()
    assert client.login(username=user.username, password=PASSWORD)


def month_url(requirement, month=1, action=""):
    return f"{BASE}evidence/{requirement.pk}/{month}/{action + '/' if action else ''}"


def file_url(evidence_file, action=""):
    return f"{BASE}files/{evidence_file.public_id}/{action + '/' if action else ''}"


def upload(client, requirement, files=None, month=1, token=None, follow=False, **fields):
    """POST an upload like the browser form does; files is a list of (name, bytes)."""
    if files is None:
        files = [("foto.jpg", samples.jpeg())]
    data = {
        "description": "Foto rapat penyusunan rencana aksi",
        "activity_date": "2021-01-20",
        "submission": str(token or uuid.uuid4()),
        "files": [SimpleUploadedFile(name, content) for name, content in files],
        **fields,
    }
    return client.post(month_url(requirement, month, "upload"), data, follow=follow)


def stored_files(media_root):
    return sorted(p.relative_to(media_root) for p in media_root.rglob("*") if p.is_file())


def messages_of(response):
    return [str(m) for m in response.context["messages"]] if response.context else []
