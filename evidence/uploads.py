"""Checking and preparing uploaded evidence: size while streaming, type from the bytes.

Accepted: PDF; JPEG, PNG, WebP and HEIC photos; DOCX, XLSX, PPTX; MP4. Anything else, or a
file that pretends to be one of these, is refused with a message in the user's language and
nothing is stored. Photos are decoded and written again: turned upright from EXIF, GPS and
comments dropped, HEIC converted to JPEG so every browser can show it, a thumbnail made.
"""

import hashlib
import io
import logging
import re
import unicodedata
import warnings
import zipfile
from contextlib import contextmanager
from dataclasses import dataclass

import pikepdf
from django.conf import settings
from django.core.files.base import ContentFile, File
from django.core.files.uploadhandler import FileUploadHandler, SkipFile, StopUpload
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from PIL import Image, ImageFile, ImageOps

try:
    import pillow_heif

    pillow_heif.register_heif_opener()
except ImportError:  # pragma: no cover - HEIC then fails as an unreadable photo
    pillow_heif = None

logger = logging.getLogger(__name__)

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
# Markup that makes a browser run something. Found in a document's bytes, it makes the file
# a polyglot (valid as two types at once), which we refuse. The patterns are long enough
# that compressed data does not match them by chance (a bare "<svg" would, in about one
# 10 MB file in fifty).
ACTIVE_MARKUP = re.compile(
    rb"<\s*(?:script|html|iframe|object|embed|body|!doctype\s+html)\b"
    rb"|<svg\s[^>]{0,200}xmlns"
    rb"|<img\b[^>]{0,200}\bon[a-z]+\s*="
    rb"|javascript:",
    re.IGNORECASE,
)
# PDF features that run or carry something: scripts, actions run on opening or on events,
# launching programs, attached files, forms. Looked for as dictionary keys, and as action
# types (/S), in every object of the parsed document.
PDF_ACTIVE_KEYS = frozenset(
    {"/JS", "/JavaScript", "/OpenAction", "/AA", "/Launch", "/EmbeddedFiles", "/EmbeddedFile",
     "/EF", "/AcroForm", "/XFA", "/RichMedia", "/RichMediaContent"}
)  # fmt: skip
PDF_ACTIVE_ACTIONS = frozenset(
    {"/JavaScript", "/Launch", "/GoToE", "/GoToR", "/SubmitForm", "/ImportData",
     "/ResetForm", "/RichMediaExecute", "/Rendition", "/Sound", "/Movie"}
)  # fmt: skip
# Words in a photo's text metadata (comments, XMP, PNG text) that mark a polyglot.
IMAGE_TEXT_MARKUP = re.compile(r"<\s*(?:script|html|svg|iframe|body|img)\b|javascript:", re.I)


class UploadRejected(Exception):
    """A file we will not store; the message is for the user."""


class SizeLimitUploadHandler(FileUploadHandler):
    """Stop reading a file the moment it passes the size limit; refuse files not asked for.

    The rest of an oversized file is skipped, not written anywhere; its name is remembered
    on the request (request.oversized_uploads) so the view can say which file was too
    large. A view decorated with zi_tracker.middleware.upload_limit names the fields it
    takes files in and how many: a file past that number, or in another field, stops the
    whole upload and leaves the reason in request.refused_upload, which the view shows
    instead of reading its files. (Skipping only that file would not do: Django then
    closes the file the next handler still holds, the previous one, and the view fails on
    a closed file.) Views without the decorator take any number of evidence-sized files.
    """

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.received = 0
        limit = getattr(self.request, "upload_limit", None)
        self.max_bytes = settings.EVIDENCE_MAX_FILE_BYTES if limit is None else limit.bytes
        if limit is None:
            return
        self.request.files_seen = getattr(self.request, "files_seen", 0) + 1
        if self.field_name not in limit.fields:
            self._refuse(_("The form received a file it does not take; nothing was saved."))
        if limit.max_files is not None and self.request.files_seen > limit.max_files:
            self._refuse(
                ngettext(
                    "This form takes %(max)d file at a time; nothing was saved.",
                    "This form takes at most %(max)d files at a time; nothing was saved.",
                    limit.max_files,
                )
                % {"max": limit.max_files}
            )

    def _refuse(self, message):
        self.request.refused_upload = message
        raise StopUpload(connection_reset=False)

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received > self.max_bytes:
            if not hasattr(self.request, "oversized_uploads"):
                self.request.oversized_uploads = []
            self.request.oversized_uploads.append(self.file_name)
            raise SkipFile
        return raw_data

    def file_complete(self, file_size):
        return None


