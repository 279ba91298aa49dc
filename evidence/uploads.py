"""Checking and preparing uploaded evidence: size while streaming, type from the bytes.

Accepted: PDF; JPEG, PNG, WebP and HEIC photos; DOCX, XLSX, PPTX; MP4. Anything else, or a
file that pretends to be one of these, is refused with a message in the user's language and
nothing is stored. Photos are decoded and written again: turned upright from EXIF, GPS and
comments dropped, HEIC converted to JPEG so every browser can show it, a thumbnail made.
"""

import hashlib
import io
import re
import unicodedata
import warnings
import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.core.files.base import ContentFile, File
from django.core.files.uploadhandler import FileUploadHandler, SkipFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

try:
    import pillow_heif

    pillow_heif.register_heif_opener()
except ImportError:  # pragma: no cover - HEIC then fails as an unreadable photo
    pillow_heif = None

CHUNK = 1024 * 1024
GPS_IFD = 0x8825
MAX_NAME_LENGTH = 200

HEIC_BRANDS = {b"heic", b"heix", b"heim", b"heis", b"hevc", b"hevx", b"mif1", b"msf1"}
MP4_BRANDS = {b"isom", b"iso2", b"iso4", b"iso5", b"iso6", b"mp41", b"mp42", b"avc1", b"M4V "}
OFFICE_TYPES = {
    "word/document.xml": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ".docx",
    ),
    "xl/workbook.xml": (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ".xlsx",
    ),
    "ppt/presentation.xml": (
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        ".pptx",
    ),
}
# Markup that makes a browser run something. Found anywhere in a file, it makes the file a
# polyglot (valid as two types at once), which we refuse.
ACTIVE_MARKUP = re.compile(
    rb"<\s*(?:script|html|svg|iframe|object|embed|body|!doctype\s+html)\b", re.IGNORECASE
)
PDF_ACTIONS = re.compile(rb"/(?:JavaScript|JS|Launch|RichMedia)\b")


class UploadRejected(Exception):
    """A file we will not store; the message is for the user."""


class SizeLimitUploadHandler(FileUploadHandler):
    """Stop reading a file the moment it passes the size limit.

    The rest of that file is skipped, not written anywhere; its name is remembered on the
    request (request.oversized_uploads) so the view can say which file was too large.
    """

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.received = 0

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received > settings.EVIDENCE_MAX_FILE_BYTES:
            if not hasattr(self.request, "oversized_uploads"):
                self.request.oversized_uploads = []
            self.request.oversized_uploads.append(self.file_name)
            raise SkipFile
        return raw_data

    def file_complete(self, file_size):
        return None


def too_large_message(name):
    return _("%(name)s is larger than the limit of %(limit)s.") % {
        "name": name,
        "limit": filesizeformat(settings.EVIDENCE_MAX_FILE_BYTES),
    }


@dataclass
class PreparedFile:
    """A checked upload, ready to store: its bytes, type and provenance."""

    original_name: str
    content: File
    content_type: str
    extension: str
    size: int
    sha256: str
    thumbnail: ContentFile | None = None
    note: str = ""


def clean_name(name):
    """The user's file name, normalised for display, or UploadRejected.

    Django has already dropped any path (old browsers send C:\\fakepath\\...) and control
    characters; the storage name is ours, so the user's name never reaches a path.
    """
    name = unicodedata.normalize("NFC", name or "").strip()
    if not name or name in {".", ".."}:
        raise UploadRejected(_("The file has no name."))
    if len(name) > MAX_NAME_LENGTH:
        raise UploadRejected(
            _("The file name is too long (at most %(max)d characters): %(name)s…")
            % {"max": MAX_NAME_LENGTH, "name": name[:40]}
        )
    if any(unicodedata.category(ch)[0] == "C" for ch in name):
        raise UploadRejected(_("The file name contains control characters."))
    return name


def prepare(upload):
    """Check one uploaded file and return a PreparedFile, or raise UploadRejected."""
    name = clean_name(upload.name)
    if upload.size == 0:
        raise UploadRejected(_("%(name)s is empty.") % {"name": name})
    if upload.size > settings.EVIDENCE_MAX_FILE_BYTES:
        raise UploadRejected(too_large_message(name))
    upload.seek(0)
    head = upload.read(64)
    upload.seek(0)
    kind, content_type, extension = _sniff(head, upload, name)
    _refuse_active_content(upload, name, kind)
    if kind == "image":
        return _prepare_image(upload, name, content_type)
    upload.seek(0)
    sha256 = _sha256(upload)
    upload.seek(0)
    return PreparedFile(name, upload, content_type, extension, upload.size, sha256)


def _sniff(head, upload, name):
    """(kind, content type, extension) read from the file's first bytes."""
    if head.startswith(b"%PDF-"):
        return "pdf", "application/pdf", ".pdf"
    if head.startswith(b"\xff\xd8\xff"):
        return "image", "image/jpeg", ".jpg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image", "image/png", ".png"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image", "image/webp", ".webp"
    if head[4:8] == b"ftyp":
        box_size = int.from_bytes(head[:4], "big")
        brands = {head[8:12]} | {
            head[i : i + 4] for i in range(16, min(box_size, len(head)) - 3, 4)
        }
        if head[8:12] in HEIC_BRANDS or brands & {b"heic", b"heix"}:
            return "image", "image/heic", ".heic"
        if brands & MP4_BRANDS:
            return "video", "video/mp4", ".mp4"
    if head.startswith(b"PK\x03\x04"):
        content_type, extension = _office_type(upload, name)
        return "office", content_type, extension
    raise UploadRejected(
        _(
            "%(name)s is not an accepted file type. Upload PDF, a photo (JPEG, PNG, WebP, "
            "HEIC), Word, Excel or PowerPoint (DOCX, XLSX, PPTX) or MP4 video."
        )
        % {"name": name}
    )


