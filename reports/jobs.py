"""Draft PDFs: rendered once per plan state, by the task worker when the plan is large.

A seed-sized plan renders in well under a second and is returned at once. A plan with more
rows than PDF_BACKGROUND_ROWS is rendered by a background job (`render_draft`, run by the
task worker) while the user watches a progress bar; a failed attempt is tried again after
a growing delay (TASK_RETRY_DELAYS). The finished file is kept (MatrixRender) until the
plan changes. The job waits in the database (or Redis), so a restart loses nothing; a job
whose worker died is noticed (MatrixRender.is_stale) and started again by the next visit.
"""

import datetime
import logging

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from components.matrix import build_matrix, matrix_fingerprint
from zi_tracker.tasks import max_attempts, retry_later

from .models import MatrixRender
from .pdf import matrix_html, render_pdf

logger = logging.getLogger(__name__)

# Measured with bench/matrix_pdf.py; only feeds the progress estimate.
SECONDS_PER_ROW = 0.01
# A failed render is not tried again on its own before this, so a progress page does not
# loop; the user's "try again" does.
RETRY_FAILED_AFTER_SECONDS = 300


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

    if len(rows) <= settings.PDF_BACKGROUND_ROWS:
        _render(render.pk, render.started_at, matrix_html(plan, rows, paper=paper))
    else:
        _enqueue(render.pk, render.started_at, attempt=1)
    render.refresh_from_db()
    return render


def _enqueue(render_pk, started_at, attempt):
    result = render_draft.enqueue(render_pk, started_at.isoformat(), attempt=attempt)
    MatrixRender.objects.filter(pk=render_pk, started_at=started_at).update(
        task_id=result.id, attempt=attempt
    )


@task()
def render_draft(render_pk, started_at, attempt=1):
    """The background job: render the draft of the state the MatrixRender was made for."""
    started_at = datetime.datetime.fromisoformat(started_at)
    mine = MatrixRender.objects.filter(pk=render_pk, started_at=started_at)
    render = mine.select_related("plan__satker", "plan__framework").first()
    if render is None or render.status != MatrixRender.Status.RUNNING:
        return  # taken over by a newer attempt, or forgotten with its plan state
    rows = build_matrix(render.plan)
    if matrix_fingerprint(render.plan, rows) != render.fingerprint:
        mine.delete()  # the plan changed while this waited: the next visit renders anew
        return
    _render(render_pk, started_at, matrix_html(render.plan, rows, paper=render.paper), attempt)


def _render(render_pk, started_at, html, attempt=None):
    """Render and store; only the attempt that claimed the job (its started_at) records it.

    `attempt` is the background job's attempt (None: rendered in the request, where a
    failure is shown at once and retried only when the user asks).
    """
    render = MatrixRender.objects.select_related("plan__satker").get(pk=render_pk)
    mine = MatrixRender.objects.filter(pk=render_pk, started_at=started_at)
    try:
        data = render_pdf(html)
        render.file.save("draft.pdf", ContentFile(data), save=False)
    except Exception as error:
        logger.exception("Rendering %s failed (attempt %s)", render, attempt or 1)
        _record_failure(mine, render_pk, started_at, error, attempt)
        return
    recorded = mine.update(
        status=MatrixRender.Status.DONE, file=render.file.name, finished_at=timezone.now()
    )
    if not recorded:  # a newer attempt took the job over meanwhile: keep no orphan
        render.file.storage.delete(render.file.name)
        return
    _forget_older_drafts(render)


def _record_failure(mine, render_pk, started_at, error, attempt):
    """Schedule the next attempt of a background job, or record the failure for good."""
    message = str(error)[:2000]
    if attempt is not None:
        result = retry_later(render_draft, render_pk, started_at.isoformat(), attempt=attempt)
        if result is not None:
            note = _("Attempt %(attempt)d of %(attempts)d failed; trying again shortly.") % {
                "attempt": attempt,
                "attempts": max_attempts(),
            }
            mine.update(error=f"{note} {message}", task_id=result.id, attempt=attempt + 1)
            return
    mine.update(status=MatrixRender.Status.FAILED, error=message, finished_at=timezone.now())


def _forget_older_drafts(render):
    """Drafts of earlier states are derived data: delete them and their files."""
    older = MatrixRender.objects.filter(
        plan=render.plan_id, paper=render.paper, status__in=["done", "failed"]
    ).exclude(fingerprint=render.fingerprint)
    for old in older:
        if old.file:
            old.file.storage.delete(old.file.name)
    older.delete()
