"""Bukti dukung: what supports an LKE answer, and which plan indicators feed which sub-area.

A question's evidence is an approved evidence file of the plan (attached, not copied), a
file uploaded for the LKE alone (checked as evidence uploads are), or a link. Nothing
attached is ever deleted: removing it records who removed it and when.
"""

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from components.models import Indicator
from evidence.models import download_name

from .assessment import Assessment, Tier


def lke_upload_to(instance, filename):
    """Storage name: never the user's file name."""
    dot = filename.rfind(".")
    extension = filename[dot:].lower() if dot > 0 else ""
    assessment = instance.assessment
    return f"lke/{assessment.satker.slug}/{assessment.year}/{uuid.uuid4().hex}{extension}"


class SubAreaLink(models.Model):
    """A plan indicator that feeds an LKE sub-area (its PICs may draft the narrative).

    Until the team lead edits them, an assessment's links are suggested (assessment.links)
    and not stored; saving the links page stores them all and sets links_edited.
    """

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="links")
    node = models.ForeignKey("LkeNode", on_delete=models.PROTECT, related_name="+")
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "node", "indicator"], name="lke_link_unique"
            )
        ]

    def __str__(self):
        return f"{self.node_id} <- {self.indicator_id}"


class QuestionEvidence(models.Model):
    class Kind(models.TextChoices):
        PLAN_FILE = "file", _("evidence file of the plan")
        UPLOAD = "upload", _("file uploaded for the LKE")
        LINK = "link", _("link")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="evidence")
    question = models.ForeignKey("LkeQuestion", on_delete=models.PROTECT, related_name="+")
    tier = models.CharField(max_length=5, choices=Tier.choices, default=Tier.UNIT)
    kind = models.CharField(max_length=6, choices=Kind.choices)
    evidence_file = models.ForeignKey(
        "evidence.EvidenceFile", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    file = models.FileField(upload_to=lke_upload_to, max_length=255, blank=True)
    original_name = models.CharField(_("file name"), max_length=255, blank=True)
    size = models.PositiveBigIntegerField(null=True, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    sha256 = models.CharField("SHA-256", max_length=64, blank=True)
    url = models.URLField(_("link"), max_length=1000, blank=True)
    title = models.CharField(_("title"), max_length=300, blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    added_at = models.DateTimeField(default=timezone.now)
    removed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    removed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["added_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(kind="file", evidence_file__isnull=False)
                    | (Q(kind="upload", evidence_file__isnull=True) & ~Q(file=""))
                    | (Q(kind="link", evidence_file__isnull=True) & ~Q(url=""))
                ),
                name="lke_evidence_kind_consistent",
            ),
            models.UniqueConstraint(
                fields=["assessment", "question", "tier", "evidence_file"],
                condition=Q(removed_at__isnull=True, evidence_file__isnull=False),
                name="lke_evidence_file_once",
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def name(self):
        if self.kind == self.Kind.PLAN_FILE:
            return self.evidence_file.original_name
        if self.kind == self.Kind.UPLOAD:
            return self.original_name
        return self.title or self.url

    @property
    def download_name(self):
        """A file's name with the extension of what is stored, as plan evidence downloads."""
        if self.kind == self.Kind.PLAN_FILE:
            return self.evidence_file.download_name
        return download_name(self.original_name, self.file.name)

    def remove(self, *, by):
        """Take it off the question; the record (and any file) stays."""
        if self.removed_at is not None:
            raise ValidationError(_("This evidence was already removed."))
        moved = QuestionEvidence.objects.filter(pk=self.pk, removed_at__isnull=True).update(
            removed_by=by, removed_at=timezone.now()
        )
        if not moved:
            raise ValidationError(_("This evidence was already removed."))
        self.refresh_from_db()