def refused_upload(request):
    """Why the upload handler refused this request's files, or None.

    When set, the request's files may be closed and incomplete: show the message, read
    nothing."""
    request.FILES  # noqa: B018 - the upload handler decides while Django parses the body
    return getattr(request, "refused_upload", None)


def bound_upload_form(form_class, request, field="file", **kwargs):
    """`form_class` bound to the request (unbound on GET). If the upload was refused, it is
    bound to no files and shows the reason on `field`, so it is not valid."""
    refusal = refused_upload(request)
    if refusal is None:
        if request.method != "POST":
            return form_class(**kwargs)
        return form_class(request.POST, request.FILES, **kwargs)
    return refuse_file(form_class(request.POST, {}, **kwargs), field, refusal)


def refuse_file(form, field, message):
    """Validate the rest of `form` and show only `message` on its file `field`: a file cut off
    for its size must not also read "this field is required"."""
    form.is_valid()
    form.errors[field] = form.error_class([message])
    form.cleaned_data.pop(field, None)
    return form


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
    # What the uploader sent, where we stored a re-encoded photo instead.
    original_size: int | None = None
    original_sha256: str = ""


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
    try:
        kind, content_type, extension = _sniff(head, upload, name)
        if kind == "image":
            return _prepare_image(upload, name, content_type)
        _check_structure(upload, name, kind)
        _refuse_active_content(upload, name, kind)
    except UploadRejected:
        raise
    except Exception:  # a parser's surprise on hostile bytes is a refusal, not a 500
        logger.warning("Unreadable upload %r", name, exc_info=True)
        raise UploadRejected(
            _("%(name)s is damaged and cannot be read.") % {"name": name}
        ) from None
    upload.seek(0)
    sha256 = _sha256(upload)
    upload.seek(0)
    return PreparedFile(name, upload, content_type, extension, upload.size, sha256)


def _check_structure(upload, name, kind):
    """A PDF parses (qpdf) with at least a page and nothing active in it; an MP4 is a chain
    of boxes filling the file, with a movie box."""
    damaged = UploadRejected(_("%(name)s is damaged and cannot be read.") % {"name": name})
    size = upload.size
    if kind == "pdf":
        upload.seek(0)
        try:
            with pikepdf.open(upload) as document:
                if len(document.pages) == 0:
                    raise damaged
                if pdf_is_active(document):
                    raise UploadRejected(_active_pdf_message(name))
        except pikepdf.PdfError:  # includes a password we do not have
            raise damaged from None
    elif kind == "video":
        offset, boxes = 0, set()
        while offset < size:
            upload.seek(offset)
            header = upload.read(16)
            if len(header) < 8:
                raise damaged
            box_size, box_type = int.from_bytes(header[:4], "big"), header[4:8]
            if box_size == 1:
                box_size = int.from_bytes(header[8:16], "big")
            elif box_size == 0:
                box_size = size - offset
            if box_size < 8 or offset + box_size > size:
                raise damaged
            boxes.add(box_type)
            offset += box_size
        if b"moov" not in boxes:
            raise damaged


