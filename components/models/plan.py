"""The plan itself: frameworks, plans, components, indicators, steps, evidence requirements
and their months. Every model has a natural key so fixtures stay stable across databases."""

import calendar
import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .units import NIPField, Satker, format_nip

MONTHS = range(1, 13)

# The month headings courts print: JAN FEB MAR APR MEI JUN JUL AGS SEP OKT NOV DES.
MONTH_ABBREVIATIONS = [
    pgettext_lazy("month abbreviation", "JAN"),
    pgettext_lazy("month abbreviation", "FEB"),
    pgettext_lazy("month abbreviation", "MAR"),
    pgettext_lazy("month abbreviation", "APR"),
    pgettext_lazy("month abbreviation", "MAY"),
    pgettext_lazy("month abbreviation", "JUN"),
    pgettext_lazy("month abbreviation", "JUL"),
    pgettext_lazy("month abbreviation", "AUG"),
    pgettext_lazy("month abbreviation", "SEP"),
    pgettext_lazy("month abbreviation", "OCT"),
    pgettext_lazy("month abbreviation", "NOV"),
    pgettext_lazy("month abbreviation", "DEC"),
]


def plan_of(part):
    """The plan a component, indicator, step, requirement or month belongs to (or None)."""
    chain = {
        "Plan": (),
        "Component": ("plan",),
        "Indicator": ("component", "plan"),
        "ActionStep": ("indicator", "component", "plan"),
        "Requirement": ("indicator", "component", "plan"),
        "Cell": ("requirement", "indicator", "component", "plan"),
    }[type(part).__name__]
    for attribute in chain:
        part = getattr(part, attribute, None)
        if part is None:
            return None
    return part


def refuse_if_signed(part):
    """While a signed version is in force the printed matrix must not change underneath it."""
    plan = plan_of(part)
    if plan is not None and plan.pk is not None and plan.signed_version() is not None:
        raise ValidationError(
            _(
                "The chairperson has signed this plan. The ZI team lead reopens it (Print & "
                "sign) before it is changed."
            )
        )


class ComponentKind(models.TextChoices):
    PENGUNGKIT = "pengungkit", _("enabler (pengungkit)")
    HASIL = "hasil", _("result (hasil)")


class FrameworkManager(models.Manager):
    def get_by_natural_key(self, code):
        return self.get(code=code)


class Framework(models.Model):
    """A version of the LKE framework a plan follows (PermenPANRB 52/2014, 90/2021 ...)."""

    code = models.CharField(_("code"), max_length=20, unique=True, help_text="52/2014")
    name = models.CharField(
        _("name"), max_length=200, help_text="PermenPANRB 52/2014 jo. PermenPANRB 10/2019"
    )
    year = models.PositiveSmallIntegerField(_("year issued"))

    objects = FrameworkManager()

    class Meta:
        verbose_name = _("LKE framework")
        verbose_name_plural = _("LKE frameworks")
        ordering = ["year"]

    def __str__(self):
        return self.name

    def natural_key(self):
        return (self.code,)


class FrameworkAreaManager(models.Manager):
    def get_by_natural_key(self, framework_code, number):
        return self.get(framework__code=framework_code, number=number)


class FrameworkArea(models.Model):
    """An area of a framework with its weight: the source of a new plan's components."""

    framework = models.ForeignKey(
        Framework, verbose_name=_("LKE framework"), on_delete=models.CASCADE, related_name="areas"
    )
    number = models.PositiveSmallIntegerField(_("number"))
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=ComponentKind.choices)
    weight = models.DecimalField(_("weight"), max_digits=5, decimal_places=2)

    objects = FrameworkAreaManager()

    class Meta:
        verbose_name = _("framework area")
        verbose_name_plural = _("framework areas")
        ordering = ["framework", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["framework", "number"], name="frameworkarea_unique_number"
            ),
        ]

    def __str__(self):
        return f"{self.number}. {self.name}"

    def natural_key(self):
        return (*self.framework.natural_key(), self.number)

    natural_key.dependencies = ["components.framework"]


