"""Evidence: the files that prove a plan month, their review, the PICs, and the activity log.

Files are records. Once stored, a file's provenance (name, size, type, SHA-256, uploader,
time, month) never changes; its review decision is made once; a wrong upload is withdrawn
(kept, hidden, with a reason), never deleted. Every action is appended to Activity.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from components.models import ActionStep, Cell, Indicator, Plan, Requirement, display_name


class Assignment(models.Model):
    """A person in charge (PIC) of an indicator, or of one of its steps."""

    indicator = models.ForeignKey(
        Indicator, verbose_name=_("indicator"), on_delete=models.CASCADE, related_name="assignments"
    )
    step = models.ForeignKey(
        ActionStep,
        verbose_name=_("action step"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="assignments",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("PIC"),
        on_delete=models.CASCADE,
        related_name="assignments",
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    assigned_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("PIC assignment")
        verbose_name_plural = _("PIC assignments")
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "user"],
                condition=Q(step__isnull=True),
                name="assignment_unique_indicator_user",
            ),
            models.UniqueConstraint(
                fields=["step", "user"],
                condition=Q(step__isnull=False),
                name="assignment_unique_step_user",
            ),
        ]

    def __str__(self):
        return f"{self.user} – {self.step or self.indicator}"


def assigned_requirement_ids(user, plan):
    """Ids of the plan's requirements the user is PIC of, through their indicator or step.

    One query.
    """
    indicator_ids = Assignment.objects.filter(
        user=user, step__isnull=True, indicator__component__plan=plan
    ).values("indicator_id")
    step_ids = Assignment.objects.filter(
        user=user, step__isnull=False, indicator__component__plan=plan
    ).values("step_id")
    return set(
        Requirement.objects.filter(
            Q(indicator_id__in=indicator_ids) | Q(step_id__in=step_ids)
        ).values_list("pk", flat=True)
    )


def evidence_upload_to(instance, filename):
    """Storage name: never the user's file name, so nothing they send reaches a path."""
    plan = instance.cell.requirement.indicator.component.plan
    return f"evidence/{plan.satker.slug}/{plan.year}/{uuid.uuid4().hex}{_extension(filename)}"


def thumbnail_upload_to(instance, filename):
    plan = instance.cell.requirement.indicator.component.plan
    return f"thumbnails/{plan.satker.slug}/{plan.year}/{uuid.uuid4().hex}.jpg"


def _extension(filename):
    dot = filename.rfind(".")
    return filename[dot:].lower() if dot > 0 else ""


def download_name(original_name, stored_name):
    """The uploader's name with the extension of what is stored.

    "tugas.bat" that is really a PDF downloads as "tugas.pdf" (and "tugas.pdf.exe" too); a
    HEIC photo, stored as JPEG, as "IMG_0001.jpg". The type, not the user, decides what the
    computer opens.
    """
    stem = original_name.rsplit(".", 1)[0] if "." in original_name else original_name
    extension = _extension(stored_name)
    if stem.lower().endswith(extension):  # "sk.pdf.exe" that is a PDF: "sk.pdf"
        return stem
    return f"{stem}{extension}"


class EvidenceFileQuerySet(models.QuerySet):
    def visible(self):
        """What the matrix and the review count: everything but withdrawn uploads."""
        return self.exclude(status=EvidenceFile.Status.WITHDRAWN)

    def of_plan_in_order(self, plan):
        """The plan's files as the matrix orders them (component, indicator, row, month,
        upload), with what the exports print of each. One query."""
        return (
            self.filter(cell__requirement__indicator__component__plan=plan)
            .select_related("cell__requirement__indicator__component", "uploaded_by", "reviewed_by")
            .order_by(
                "cell__requirement__indicator__component__number",
                "cell__requirement__indicator__number",
                "cell__requirement__position",
                "cell__month",
                "uploaded_at",
                "submission_index",
            )
        )


