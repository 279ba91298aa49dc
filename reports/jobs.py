"""Draft PDFs: rendered once per plan state, in the background when the plan is large.

A seed-sized plan renders in well under a second and is returned at once. A plan with more
rows than PDF_BACKGROUND_ROWS renders in a thread while the user watches a progress bar;
the finished file is kept (MatrixRender) until the plan changes.
"""

import logging
import threading

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, connection
from django.utils import timezone

from components.matrix import build_matrix, matrix_fingerprint

from .models import MatrixRender
from .pdf import matrix_html, render_pdf

logger = logging.getLogger(__name__)

# Measured with bench/matrix_pdf.py; only feeds the progress estimate.
SECONDS_PER_ROW = 0.01
# A failed render is not tried again on its own before this, so a progress page does not
# loop; the user's "try again" does.
RETRY_FAILED_AFTER_SECONDS = 300


def start_thread(target, *args):
    """Start a daemon thread (a seam the tests replace to run the work in place)."""
    thread = threading.Thread(target=target, args=args, daemon=True)
    thread.start()
    return thread


def draft_render(plan, paper, retry=False):
    """The MatrixRender of the plan's current state: done, running, or failed."""
    rows = build_matrix(plan)
    fingerprint = matrix_fingerprint(plan, rows)
    expected = 0.3 + SECONDS_PER_ROW * len(rows)
    try:
        render, created = MatrixRender.objects.get_or_create(
            plan=plan,
            fingerprint=fingerprint,
            paper=paper,
            defaults={"rows": len(rows), "expected_seconds": expected},
        )
    except IntegrityError:  # another request created it a moment ago
        render, created = (
            MatrixRender.objects.get(plan=plan, fingerprint=fingerprint, paper=paper),
            False,
        )
    if not created:
        if render.status == MatrixRender.Status.DONE and render.file.storage.exists(
            render.file.name
        ):
            return render
        if render.status == MatrixRender.Status.RUNNING and not render.is_stale():
            return render
        if render.status == MatrixRender.Status.FAILED and not retry:
            age = (timezone.now() - (render.finished_at or render.started_at)).total_seconds()
            if age < RETRY_FAILED_AFTER_SECONDS:
                return render
        # Failed, stale, or its file is gone: claim it for a new attempt (one claimant wins).
        claimed = MatrixRender.objects.filter(pk=render.pk, started_at=render.started_at).update(
            status=MatrixRender.Status.RUNNING, started_at=timezone.now(), error=""
        )
        render.refresh_from_db()
        if not claimed:
            return render

    html = matrix_html(plan, rows, paper=paper)
    if len(rows) <= settings.PDF_BACKGROUND_ROWS:
        _render(render.pk, render.started_at, html)
        render.refresh_from_db()
    else:
        start_thread(_render_in_background, render.pk, render.started_at, html)
    return render


def _render_in_background(render_pk, started_at, html):
    try:
        _render(render_pk, started_at, html)
    finally:
        connection.close()


def _render(render_pk, started_at, html):
    """Render and store; only the attempt that claimed the job (its started_at) records it."""
    render = MatrixRender.objects.select_related("plan__satker").get(pk=render_pk)
    mine = MatrixRender.objects.filter(pk=render_pk, started_at=started_at)
    try:
        data = render_pdf(html)
        render.file.save("draft.pdf", ContentFile(data), save=False)
    except Exception as error:
        logger.exception("Rendering %s failed", render)
        mine.update(
            status=MatrixRender.Status.FAILED, error=str(error)[:2000], finished_at=timezone.now()
        )
        return
    recorded = mine.update(
        status=MatrixRender.Status.DONE, file=render.file.name, finished_at=timezone.now()
    )
    if not recorded:  # a newer attempt took the job over meanwhile: keep no orphan
        render.file.storage.delete(render.file.name)
        return
    _forget_older_drafts(render)


def _forget_older_drafts(render):
    """Drafts of earlier states are derived data: delete them and their files."""
    older = MatrixRender.objects.filter(
        plan=render.plan_id, paper=render.paper, status__in=["done", "failed"]
    ).exclude(fingerprint=render.fingerprint)
    for old in older:
        if old.file:
            old.file.storage.delete(old.file.name)
    older.delete()