class PlanManager(models.Manager):
    def get_by_natural_key(self, satker_slug, year):
        return self.get(satker__slug=satker_slug, year=year)


class PlanQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Plans of the satkers the user belongs to, evaluates or oversees (those below an
        evaluator's or overseer's satker too); all plans for a superuser."""
        if user.is_superuser:
            return self
        from .units import Satker

        return self.filter(satker__in=Satker.objects.visible_to(user))


class Plan(models.Model):
    """A satker's Zona Integritas action plan (rencana kerja) for one year."""

    satker = models.ForeignKey(
        Satker, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="plans"
    )
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(2010), MaxValueValidator(2100)]
    )
    title = models.TextField(_("title"), help_text=_("The title as printed on the matrix."))
    framework = models.ForeignKey(
        Framework, verbose_name=_("LKE framework"), on_delete=models.PROTECT, related_name="plans"
    )
    adopted_place = models.CharField(
        _("adopted at"), max_length=100, blank=True, help_text="Sarolangun"
    )
    adopted_on = models.DateField(_("adopted on"), null=True, blank=True)
    signatory_name = models.CharField(
        _("signatory's name"), max_length=200, blank=True, help_text="DEKI DIANK, S.H, M.H"
    )
    signatory_title = models.CharField(
        _("signatory's title"),
        max_length=200,
        blank=True,
        help_text="KETUA PENGADILAN NEGERI SAROLANGUN",
    )
    signatory_nip = NIPField(_("signatory's NIP"))
    monev_requirement = models.ForeignKey(
        "Requirement",
        verbose_name=_("monthly monitoring report requirement"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_(
            "The evidence requirement the monthly monev report is attached to "
            "(1.3: Dokumen laporan berkala hasil monitoring dan evaluasi secara bulanan)."
        ),
    )

    objects = PlanManager.from_queryset(PlanQuerySet)()

    class Meta:
        verbose_name = _("plan")
        verbose_name_plural = _("plans")
        ordering = ["satker__name", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["satker", "year"], name="plan_unique_satker_year"),
            models.CheckConstraint(
                condition=Q(year__gte=2010, year__lte=2100), name="plan_year_range"
            ),
        ]

    def __str__(self):
        return f"{self.satker} {self.year}"

    def get_absolute_url(self):
        return reverse("plan_detail", args=[self.satker.slug, self.year])

    def natural_key(self):
        return (*self.satker.natural_key(), self.year)

    natural_key.dependencies = ["components.satker", "components.framework"]

    def get_matrix_url(self):
        return reverse("plan_matrix", args=[self.satker.slug, self.year])

    def signed_version(self):
        """The signed matrix in force (reports.SignedMatrix), or None. One query.

        While there is one, the plan's months cannot be ticked or unticked: the team lead
        reopens it first, with a reason, and the chair signs a new version.
        """
        return self.signed_versions.filter(reopened_at__isnull=True).first()

    def clean(self):
        refuse_if_signed(self)
        if self.monev_requirement_id and plan_of(self.monev_requirement) != self:
            raise ValidationError(
                {"monev_requirement": _("Choose an evidence requirement of this plan.")}
            )

    @property
    def signatory_nip_display(self):
        return format_nip(self.signatory_nip)


class ComponentManager(models.Manager):
    def get_by_natural_key(self, satker_slug, year, number):
        return self.get(plan__satker__slug=satker_slug, plan__year=year, number=number)


