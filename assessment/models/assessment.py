"""A satker's LKE for a year: each tier's answers, and the record of who did what."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from components.models import Plan, Satker

from .framework import LkeFramework


class Tier(models.TextChoices):
    UNIT = "unit", _("unit (Tim ZI)")
    TPI = "tpi", _("internal evaluator (TPI)")


class Assessment(models.Model):
    """The unit's self-assessment and its evaluators' assessment of one year.

    draft -> submitted (by the chair; the unit's answers are locked) -> returned (by the
    TPI, with notes: only the unit's answers open again) -> submitted -> final (by the TPI;
    everything is locked). The plan of the year is linked when there is one.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", _("being filled")
        SUBMITTED = "submitted", _("submitted to the evaluators")
        RETURNED = "returned", _("returned to the unit")
        FINAL = "final", _("final")

    satker = models.ForeignKey(Satker, on_delete=models.PROTECT, related_name="assessments")
    year = models.PositiveSmallIntegerField(_("year"))
    framework = models.ForeignKey(LkeFramework, on_delete=models.PROTECT, related_name="+")
    plan = models.ForeignKey(
        Plan, on_delete=models.SET_NULL, null=True, blank=True, related_name="assessments"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    return_note = models.TextField(blank=True)
    wbk_held = models.BooleanField(
        _("already holds WBK"), default=False, help_text=_("WBBM is open only to WBK units.")
    )
    finalised_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    # Each tier's total and verdict as of its last answer, for pages that list many units
    # (the overview, the dashboard card); the LKE page always computes them afresh.
    unit_total = models.DecimalField(max_digits=12, decimal_places=6, null=True, blank=True)
    unit_verdict = models.CharField(max_length=5, blank=True)
    tpi_total = models.DecimalField(max_digits=12, decimal_places=6, null=True, blank=True)
    tpi_verdict = models.CharField(max_length=5, blank=True)
    # The plan-indicator -> sub-area links are suggested until the team lead saves them.
    links_edited = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("LKE assessment")
        verbose_name_plural = _("LKE assessments")
        constraints = [
            models.UniqueConstraint(fields=["satker", "year"], name="assessment_one_per_year")
        ]

    def __str__(self):
        return f"LKE {self.satker} {self.year}"

    def refresh_totals(self):
        """Store each tier's total and verdict (see unit_total). Reads the answers: one query."""
        from ..report import tier_score

        answers = {Tier.UNIT: {}, Tier.TPI: {}}
        for question, tier, value in self.answers.exclude(value="").values_list(
            "question_id", "tier", "value"
        ):
            answers[tier][question] = value
        fields = {}
        for tier in Tier:
            result = tier_score(self, tier, answers[tier])
            total = result.score.total
            fields[f"{tier}_total"] = None if total is None else round(total, 6)
            fields[f"{tier}_verdict"] = result.readiness.verdict
        Assessment.objects.filter(pk=self.pk).update(**fields)
        for name, value in fields.items():
            setattr(self, name, value)

    def answers_of(self, tier):
        """{question pk: value} of the tier's answers. One query."""
        rows = self.answers.filter(tier=tier).exclude(value="")
        return dict(rows.values_list("question_id", "value"))

    def tier_open(self, tier):
        """May this tier's answers change now?"""
        if tier == Tier.UNIT:
            return self.status in (self.Status.DRAFT, self.Status.RETURNED)
        return self.status == self.Status.SUBMITTED

    def submit(self, *, by):
        if not self.tier_open(Tier.UNIT):
            raise ValidationError(_("The LKE is already with the evaluators."))
        self._change(self.Status.SUBMITTED, by, AssessmentLog.Action.SUBMIT,
                     submitted_at=timezone.now(), submitted_by=by)  # fmt: skip

    def send_back(self, *, by, note):
        if self.status != self.Status.SUBMITTED:
            raise ValidationError(_("Only a submitted LKE can be returned."))
        if not note.strip():
            raise ValidationError(_("Say what the unit should look at again."))
        self._change(self.Status.RETURNED, by, AssessmentLog.Action.RETURN, note=note,
                     return_note=note)  # fmt: skip

    def finalise(self, *, by):
        if self.status != self.Status.SUBMITTED:
            raise ValidationError(_("Only a submitted LKE can be made final."))
        self._change(self.Status.FINAL, by, AssessmentLog.Action.FINALISE,
                     finalised_at=timezone.now())  # fmt: skip

    def _change(self, status, by, action, note="", **fields):
        """Move to `status` if nobody moved it meanwhile (one UPDATE), and log it."""
        with transaction.atomic():
            moved = Assessment.objects.filter(pk=self.pk, status=self.status).update(
                status=status, **fields
            )
            if not moved:
                raise ValidationError(_("Someone changed this LKE a moment ago; reload."))
            AssessmentLog.objects.create(assessment=self, user=by, action=action, note=note)
        self.refresh_from_db()


class Answer(models.Model):
    """One tier's answer to one question: the value, the narrative or note, its source."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey("LkeQuestion", on_delete=models.PROTECT, related_name="+")
    tier = models.CharField(max_length=5, choices=Tier.choices)
    value = models.CharField(_("answer"), max_length=20, blank=True)
    note = models.TextField(_("narrative / note"), blank=True)
    source = models.CharField(_("source"), max_length=300, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    updated_at = models.DateTimeField(default=timezone.now)
    version = models.PositiveIntegerField(default=0)  # zi_tracker.versioning

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "question", "tier"], name="answer_one_per_tier"
            ),
            models.CheckConstraint(condition=Q(tier__in=Tier.values), name="answer_tier_valid"),
        ]

    def __str__(self):
        return f"{self.assessment} {self.tier} {self.question_id}: {self.value}"


class AssessmentLog(models.Model):
    """Append-only: every answer changed, every submission, return and finalisation."""

    class Action(models.TextChoices):
        CREATE = "create", _("started the LKE")
        ANSWER = "answer", _("answered")
        NOTE = "note", _("wrote on")
        SUBMIT = "submit", _("submitted the LKE")
        RETURN = "return", _("returned the LKE to the unit")
        FINALISE = "finalise", _("made the LKE final")
        IMPORT = "import", _("imported answers")
        EVIDENCE = "evidence", _("attached evidence to")
        UNEVIDENCE = "unevidence", _("removed evidence from")
        LINKS = "links", _("changed the plan rows linked to sub-areas")

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="log")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    action = models.CharField(max_length=10, choices=Action.choices)
    tier = models.CharField(max_length=5, choices=Tier.choices, blank=True)
    question = models.ForeignKey(
        "LkeQuestion", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    value = models.CharField(max_length=20, blank=True)
    note = models.TextField(blank=True)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-at", "-pk"]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.user} {self.action}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValidationError("The LKE log is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError("The LKE log is append-only.")
