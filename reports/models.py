"""The printed matrix: signed versions (records) and rendered drafts (a cache)."""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from components.models import Plan, display_name
from zi_tracker.tasks import TaskResultStatus, job_result
from zi_tracker.versioning import StaleEdit, save_if_current


class Paper(models.TextChoices):
    A4 = "a4", _("A4 (297 × 210 mm)")
    F4 = "f4", _("F4 / folio (330 × 215 mm)")


# Landscape page sizes, as CSS.
PAGE_SIZES = {Paper.A4: "297mm 210mm", Paper.F4: "330mm 215mm"}

# Verification codes avoid letters that read alike (0/O, 1/I/L).
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"


def new_verification_code():
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(8))


def signed_upload_to(instance, filename):
    plan = instance.plan
    return f"signed/{plan.satker.slug}/{plan.year}/v{instance.version}-{instance.code}.pdf"


def signature_upload_to(instance, filename):
    plan = instance.plan
    return f"signed/{plan.satker.slug}/{plan.year}/v{instance.version}-{instance.code}-ttd.png"


class SignedMatrixQuerySet(models.QuerySet):
    def current(self):
        """Versions still in force: signed and not reopened."""
        return self.filter(reopened_at__isnull=True)


class SignedMatrix(models.Model):
    """One signed version of a plan's matrix: the frozen PDF the chairperson signed.

    A record like an evidence file: written once, never edited or deleted. Reopening a
    signed plan (the team lead, with a reason) closes the version; the next signature makes
    version n + 1, and every version stays downloadable and verifiable.
    """

    plan = models.ForeignKey(
        Plan, verbose_name=_("plan"), on_delete=models.PROTECT, related_name="signed_versions"
    )
    version = models.PositiveSmallIntegerField(_("version"))
    code = models.CharField(
        _("verification code"), max_length=8, unique=True, default=new_verification_code
    )
    paper = models.CharField(_("paper"), max_length=2, choices=Paper.choices)
    file = models.FileField(_("file"), upload_to=signed_upload_to, max_length=255)
    sha256 = models.CharField("SHA-256", max_length=64)
    size = models.PositiveBigIntegerField(_("size"))
    fingerprint = models.CharField(
        _("plan state"), max_length=64, help_text=_("SHA-256 of the matrix's content.")
    )
    signature_image = models.FileField(
        _("scanned signature and stamp"),
        upload_to=signature_upload_to,
        max_length=255,
        blank=True,
    )
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("signed by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    signed_at = models.DateTimeField(_("signed at"), default=timezone.now)
    # The signature block as printed, in case the plan's signatory changes later.
    signatory_name = models.CharField(max_length=200)
    signatory_title = models.CharField(max_length=200, blank=True)
    signatory_nip = models.CharField(max_length=18, blank=True)
    verify_url = models.URLField(_("verification address"), max_length=300)
    planned_months = models.PositiveIntegerField(default=0)
    realized_months = models.PositiveIntegerField(default=0)

    reopened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    reopened_at = models.DateTimeField(_("reopened at"), null=True, blank=True)
    reopen_reason = models.TextField(_("reason for reopening"), blank=True)

    objects = SignedMatrixQuerySet.as_manager()

    class Meta:
        verbose_name = _("signed matrix")
        verbose_name_plural = _("signed matrices")
        ordering = ["plan", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "version"], name="signedmatrix_unique_version"),
            # At most one version of a plan is in force.
            models.UniqueConstraint(
                fields=["plan"],
                condition=Q(reopened_at__isnull=True),
                name="signedmatrix_one_current_per_plan",
            ),
        ]

    def __str__(self):
        return f"{self.plan} v{self.version}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionError("A signed matrix is a record: reopen it, never edit it.")
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("verify", args=[self.code])

    def delete(self, *args, **kwargs):
        raise PermissionError("A signed matrix is a record and is never deleted.")

    @property
    def code_display(self):
        return f"{self.code[:4]}-{self.code[4:]}"

    @property
    def download_name(self):
        """Matriks-ZI-PN-Sarolangun-2021-v1.pdf"""
        return f"Matriks-ZI-{self.plan.satker.file_label}-{self.plan.year}-v{self.version}.pdf"

    def reopen(self, by, reason):
        """Close this version so the plan can change. False if someone reopened it first."""
        return bool(
            SignedMatrix.objects.filter(pk=self.pk, reopened_at__isnull=True).update(
                reopened_by=by, reopened_at=timezone.now(), reopen_reason=reason
            )
        )


