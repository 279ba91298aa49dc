"""What the monthly monitoring keeps: the team lead's monev notes and the reminders sent.

Both tables were made by other apps (reports, evidence) and moved here without copying a
row: see migrations/0001_initial.py.
"""

from django.conf import settings
from django.db import IntegrityError, models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from components.models import Plan, display_name
from zi_tracker.versioning import StaleEdit, save_if_current


class MonevReport(models.Model):
    """The team lead's notes and follow-ups (tindak lanjut) for one month's monev meeting."""

    plan = models.ForeignKey(
        Plan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="monev_reports"
    )
    month = models.PositiveSmallIntegerField(_("month"))
    notes = models.TextField(_("notes of the meeting"), blank=True)
    follow_ups = models.TextField(
        _("follow-ups (tindak lanjut)"),
        blank=True,
        help_text=_("One per line: what is done, by whom, by when."),
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    version = models.PositiveIntegerField(default=0)  # zi_tracker.versioning

    class Meta:
        verbose_name = _("monev report")
        verbose_name_plural = _("monev reports")
        constraints = [
            models.UniqueConstraint(fields=["plan", "month"], name="monevreport_unique_month"),
            models.CheckConstraint(
                condition=Q(month__gte=1, month__lte=12), name="monevreport_month_1_12"
            ),
        ]

    def __str__(self):
        return f"{self.plan} {self.month:02d}"

    @classmethod
    def save_notes(cls, *, plan, month, notes, follow_ups, by, version):
        """Save the month's notes as `by` wrote them on a copy read at `version`.

        Raises StaleEdit if someone saved the notes since; two first saves at once
        make one row, and the later one is refused.
        """
        changes = {"notes": notes, "follow_ups": follow_ups, "updated_by": by}
        current = cls.objects.filter(plan=plan, month=month)
        if version is None and not current.exists():
            version = 0
        if version == 0:
            try:
                with transaction.atomic():
                    cls.objects.create(plan=plan, month=month, version=1, **changes)
                return
            except IntegrityError:
                pass  # someone saved the first notes a moment ago
        elif save_if_current(current, version, updated_at=timezone.now(), **changes):
            return
        latest = current.select_related("updated_by").get()
        by_name = display_name(latest.updated_by) if latest.updated_by else ""
        raise StaleEdit(by_name, latest.updated_at)

    @property
    def follow_up_lines(self):
        return [line.strip() for line in self.follow_ups.splitlines() if line.strip()]


class ReminderLog(models.Model):
    """One reminder e-mail sent: what makes send_reminders idempotent for the day or week."""

    class Kind(models.TextChoices):
        PIC = "pic", _("PIC's items")
        DIGEST = "digest", _("team lead's weekly digest")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminder_logs"
    )
    kind = models.CharField(max_length=10, choices=Kind.choices)
    period = models.CharField(max_length=10, help_text="2026-11-27, or 2026-W48 for digests")
    items = models.PositiveIntegerField(default=0)
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("reminder sent")
        verbose_name_plural = _("reminders sent")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "kind", "period"], name="reminderlog_once_per_period"
            ),
        ]

    def __str__(self):
        return f"{self.user} {self.kind} {self.period}"