class EvidenceFile(models.Model):
    """One uploaded file proving one plan month (a Cell)."""

    class Status(models.TextChoices):
        PENDING = "pending", _("awaiting review")
        APPROVED = "approved", _("approved")
        RETURNED = "returned", _("returned for revision")
        REVISED = "revised", _("revised")  # returned, and answered by a revised file
        WITHDRAWN = "withdrawn", _("withdrawn")

    cell = models.ForeignKey(
        Cell, verbose_name=_("month"), on_delete=models.PROTECT, related_name="files"
    )
    # The file's address (files/<public_id>/): not the sequential pk, which would let anyone
    # with a link guess the next court's files.
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    file = models.FileField(_("file"), upload_to=evidence_upload_to, max_length=255)
    thumbnail = models.FileField(upload_to=thumbnail_upload_to, max_length=255, blank=True)
    original_name = models.CharField(_("file name"), max_length=255)
    size = models.PositiveBigIntegerField(_("size"))
    content_type = models.CharField(_("content type"), max_length=100)
    sha256 = models.CharField("SHA-256", max_length=64)
    # A photo is stored re-encoded (upright, without GPS); these describe what was sent.
    original_size = models.PositiveBigIntegerField(_("size as uploaded"), null=True, blank=True)
    original_sha256 = models.CharField(_("SHA-256 as uploaded"), max_length=64, blank=True)
    description = models.CharField(_("description"), max_length=300)
    activity_date = models.DateField(_("activity date"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.PROTECT,
        related_name="evidence_files",
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now)
    # One submission (one press of the upload button) may carry several files; its token
    # makes a double submit fail on the unique constraint instead of storing twice.
    submission = models.UUIDField()
    submission_index = models.PositiveSmallIntegerField(default=0)
    revision_of = models.ForeignKey(
        "self",
        verbose_name=_("revision of"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="revisions",
    )

    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PENDING
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    review_note = models.TextField(_("review note"), blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    withdraw_reason = models.TextField(_("reason for withdrawal"), blank=True)

    objects = EvidenceFileQuerySet.as_manager()

    class Meta:
        verbose_name = _("evidence file")
        verbose_name_plural = _("evidence files")
        ordering = ["uploaded_at", "submission_index"]
        constraints = [
            models.UniqueConstraint(
                fields=["submission", "submission_index"], name="evidencefile_unique_submission"
            ),
            models.CheckConstraint(
                condition=Q(status__in=["pending", "approved", "returned", "revised", "withdrawn"]),
                name="evidencefile_status_valid",
            ),
            models.CheckConstraint(condition=Q(size__gt=0), name="evidencefile_not_empty"),
        ]

    def __str__(self):
        return self.original_name

    def save(self, *args, **kwargs):
        # A stored file's record is written once; decisions go through _decide's UPDATE.
        if self.pk is not None:
            raise PermissionError("Evidence files are records: they are not edited.")
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        plan = self.cell.requirement.indicator.component.plan
        return reverse("evidence_file", args=[plan.satker.slug, plan.year, self.public_id])

    def delete(self, *args, **kwargs):
        raise PermissionError("Evidence files are records: withdraw them, never delete them.")

    @property
    def download_name(self):
        """What the file downloads as (see download_name above)."""
        return download_name(self.original_name, self.file.name)

    def may_be_read_by(self, access):
        """Whether the user of `access` (components.access.PlanAccess) may open this file.

        Every member of the plan reads its files; a withdrawn file is kept as a record but
        only its uploader and the team lead (or an administrator) open it: it was a mistake,
        not evidence, and the chair and evaluators have no business with it.
        """
        if self.status != self.Status.WITHDRAWN:
            return True
        return access.can_manage or self.uploaded_by_id == access.user.pk

    @property
    def is_image(self):
        return self.content_type.startswith("image/")

    @property
    def has_preview(self):
        """A thumbnail to show: a photo's (made at upload) or a PDF's first page
        (evidence.previews, rendered on first request)."""
        return bool(self.thumbnail) or self.content_type == "application/pdf"

    @property
    def is_previewable(self):
        return self.is_image or self.content_type == "application/pdf"

    def _decide(self, allowed_from, **changes):
        """Apply a decision only if the file is still in one of `allowed_from`.

        Compare-and-set in one UPDATE, so of two people deciding at once one wins and the
        other is told (returns False); nothing is overwritten.
        """
        updated = EvidenceFile.objects.filter(pk=self.pk, status__in=allowed_from).update(**changes)
        if updated:
            for field, value in changes.items():
                setattr(self, field, value)
        return bool(updated)

    def approve(self, by):
        return self._decide(
            [self.Status.PENDING],
            status=self.Status.APPROVED,
            reviewed_by=by,
            reviewed_at=timezone.now(),
        )

    def return_for_revision(self, by, note):
        return self._decide(
            [self.Status.PENDING],
            status=self.Status.RETURNED,
            reviewed_by=by,
            reviewed_at=timezone.now(),
            review_note=note,
        )

    def mark_revised(self):
        return self._decide([self.Status.RETURNED], status=self.Status.REVISED)

    def withdraw(self, by, reason):
        """Hide a wrong upload, keeping it. Approved files cannot be withdrawn."""
        return self._decide(
            [self.Status.PENDING, self.Status.RETURNED],
            status=self.Status.WITHDRAWN,
            withdrawn_by=by,
            withdrawn_at=timezone.now(),
            withdraw_reason=reason,
        )


class Activity(models.Model):
    """An append-only record of one action on a plan, shown per evidence row and per plan."""

    class Action(models.TextChoices):
        UPLOAD = "upload", _("uploaded")
        WITHDRAW = "withdraw", _("withdrew")
        # Not the file statuses' words: an action is what someone did ("menyetujui").
        APPROVE = "approve", _("approved a file")
        RETURN = "return", _("returned a file for revision")
        TICK = "tick", _("ticked as realized")
        UNTICK = "untick", _("unticked")
        ASSIGN = "assign", _("assigned as PIC")
        UNASSIGN = "unassign", _("removed as PIC")
        SIGN = "sign", _("signed the matrix")
        REOPEN = "reopen", _("reopened the signed matrix")
        CREATE = "create", _("created the plan")

    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="activities")
    requirement = models.ForeignKey(
        Requirement, on_delete=models.PROTECT, null=True, blank=True, related_name="activities"
    )
    month = models.PositiveSmallIntegerField(null=True, blank=True)
    file = models.ForeignKey(
        EvidenceFile, on_delete=models.PROTECT, null=True, blank=True, related_name="activities"
    )
    indicator = models.ForeignKey(
        Indicator, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    step = models.ForeignKey(
        ActionStep, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    subject = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("The PIC assigned or removed."),
    )
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    action = models.CharField(max_length=20, choices=Action.choices)
    note = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activity log")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.user} {self.get_action_display()}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionError("The activity log is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("The activity log is append-only.")

    def describe(self):
        """What the actor did, as the log line says it after their name.

        The object sits where the language puts it ("mengembalikan undangan.pdf untuk
        revisi"), so a file or a PIC is part of the sentence, not appended to it. Returns
        (text before the name, the name, text after it); the name is "" without one.
        """
        name = ""
        if self.file_id is not None:
            name = self.file.original_name
        elif self.subject_id is not None:
            name = display_name(self.subject)
        phrase = _ACTIONS_ON.get(self.action) if name else None
        if phrase is None:
            return (str(self.get_action_display()), name, "")
        before, _marker, after = str(phrase).partition("%(name)s")
        return (before.rstrip(), name, after.lstrip())


# The log's sentences with their object: "<actor> approved foto-rapat.jpg".
_ACTIONS_ON = {
    Activity.Action.UPLOAD: _("uploaded %(name)s"),
    Activity.Action.WITHDRAW: _("withdrew %(name)s"),
    Activity.Action.APPROVE: _("approved %(name)s"),
    Activity.Action.RETURN: _("returned %(name)s for revision"),
    Activity.Action.ASSIGN: _("assigned %(name)s as PIC"),
    Activity.Action.UNASSIGN: _("removed %(name)s as PIC"),
}
