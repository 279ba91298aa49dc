"""The evidence bundle for evaluators: one ZIP that mirrors the plan.

    Matriks ZI ... (ditandatangani v1).pdf          the signed matrix in force, if any
    1 Manajemen Perubahan/
      1.1 Penyusunan Tim Kerja/
        Bukti 2 Berita acara .../
          2021-01 undangan-rapat.pdf
    index.html, index.xlsx                          every file with its requirement, month,
                                                    uploader, approver and SHA-256

The ZIP is written as it is sent: each stored file is copied in chunks into a zipfile
writing to a pipe that hands every chunk on to the response, so memory stays flat whatever
the bundle's size (entries are stored, not deflated: evidence is PDF, JPEG, MP4 and Office
files, compressed already). The index comes last, so a file missing from storage is
recorded there as missing instead of breaking the download half-way.
"""

import hashlib
import logging
import re
import unicodedata
import zipfile
from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook
from openpyxl.styles import Font

from components.models import MONTH_ABBREVIATIONS
from evidence.models import EvidenceFile

from .xlsx import HEADER_FILL, append, no_formulas, numbered, person, workbook_bytes

logger = logging.getLogger(__name__)

CHUNK = 256 * 1024
TRAILING = " .,;:-"
SEGMENT = 60  # characters of a folder or file name: Windows paths stop at 260


@dataclass
class Entry:
    """One evidence file in the bundle."""

    path: str
    file: EvidenceFile
    problem: str = ""  # "missing" from storage, "incomplete" or "changed" (_copy)


def bundle_files(plan, everything=False):
    """The plan's evidence files for the bundle, in plan order: approved ones, or all but
    withdrawn uploads with `everything`. One query."""
    files = (
        EvidenceFile.objects.visible()
        if everything
        else EvidenceFile.objects.filter(status=EvidenceFile.Status.APPROVED)
    )
    return files.of_plan_in_order(plan)


def safe_name(text, limit=SEGMENT):
    """A folder or file name any system accepts: one line, no path or reserved characters,
    at most `limit` characters (the extension kept)."""
    text = unicodedata.normalize("NFC", text)
    text = "".join(" " if unicodedata.category(c)[0] == "C" else c for c in text)
    text = re.sub(r'[\\/:*?"<>|]+', "-", text)
    text = re.sub(r"\s+", " ", text).strip(" .")
    if len(text) > limit:
        stem, dot, extension = text.rpartition(".")
        if dot and 0 < len(extension) <= 5 and stem:
            text = stem[: limit - len(extension) - 1].rstrip(TRAILING) + "." + extension
        else:
            text = text[:limit].rstrip(TRAILING)
    return text or "_"


def entries(plan, files):
    """Entry per file, with a unique path in the component/indicator/requirement folders.

    Names are cut to SEGMENT characters, so two requirements may come out alike; the
    second one's folder is numbered, and so is a file whose name is taken.
    """
    taken = set()
    folders = {}  # requirement id -> folder
    result = []
    for f in files:
        requirement = f.cell.requirement
        folder = folders.get(requirement.pk)
        if folder is None:
            indicator = requirement.indicator
            component = indicator.component
            parent = "/".join(
                [
                    safe_name(f"{component.number} {component.name}"),
                    safe_name(f"{indicator.code} {indicator.name}"),
                ]
            )
            label = f"Bukti {requirement.number or requirement.position} {requirement.text}"
            folder = _unique(f"{parent}/{safe_name(label)}", taken)
            folders[requirement.pk] = folder
        name = safe_name(f"{plan.year}-{f.cell.month:02d} {f.download_name}")
        result.append(Entry(_unique(f"{folder}/{name}", taken), f))
    return result


def _unique(path, taken):
    """`path`, or "path (2)" ... (before the extension of a file name) if it is taken."""
    folder, _slash, name = path.rpartition("/")
    stem, dot, extension = name.rpartition(".")
    if not dot or "/" in extension or len(extension) > 5:
        stem, extension = name, ""
    candidate, counter = path, 2
    while candidate.lower() in taken:
        numbered = f"{stem} ({counter})" + (f".{extension}" if extension else "")
        candidate = f"{folder}/{numbered}"
        counter += 1
    taken.add(candidate.lower())
    return candidate


def signed_entry_name(plan, signed):
    return safe_name(
        f"Matriks ZI {plan.satker.name} {plan.year} (ditandatangani v{signed.version}).pdf", 120
    )


class _Pipe:
    """A write-only, unseekable file for zipfile: it keeps what was written until taken."""

    def __init__(self):
        self.parts = []

    def write(self, data):
        self.parts.append(bytes(data))
        return len(data)

    def flush(self):
        pass

    def take(self):
        data = b"".join(self.parts)
        self.parts.clear()
        return data


def stream_bundle(plan, files, signed=None):
    """Yield the ZIP's bytes, chunk by chunk. `files` from bundle_files; `signed` a
    reports.SignedMatrix to put at the top.

    A file that cannot be opened is left out and listed as missing; one that fails while
    it is read ends where it failed and is listed as incomplete. Either way the archive
    stays whole: the response has started, so an error can only be reported inside it.
    """
    pipe = _Pipe()
    items = entries(plan, files)
    with zipfile.ZipFile(pipe, mode="w", compression=zipfile.ZIP_STORED) as archive:
        signed_name = ""
        if signed is not None:
            name = signed_entry_name(plan, signed)
            outcome = yield from _copy(archive, pipe, name, signed.file, signed.size,
                                       signed.signed_at, signed.sha256)  # fmt: skip
            signed_name = name if outcome == "" else ""
        for item in items:
            f = item.file
            item.problem = yield from _copy(
                archive, pipe, item.path, f.file, f.size, f.uploaded_at, f.sha256
            )
        now = timezone.now()
        for name, build in (("index.html", _index_html), ("index.xlsx", _index_xlsx)):
            try:
                with translation.override("id"):
                    data = build(plan, items, signed, signed_name, now)
            except Exception:
                logger.exception("bundle: %s of %s could not be made", name, plan)
                continue
            _write(archive, name, data, now)
        yield pipe.take()
    yield pipe.take()  # the central directory


