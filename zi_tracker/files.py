"""Stored files: written with their rows or not at all, served only while intact."""

import hashlib
import logging
from contextlib import contextmanager

from django.core.files.storage import default_storage
from django.http import FileResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

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
            except Exception:  # the disk's OSError, or an object store's own errors
                logger.exception("Could not remove %s after a failed write", name)
        raise


class StorageFailed(Exception):
    """The storage refused a write (a full disk, a failing volume or object store)."""


def store(field_file, name, content, written):
    """`field_file.save(name, content, save=False)`, with the storage name noted in
    `written` (see removed_on_failure) before a byte is written.

    A write cut short (ENOSPC halfway through) leaves a partial file under the name the
    storage chose; FieldFile.save only says the name once the write succeeded, so that
    partial file would be an orphan. An OSError becomes StorageFailed, whose message says
    so to the user.
    """
    field = field_file.field
    target = field.generate_filename(field_file.instance, name)
    target = field_file.storage.get_available_name(target, max_length=field.max_length)
    written.append(target)
    try:
        saved = field_file.storage.save(target, content, max_length=field.max_length)
    except OSError as error:
        logger.error("Could not store %s: %s", target, error)
        raise StorageFailed(
            _(
                "The file could not be stored: the server's storage refused it (it may be "
                "full). Nothing was saved; try again later or tell the administrator."
            )
        ) from error
    if saved != target:
        written.append(saved)
    setattr(field_file.instance, field.attname, saved)
    return saved


def stored_names(storage=default_storage, folder=""):
    """Every file name in the storage, through its API (local disk or object store)."""
    pending = [folder]
    while pending:
        current = pending.pop()
        try:
            folders, names = storage.listdir(current)
        except FileNotFoundError:
            continue
        prefix = f"{current}/" if current else ""
        pending.extend(f"{prefix}{sub}" for sub in folders)
        yield from (f"{prefix}{name}" for name in names)


def sha256_of_stored(storage, name, chunk_size=1024 * 1024):
    """SHA-256 of a stored file, read in chunks through the storage (disk or object
    store); OSError if it is gone."""
    digest = hashlib.sha256()
    with storage.open(name, "rb") as handle:
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
            if sha256_of_stored(stored.storage, stored.name) != sha256:
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
