"""The first page of a PDF as a small JPEG, for the review queue and the month panel.

Photos get their thumbnail at upload (evidence.uploads); a PDF's is rendered on the
first request with pdftoppm (poppler-utils) and kept in storage under the PDF's SHA-256,
so each distinct PDF is rendered once. A PDF that poppler cannot render, or a machine
without pdftoppm, simply has no preview (the page shows a file icon instead).
"""

import logging
import shutil
import subprocess
import tempfile
from pathlib import Path

from django.core.files import File
from django.core.files.storage import default_storage

log = logging.getLogger(__name__)

# Long side of the preview in pixels: sharp enough for a 72-96 px thumbnail on a phone.
PREVIEW_PIXELS = 320
RENDER_SECONDS = 20


def preview_name(evidence_file):
    return f"previews/{evidence_file.sha256}.jpg"


def pdf_preview(evidence_file):
    """The stored preview of a PDF evidence file (rendering it if needed), or None."""
    if evidence_file.content_type != "application/pdf":
        return None
    name = preview_name(evidence_file)
    if not default_storage.exists(name):
        rendered = _render_first_page(evidence_file)
        if rendered is None:
            return None
        with rendered.open("rb") as handle:
            # Two requests at once may both render; the second save gets another name
            # and is removed again, the first one stays the cached preview.
            saved = default_storage.save(name, File(handle))
        if saved != name:
            default_storage.delete(saved)
        rendered.unlink(missing_ok=True)
    return default_storage.open(name, "rb")


def _render_first_page(evidence_file):
    """Render page 1 to a temporary JPEG with pdftoppm; None if that fails."""
    pdftoppm = shutil.which("pdftoppm")
    if pdftoppm is None:
        log.warning("pdftoppm is missing (install poppler-utils): PDFs have no preview")
        return None
    work = Path(tempfile.mkdtemp(prefix="zi-preview-"))
    source = work / "source.pdf"
    try:
        with evidence_file.file.open("rb") as stored, source.open("wb") as copy:
            shutil.copyfileobj(stored, copy)
        command = [pdftoppm, "-f", "1", "-l", "1", "-singlefile", "-jpeg"]
        command += ["-scale-to", str(PREVIEW_PIXELS), str(source), str(work / "page")]
        subprocess.run(command, check=True, capture_output=True, timeout=RENDER_SECONDS)
    except (OSError, subprocess.SubprocessError) as error:
        log.warning("No preview for evidence file %s: %s", evidence_file.pk, error)
        shutil.rmtree(work, ignore_errors=True)
        return None
    output = work / "page.jpg"
    result = Path(tempfile.mkstemp(prefix="zi-preview-", suffix=".jpg")[1])
    shutil.move(output, result)
    shutil.rmtree(work, ignore_errors=True)
    return result