def _office_type(upload, name):
    """Check an OOXML package: its main part, no macros, no zip bomb."""
    try:
        with zipfile.ZipFile(upload) as package:
            entries = package.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise UploadRejected(
            _("%(name)s is damaged and cannot be read.") % {"name": name}
        ) from None
    names = {entry.filename for entry in entries}
    unpacked = sum(entry.file_size for entry in entries)
    packed = sum(entry.compress_size for entry in entries) or 1
    if (
        len(entries) > 5000
        or unpacked > 20 * settings.EVIDENCE_MAX_FILE_BYTES
        or (unpacked > 10 * CHUNK and unpacked / packed > 200)
    ):
        raise UploadRejected(
            _("%(name)s unpacks to an implausible size and is refused.") % {"name": name}
        )
    if any(n.lower().endswith("vbaproject.bin") for n in names):
        raise UploadRejected(
            _("%(name)s contains macros, which are not accepted.") % {"name": name}
        )
    if "[Content_Types].xml" in names:
        for part, found in OFFICE_TYPES.items():
            if part in names:
                return found
    raise UploadRejected(
        _("%(name)s is a ZIP archive, not a Word, Excel or PowerPoint document.") % {"name": name}
    )


def _refuse_active_content(upload, name, kind):
    """Refuse markup a browser would run, anywhere in the file, and scripted PDFs."""
    upload.seek(0)
    tail = b""
    while chunk := upload.read(CHUNK):
        window = tail + chunk
        if ACTIVE_MARKUP.search(window):
            raise UploadRejected(
                _("%(name)s contains web page code (HTML or script) and is refused.")
                % {"name": name}
            )
        if kind == "pdf" and PDF_ACTIONS.search(window):
            raise UploadRejected(
                _("%(name)s is a PDF with embedded scripts or actions and is refused.")
                % {"name": name}
            )
        tail = window[-32:]
    upload.seek(0)


def _prepare_image(upload, name, content_type):
    """Decode the photo fully, turn it upright, drop GPS and comments, make a thumbnail."""
    max_pixels = settings.EVIDENCE_MAX_IMAGE_PIXELS
    bad = UploadRejected(_("%(name)s is not a readable photo.") % {"name": name})
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            upload.seek(0)
            image = Image.open(upload)
            if image.width * image.height > max_pixels:
                raise UploadRejected(
                    _("%(name)s is %(w)d × %(h)d pixels; photos may have at most %(max)d million.")
                    % {
                        "name": name,
                        "w": image.width,
                        "h": image.height,
                        "max": max_pixels // 10**6,
                    }
                )
            image.load()
            upright = ImageOps.exif_transpose(image)
    except UploadRejected:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise UploadRejected(
            _("%(name)s would unpack to an enormous image and is refused.") % {"name": name}
        ) from None
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError, EOFError):
        raise bad from None

    exif = upright.getexif()
    exif.pop(GPS_IFD, None)
    exif.pop(0x0112, None)  # orientation: the pixels are upright now
    options = {"exif": exif.tobytes()}
    if icc := image.info.get("icc_profile"):
        options["icc_profile"] = icc

    note = ""
    if content_type in ("image/jpeg", "image/heic"):
        if content_type == "image/heic":
            note = _("converted from HEIC to JPEG")
        content_type, extension, fmt = "image/jpeg", ".jpg", "JPEG"
        upright = upright.convert("RGB") if upright.mode not in ("RGB", "L") else upright
        options.update(quality=90, optimize=True)
    elif content_type == "image/png":
        extension, fmt = ".png", "PNG"
    else:
        extension, fmt = ".webp", "WEBP"
        options.update(quality=90)
    clean = upright.copy()
    clean.info = {}  # no comments, XMP or text chunks from the original
    buffer = io.BytesIO()
    clean.save(buffer, fmt, **options)
    data = buffer.getvalue()

    thumb = clean.convert("RGB")
    thumb.thumbnail((480, 480))
    thumb_buffer = io.BytesIO()
    thumb.save(thumb_buffer, "JPEG", quality=80)

    return PreparedFile(
        original_name=name,
        content=ContentFile(data),
        content_type=content_type,
        extension=extension,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        thumbnail=ContentFile(thumb_buffer.getvalue()),
        note=note,
    )


def _sha256(fileobj):
    digest = hashlib.sha256()
    while chunk := fileobj.read(CHUNK):
        digest.update(chunk)
    return digest.hexdigest()


def sha256_of_stored(storage, name):
    """Re-hash a stored file (verify_evidence); raises FileNotFoundError/OSError if gone."""
    with storage.open(name, "rb") as stored:
        return _sha256(stored)