def pdf_is_active(document):
    """Whether a parsed PDF (pikepdf) carries scripts, actions, launches, attached files or
    forms anywhere: every object, those packed in compressed object streams too, and the
    dictionaries and arrays written inside them."""
    pending = [document.trailer, *document.objects]
    while pending:
        obj = pending.pop()
        if isinstance(obj, pikepdf.Stream):
            obj = obj.stream_dict
        if isinstance(obj, pikepdf.Dictionary):
            keys = set(obj.keys())
            if keys & PDF_ACTIVE_KEYS or str(obj.get("/S", "")) in PDF_ACTIVE_ACTIONS:
                return True
            children = [obj.get(key) for key in keys]
        elif isinstance(obj, pikepdf.Array):
            children = list(obj)
        else:
            continue
        # Indirect objects are in document.objects already; follow what is written inline
        # (a tree: direct objects cannot refer back to themselves).
        pending.extend(
            child
            for child in children
            if isinstance(child, (pikepdf.Dictionary, pikepdf.Array)) and not child.is_indirect
        )
    return False


# What a file's extension claims it is, for the message when its content is none of ours.
NAMED_TYPES = {
    "pdf": "PDF", "jpg": "JPEG", "jpeg": "JPEG", "png": "PNG", "webp": "WebP", "heic": "HEIC",
    "heif": "HEIC", "docx": "DOCX", "xlsx": "XLSX", "pptx": "PPTX", "mp4": "MP4",
}  # fmt: skip


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
    claimed = NAMED_TYPES.get(name.rsplit(".", 1)[-1].lower()) if "." in name else None
    if claimed:
        raise UploadRejected(
            _(
                "%(name)s is named as a %(kind)s file, but its content is not %(kind)s or any "
                "other accepted type. Upload the original file."
            )
            % {"name": name, "kind": claimed}
        )
    raise UploadRejected(
        _(
            "%(name)s is not an accepted file type. Upload PDF, a photo (JPEG, PNG, WebP, "
            "HEIC), Word, Excel or PowerPoint (DOCX, XLSX, PPTX) or MP4 video."
        )
        % {"name": name}
    )


def implausible_package(entries, max_unpacked, max_entries=5000):
    """Whether a ZIP's entries (zipfile infolist) unpack to more than a document could:
    too many parts, too many bytes, or a compression ratio only a zip bomb reaches."""
    unpacked = sum(entry.file_size for entry in entries)
    packed = sum(entry.compress_size for entry in entries) or 1
    return (
        len(entries) > max_entries
        or unpacked > max_unpacked
        or (unpacked > 10 * CHUNK and unpacked / packed > 200)
    )


def has_macros(names):
    """Whether an OOXML package's part names include a VBA project."""
    return any(name.lower().endswith("vbaproject.bin") for name in names)


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
    if implausible_package(entries, 20 * settings.EVIDENCE_MAX_FILE_BYTES):
        raise UploadRejected(
            _("%(name)s unpacks to an implausible size and is refused.") % {"name": name}
        )
    if has_macros(names):
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
    """Refuse markup a browser would run, anywhere in a document (a polyglot). A PDF's own
    scripts and actions are found by parsing it (_check_structure, pdf_is_active)."""
    upload.seek(0)
    tail = b""
    while chunk := upload.read(CHUNK):
        window = tail + chunk
        if ACTIVE_MARKUP.search(window):
            raise UploadRejected(_polyglot_message(name))
        tail = window[-256:]
    upload.seek(0)


def _active_pdf_message(name):
    return _("%(name)s is a PDF with embedded scripts, actions or files and is refused.") % {
        "name": name
    }


def _polyglot_message(name):
    return _("%(name)s contains web page code (HTML or script) and is refused.") % {"name": name}


@contextmanager
def strict_decoding():
    """Decode images strictly while inside: a truncated JPEG or PNG raises.

    WeasyPrint sets PIL.ImageFile.LOAD_TRUNCATED_IMAGES = True for the whole process when it
    is imported, after which Pillow fills a cut-off photo with grey instead of failing; the
    checks must not depend on which module was imported first.
    """
    before = ImageFile.LOAD_TRUNCATED_IMAGES
    ImageFile.LOAD_TRUNCATED_IMAGES = False
    try:
        yield
    finally:
        ImageFile.LOAD_TRUNCATED_IMAGES = before