class Component(models.Model):
    """An area of change (pengungkit) or the results component (hasil) of a plan."""

    plan = models.ForeignKey(
        Plan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="components"
    )
    number = models.PositiveSmallIntegerField(_("number"), validators=[MinValueValidator(1)])
    name = models.CharField(_("name"), max_length=300, help_text="Manajemen Perubahan")
    kind = models.CharField(
        _("kind"), max_length=20, choices=ComponentKind.choices, default=ComponentKind.PENGUNGKIT
    )
    weight = models.DecimalField(
        _("weight (%)"), max_digits=5, decimal_places=2, null=True, blank=True
    )

    objects = ComponentManager()

    class Meta:
        verbose_name = _("component")
        verbose_name_plural = _("components")
        ordering = ["plan", "number"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="component_unique_number"),
            models.CheckConstraint(condition=Q(number__gte=1), name="component_number_positive"),
            models.CheckConstraint(
                condition=Q(kind__in=ComponentKind.values), name="component_kind_valid"
            ),
        ]

    def __str__(self):
        return f"{self.number}. {self.name}"

    def natural_key(self):
        return (*self.plan.natural_key(), self.number)

    natural_key.dependencies = ["components.plan"]

    def clean(self):
        refuse_if_signed(self)

    @property
    def is_result(self):
        return self.kind == ComponentKind.HASIL


class IndicatorManager(models.Manager):
    def get_by_natural_key(self, satker_slug, year, component_number, number):
        return self.get(
            component__plan__satker__slug=satker_slug,
            component__plan__year=year,
            component__number=component_number,
            number=number,
        )


class Indicator(models.Model):
    """An indicator of a component, coded "<component>.<number>" (1.1 ... 7.2).

    The code is derived from the component's number and the indicator's own number, so a
    code is unique within a plan by the database's uniqueness of (component, number).
    """

    component = models.ForeignKey(
        Component, verbose_name=_("component"), on_delete=models.CASCADE, related_name="indicators"
    )
    number = models.PositiveSmallIntegerField(
        _("number"), validators=[MinValueValidator(1)], help_text=_("1 for indicator 1.1")
    )
    name = models.TextField(_("name"), help_text="Penyusunan Tim Kerja")
    description = models.TextField(_("description"), blank=True)
    weight = models.DecimalField(
        _("weight (%)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    target = models.CharField(
        _("target"), max_length=300, blank=True, help_text="IPK >= 3,6 dari skala 1-4"
    )

    objects = IndicatorManager()

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["component", "number"]
        constraints = [
            models.UniqueConstraint(fields=["component", "number"], name="indicator_unique_number"),
            models.CheckConstraint(condition=Q(number__gte=1), name="indicator_number_positive"),
        ]

    def __str__(self):
        return f"{self.code} {self.name}"

    def natural_key(self):
        return (*self.component.natural_key(), self.number)

    natural_key.dependencies = ["components.component"]

    def clean(self):
        refuse_if_signed(self)

    @property
    def code(self):
        """The printed code, "1.1". Costs a query unless the component is loaded."""
        return f"{self.component.number}.{self.number}"


class IndicatorPartManager(models.Manager):
    """Natural keys of an indicator's steps and requirements: the indicator's, and a position."""

    def get_by_natural_key(self, satker_slug, year, component_number, indicator_number, position):
        return self.get(
            indicator__component__plan__satker__slug=satker_slug,
            indicator__component__plan__year=year,
            indicator__component__number=component_number,
            indicator__number=indicator_number,
            position=position,
        )


class ActionStep(models.Model):
    """An action step (langkah aksi) of an indicator.

    `number` is the number the court printed, which may be missing or out of order (the
    seed numbers steps across indicators); `position` orders the steps within the indicator.
    """

    indicator = models.ForeignKey(
        Indicator, verbose_name=_("indicator"), on_delete=models.CASCADE, related_name="steps"
    )
    position = models.PositiveSmallIntegerField(_("position"))
    number = models.PositiveSmallIntegerField(_("printed number"), null=True, blank=True)
    text = models.TextField(_("text"))

    objects = IndicatorPartManager()

    class Meta:
        verbose_name = _("action step")
        verbose_name_plural = _("action steps")
        ordering = ["indicator", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "position"], name="actionstep_unique_position"
            ),
        ]

    def __str__(self):
        return f"{self.number or '–'}. {self.text[:60]}"

    def natural_key(self):
        return (*self.indicator.natural_key(), self.position)

    natural_key.dependencies = ["components.indicator"]

    def clean(self):
        refuse_if_signed(self)


