"""Stored files: written with their rows or not at all, served only while intact."""

import hashlib
import logging
from contextlib import contextmanager

from django.core.files.storage import default_storage
from django.http import FileResponse
from django.shortcuts import render

logger = logging.getLogger(__name__)


@contextmanager
def removed_on_failure():
    """Yield a list for the names of files written; if the block fails, delete them.

    Files are written before the database transaction that records them (a long write
    must not hold the database). When that transaction, or anything before it, fails, the
    files go again, so no orphan is left; a failure to delete is logged, never raised over
    the error that caused it.
    """
    written = []
    try:
        yield written
    except BaseException:
        for name in written:
            try:
                default_storage.delete(name)
            except OSError:
                logger.exception("Could not remove %s after a failed write", name)
        raise


def sha256_of_stored(stored, chunk_size=1024 * 1024):
    """SHA-256 of a stored file (a FieldFile), read in chunks; OSError if it is gone."""
    digest = hashlib.sha256()
    with stored.storage.open(stored.name, "rb") as handle:
        while chunk := handle.read(chunk_size):
            digest.update(chunk)
    return digest.hexdigest()


def serve_stored(request, stored, *, sha256, content_type, filename, inline):
    """A stored file as a download, only if its bytes are still those recorded.

    `sha256` is the hash recorded when the file was stored (None for a file the app does
    not vouch for, such as a thumbnail). The file is hashed first, streaming, then served:
    a changed file is never sent, even in part. A missing file is 410, a changed one 409,
    each with a page saying so, and logged for the administrator (verify_evidence lists
    them all). Served as an inert document: no sniffing, no script (CSP sandbox).
    """
    problem = None
    if not stored:
        problem = "missing"
    elif sha256 is not None:
        try:
            if sha256_of_stored(stored) != sha256:
                problem = "changed"
        except OSError:
            problem = "missing"
    if problem is None:
        try:
            handle = stored.open("rb")
        except OSError:
            problem = "missing"
    if problem is not None:
        logger.error("Refused to serve %s: file %s", stored.name, problem)
        response = render(
            request, "file_refused.html", {"problem": problem, "filename": filename},
            status=409 if problem == "changed" else 410,
        )  # fmt: skip
        response["Cache-Control"] = "no-store"
        return response
    response = FileResponse(
        handle, content_type=content_type, as_attachment=not inline, filename=filename
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = (
        "default-src 'none'; sandbox" if content_type.startswith("image/") else "sandbox"
    )
    return response