def _index_html(plan, items, signed, signed_name, now):
    context = {"plan": plan, "entries": items, "signed": signed, "made_at": now,
               "signed_name": signed_name}  # fmt: skip
    return render_to_string("reports/bundle_index.html", context).encode()


def _index_xlsx(plan, items, signed, signed_name, now):
    return workbook_bytes(index_workbook(plan, items))


def _zip_info(name, moment):
    local = timezone.localtime(moment)
    info = zipfile.ZipInfo(name, date_time=local.timetuple()[:6])
    info.compress_type = zipfile.ZIP_STORED
    info.external_attr = 0o644 << 16
    return info


def _write(archive, name, data, moment):
    archive.writestr(_zip_info(name, moment), data)


def _copy(archive, pipe, name, stored, size, moment, sha256=None):
    """Copy one stored file into the archive, yielding as the bytes go out; return "" when
    it went in whole, "missing" when it could not be opened (nothing was written),
    "incomplete" when reading it failed part-way (the entry holds what was read), or
    "changed" when its bytes no longer match `sha256`, the hash recorded at upload (hashed
    as it is copied; the entry is already written, so the index says so)."""
    try:
        handle = stored.open("rb")
    except Exception:  # any storage backend's error, not only the disk's
        logger.warning("bundle: %s could not be opened", stored.name, exc_info=True)
        return "missing"
    digest = hashlib.sha256()
    try:
        info = _zip_info(name, moment)
        info.file_size = size
        with archive.open(info, mode="w", force_zip64=size > zipfile.ZIP64_LIMIT) as entry:
            try:
                while chunk := handle.read(CHUNK):
                    digest.update(chunk)
                    entry.write(chunk)
                    yield pipe.take()
            except Exception:
                logger.warning("bundle: reading %s failed", stored.name, exc_info=True)
                return "incomplete"
    finally:
        handle.close()
    yield pipe.take()
    if sha256 and digest.hexdigest() != sha256:
        logger.error("bundle: %s no longer matches its recorded SHA-256", stored.name)
        return "changed"
    return ""


# The index is an Indonesian document, written under translation.override("id").
PROBLEM_LABELS = {
    "missing": gettext_lazy("FILE MISSING"),
    "incomplete": gettext_lazy("FILE INCOMPLETE"),
    "changed": gettext_lazy("FILE CHANGED AFTER UPLOAD"),
}
INDEX_COLUMNS = [
    (gettext_lazy("File (in the ZIP)"), 60),
    (gettext_lazy("Component"), 26),
    (gettext_lazy("Indicator"), 32),
    (gettext_lazy("Evidence requirement"), 50),
    (gettext_lazy("Month"), 8),
    (gettext_lazy("Original name"), 30),
    (gettext_lazy("Uploaded by"), 22),
    (gettext_lazy("Upload date"), 18),
    (gettext_lazy("Status"), 14),
    (gettext_lazy("Approved by"), 22),
    (gettext_lazy("Review date"), 18),
    ("SHA-256", 66),
]


def index_rows(plan, items):
    for item in items:
        f = item.file
        requirement = f.cell.requirement
        indicator = requirement.indicator
        yield [
            item.path,
            f"{indicator.component.number} {indicator.component.name}",
            f"{indicator.code} {indicator.name}",
            numbered(requirement.number, requirement.text),
            f"{MONTH_ABBREVIATIONS[f.cell.month - 1]} {plan.year}",
            f.original_name,
            person(f.uploaded_by),
            _local(f.uploaded_at),
            str(PROBLEM_LABELS.get(item.problem) or f.get_status_display()),
            person(f.reviewed_by),
            _local(f.reviewed_at),
            f.sha256,
        ]


def _local(moment):
    return timezone.localtime(moment).replace(tzinfo=None) if moment else None


def index_workbook(plan, items):
    book = Workbook()
    sheet = book.active
    sheet.title = "Indeks"
    title = _("Evidence of %(satker)s %(year)s") % {"satker": plan.satker.name, "year": plan.year}
    append(sheet, [title])
    sheet["A1"].font = Font(bold=True, size=12)
    append(sheet, [str(column) for column, _width in INDEX_COLUMNS])
    for cell in sheet[2]:
        cell.font, cell.fill = Font(bold=True), HEADER_FILL
    for row in index_rows(plan, items):
        append(sheet, row)
    for index, (_column, width) in enumerate(INDEX_COLUMNS):
        sheet.column_dimensions[chr(ord("A") + index)].width = width
    sheet.freeze_panes = "A3"
    return no_formulas(book)


def bundle_filename(plan, everything=False):
    suffix = "-semua" if everything else ""
    return f"bukti-zi-{plan.satker.slug}-{plan.year}{suffix}.zip"


# For other bundles built on this one (the LKE's, in assessment.bundle).
Pipe = _Pipe
copy_into = _copy
write_entry = _write
unique_path = _unique