class Requirement(models.Model):
    """An evidence requirement (bukti fisik): a document that proves a step was done.

    It belongs to an indicator and, where the court's document pairs them, to one of that
    indicator's steps. Its text may be empty: the seed's 6.5 rows have a step and planned
    months but no evidence text, and they keep their months.
    """

    indicator = models.ForeignKey(
        Indicator,
        verbose_name=_("indicator"),
        on_delete=models.CASCADE,
        related_name="requirements",
    )
    step = models.ForeignKey(
        ActionStep,
        verbose_name=_("action step"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="requirements",
    )
    position = models.PositiveSmallIntegerField(_("position"))
    number = models.PositiveSmallIntegerField(_("printed number"), null=True, blank=True)
    text = models.TextField(_("text"), blank=True)

    objects = IndicatorPartManager()

    class Meta:
        verbose_name = _("evidence requirement")
        verbose_name_plural = _("evidence requirements")
        ordering = ["indicator", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "position"], name="requirement_unique_position"
            ),
        ]

    def __str__(self):
        return f"{self.number or '–'}. {self.text[:60]}"

    def natural_key(self):
        return (*self.indicator.natural_key(), self.position)

    natural_key.dependencies = ["components.indicator", "components.actionstep"]

    def clean(self):
        refuse_if_signed(self)
        if self.step_id and self.indicator_id and self.step.indicator_id != self.indicator_id:
            raise ValidationError({"step": _("The step must belong to the same indicator.")})


class CellManager(models.Manager):
    def get_by_natural_key(
        self, satker_slug, year, component_number, indicator_number, position, month
    ):
        return self.get(
            requirement__indicator__component__plan__satker__slug=satker_slug,
            requirement__indicator__component__plan__year=year,
            requirement__indicator__component__number=component_number,
            requirement__indicator__number=indicator_number,
            requirement__position=position,
            month=month,
        )


class Cell(models.Model):
    """One month of a requirement's grid (REALISASI WAKTU): planned, realized, or both.

    Cells are stored only for months that are planned or have been acted on; a month
    without a row is neither planned nor realized.
    """

    requirement = models.ForeignKey(
        Requirement,
        verbose_name=_("evidence requirement"),
        on_delete=models.CASCADE,
        related_name="cells",
    )
    month = models.PositiveSmallIntegerField(
        _("month"), validators=[MinValueValidator(1), MaxValueValidator(12)]
    )
    planned = models.BooleanField(_("planned"), default=False)
    realized = models.BooleanField(_("realized"), default=False)
    # The last tick or untick; the whole history is in evidence.Activity.
    realized_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ticked by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    realized_at = models.DateTimeField(_("ticked at"), null=True, blank=True)
    realization_note = models.TextField(
        _("reason"),
        blank=True,
        help_text=_("Why the month was ticked without an approved file, or unticked."),
    )

    objects = CellManager()

    class Meta:
        verbose_name = _("month")
        verbose_name_plural = _("months")
        ordering = ["requirement", "month"]
        constraints = [
            models.UniqueConstraint(fields=["requirement", "month"], name="cell_unique_month"),
            models.CheckConstraint(
                condition=Q(month__gte=1, month__lte=12), name="cell_month_1_12"
            ),
        ]

    def __str__(self):
        return f"{self.requirement} – {MONTH_ABBREVIATIONS[self.month - 1]}"

    def natural_key(self):
        return (*self.requirement.natural_key(), self.month)

    natural_key.dependencies = ["components.requirement"]

    def clean(self):
        refuse_if_signed(self)

    def month_end(self, year):
        """The last day of this cell's month in the plan's year."""
        return datetime.date(year, self.month, calendar.monthrange(year, self.month)[1])

    def is_overdue(self, year, today):
        """Planned, not realized, and its month is over (today is a date in WIB)."""
        return self.planned and not self.realized and self.month_end(year) < today