def _prepare_image(upload, name, content_type):
    """Decode the photo fully, turn it upright, drop GPS and comments, make a thumbnail.

    The stored bytes are our own encoding of the pixels, so nothing hidden in the original
    survives; the original's size and hash are kept as provenance.
    """
    max_pixels = settings.EVIDENCE_MAX_IMAGE_PIXELS
    upload.seek(0)
    original_sha256 = _sha256(upload)
    try:
        with warnings.catch_warnings(), strict_decoding():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            upload.seek(0)
            image = Image.open(upload)
            _refuse_too_many_pixels(image, name, max_pixels)
            for value in _text_metadata(image):
                if IMAGE_TEXT_MARKUP.search(value):
                    raise UploadRejected(_polyglot_message(name))
            image.load()
            icc = image.info.get("icc_profile")
            upright = ImageOps.exif_transpose(image)
            exif = upright.getexif()
            exif.pop(GPS_IFD, None)
            exif.pop(0x0112, None)  # orientation: the pixels are upright now
            options = {"exif": exif.tobytes()}
            if icc:
                options["icc_profile"] = icc

            upright, content_type, extension, fmt, note = _stored_format(
                upright, content_type, options
            )
            upright.info = {}  # no comments, XMP or text chunks from the original
            buffer = io.BytesIO()
            upright.save(buffer, fmt, **options)
            thumb = ImageOps.contain(upright, (480, 480)).convert("RGB")
            thumb_buffer = io.BytesIO()
            thumb.save(thumb_buffer, "JPEG", quality=80)
    except UploadRejected:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise UploadRejected(
            _("%(name)s would unpack to an enormous image and is refused.") % {"name": name}
        ) from None
    except Exception:  # Pillow and pillow-heif raise many kinds on hostile bytes
        logger.warning("Unreadable photo %r", name, exc_info=True)
        raise UploadRejected(_("%(name)s is not a readable photo.") % {"name": name}) from None

    data = buffer.getvalue()
    return PreparedFile(
        original_name=name,
        content=ContentFile(data),
        content_type=content_type,
        extension=extension,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        thumbnail=ContentFile(thumb_buffer.getvalue()),
        note=note,
        original_size=upload.size,
        original_sha256=original_sha256,
    )


def _refuse_too_many_pixels(image, name, max_pixels):
    if image.width * image.height > max_pixels:
        raise UploadRejected(
            _("%(name)s is %(w)d × %(h)d pixels; photos may have at most %(max)d million.")
            % {"name": name, "w": image.width, "h": image.height, "max": max_pixels // 10**6}
        )


def _stored_format(upright, content_type, options):
    """How a photo is stored: JPEG (HEIC converted), PNG or WebP; adds to `options`.
    Returns the image, its type, extension, Pillow format and a note for the log."""
    note = ""
    if content_type in ("image/jpeg", "image/heic"):
        if content_type == "image/heic":
            note = _("converted from HEIC to JPEG")
        content_type, extension, fmt = "image/jpeg", ".jpg", "JPEG"
        if upright.mode not in ("RGB", "L"):
            upright = upright.convert("RGB")
        options.update(quality=90, optimize=True)
    elif content_type == "image/png":
        extension, fmt = ".png", "PNG"
    else:
        extension, fmt = ".webp", "WEBP"
        options.update(quality=90)
    return upright, content_type, extension, fmt, note


def _text_metadata(image):
    """The text a photo carries besides its pixels: comments, XMP, PNG text chunks."""
    for key in ("comment", "xmp", "XML:com.adobe.xmp", "Description", "Comment"):
        value = image.info.get(key)
        if isinstance(value, bytes):
            yield value.decode("utf-8", "replace")
        elif isinstance(value, str):
            yield value
    for value in getattr(image, "text", {}).values() if image.format == "PNG" else ():
        yield str(value)


def _sha256(fileobj):
    digest = hashlib.sha256()
    while chunk := fileobj.read(CHUNK):
        digest.update(chunk)
    return digest.hexdigest()


# Stored files of upper apps that verify_evidence checks, registered from their
# AppConfig.ready (a lower layer never imports a higher one): (folders they are written
# to, a callable yielding (description, field file, recorded SHA-256, other stored names)).
STORED_RECORDS = []


def register_stored_records(folders, records):
    STORED_RECORDS.append((tuple(folders), records))