def render_upload_to(instance, filename):
    plan = instance.plan
    return (
        f"renders/{plan.satker.slug}/{plan.year}/{instance.fingerprint[:16]}-{instance.paper}.pdf"
    )


class MatrixRender(models.Model):
    """A draft PDF of a plan in one state on one paper size: a cache, and a render job.

    The draft for a state is rendered once; while a large plan renders (in the background),
    the row says how far it is. Old drafts are deleted when a newer one is ready: unlike
    signed versions they are derived data.
    """

    class Status(models.TextChoices):
        RUNNING = "running", _("rendering")
        DONE = "done", _("ready")
        FAILED = "failed", _("failed")

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="renders")
    fingerprint = models.CharField(max_length=64)
    paper = models.CharField(max_length=2, choices=Paper.choices)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.RUNNING)
    file = models.FileField(upload_to=render_upload_to, max_length=255, blank=True)
    rows = models.PositiveIntegerField(default=0)
    expected_seconds = models.FloatField(default=1)
    started_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)
    error = models.TextField(blank=True)
    # The background job rendering it (django-tasks result id), and which attempt it is.
    task_id = models.CharField(max_length=64, blank=True)
    attempt = models.PositiveSmallIntegerField(default=1)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "fingerprint", "paper"], name="matrixrender_unique_state"
            ),
        ]

    def __str__(self):
        return f"{self.plan} {self.paper} {self.fingerprint[:8]} {self.status}"

    def progress(self, now=None):
        """Percent done, estimated from the time a plan of this size takes (at most 95)."""
        if self.status != self.Status.RUNNING:
            return 100
        elapsed = ((now or timezone.now()) - self.started_at).total_seconds()
        return min(95, int(100 * elapsed / max(self.expected_seconds, 0.1)))

    def job(self):
        """The background job's record (status, started_at), or None. One lookup."""
        return job_result(self.task_id)

    def is_waiting(self, job=None):
        """Queued for a worker (or for its next attempt), not rendering yet."""
        job = job if job is not None else self.job()
        return job is not None and job.status == TaskResultStatus.READY

    def is_stale(self, now=None, job=None):
        """A render that has run far longer than expected died with its worker.

        A job still waiting in the queue is not stale, however long the queue; a job the
        worker finished or abandoned without recording the draft is.
        """
        if self.status != self.Status.RUNNING:
            return False
        job = job if job is not None else self.job()
        now = now or timezone.now()
        if job is not None:
            if job.status == TaskResultStatus.READY:
                return False
            if job.status != TaskResultStatus.RUNNING:
                return True
        started = (job.started_at if job is not None else None) or self.started_at
        return (now - started).total_seconds() > 60 + 10 * self.expected_seconds


class PlanImport(models.Model):
    """A workbook read for import, waiting in the preview until the team lead confirms it.

    Holds the plan as data (components.plandata.PlanData as JSON), which the preview
    shows and the team lead may correct; nothing of the plan exists until it is confirmed.
    A draft belongs to the person who uploaded it; drafts older than a day are removed.
    """

    satker = models.ForeignKey(
        "components.Satker", verbose_name=_("unit"), on_delete=models.CASCADE, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    file_name = models.CharField(_("file name"), max_length=255)
    sha256 = models.CharField("SHA-256", max_length=64)
    sheet = models.CharField(_("sheet"), max_length=100, blank=True)
    data = models.JSONField()
    notes = models.JSONField(default=list, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, related_name="+"
    )
    version = models.PositiveIntegerField(default=0)  # zi_tracker.versioning

    class Meta:
        verbose_name = _("plan import")
        verbose_name_plural = _("plan imports")

    def __str__(self):
        return f"{self.file_name} → {self.satker} {self.year}"

    def plan_data(self):
        from components.plandata import PlanData

        return PlanData.from_json(self.data)

    def save_data(self, data, *, version, by):
        """Store the corrected plan data, if the draft is still at `version` (StaleEdit)."""
        draft = PlanImport.objects.filter(pk=self.pk)
        changes = {"data": data.as_json(), "updated_at": timezone.now(), "updated_by": by}
        if not save_if_current(draft, version, **changes):
            latest = draft.select_related("updated_by").get()
            name = display_name(latest.updated_by) if latest.updated_by else ""
            raise StaleEdit(name, latest.updated_at)
        self.refresh_from_db(fields=["data", "updated_at", "version"])

    @classmethod
    def remove_stale(cls):
        cls.objects.filter(created_at__lt=timezone.now() - timezone.timedelta(days=1)).delete()
