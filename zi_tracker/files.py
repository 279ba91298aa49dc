"""Stored files and database rows that must appear together or not at all."""

import logging
from contextlib import contextmanager

from django.core.files.storage import default_storage

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
