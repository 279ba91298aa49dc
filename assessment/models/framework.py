"""An LKE framework as data: its tree of nodes with weights, and its questions.

A framework version is a record: once an assessment uses it, it is never changed; loading
the same code again makes a new version (`load_lke_framework`). The tree is
component -> sub-component -> area -> sub-area (-> a sub-area's parts, as 5.iii's LHKPN and
LHKASN) with questions on sub-areas, and on the results' sub-components.
"""

from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _


class LkeFramework(models.Model):
    code = models.CharField(_("code"), max_length=20, help_text="90/2021")
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    name = models.CharField(_("name"), max_length=200)
    source = models.CharField(_("loaded from"), max_length=200, blank=True)
    sha256 = models.CharField("SHA-256", max_length=64, blank=True)
    loaded_at = models.DateTimeField(_("loaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("LKE framework")
        verbose_name_plural = _("LKE frameworks")
        ordering = ["code", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["code", "version"], name="lke_framework_version")
        ]

    def __str__(self):
        return f"LKE {self.code} (v{self.version})"

    @classmethod
    def newest(cls, code):
        return cls.objects.filter(code=code).order_by("-version").first()


class NodeKind(models.TextChoices):
    SUM = "sum", _("sum of its parts")
    AVERAGE = "average", _("mean of its questions x weight")
    WEIGHTED = "weighted", _("sum of its questions x their weights")


class LkeNode(models.Model):
    """One node of the tree: A. PENGUNGKIT, I. PEMENUHAN, 1. MANAJEMEN PERUBAHAN, i. ..."""

    class Level(models.TextChoices):
        COMPONENT = "component", _("component")
        SUB_COMPONENT = "sub_component", _("sub-component")
        AREA = "area", _("area")
        SUB_AREA = "sub_area", _("sub-area")
        PART = "part", _("part of a sub-area")

    framework = models.ForeignKey(LkeFramework, on_delete=models.CASCADE, related_name="nodes")
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="children"
    )
    level = models.CharField(max_length=20, choices=Level.choices)
    kind = models.CharField(max_length=10, choices=NodeKind.choices)
    label = models.CharField(_("number"), max_length=10, blank=True, help_text="iii.")
    name = models.CharField(_("name"), max_length=300)
    weight = models.DecimalField(_("weight"), max_digits=6, decimal_places=3)
    position = models.PositiveIntegerField(_("position"))  # order in the whole framework
    area_number = models.PositiveSmallIntegerField(null=True, blank=True)  # 1..6 below areas
    excel_row = models.PositiveIntegerField(null=True, blank=True)
    note = models.TextField(blank=True)  # e.g. how the official workbook differs here

    class Meta:
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(fields=["framework", "position"], name="lke_node_position")
        ]

    def __str__(self):
        return f"{self.label} {self.name}".strip()

    @property
    def title(self):
        return str(self)


class AnswerType(models.TextChoices):
    YES_NO = "yes_no", "Ya/Tidak"
    ABC = "abc", "A/B/C"
    ABCD = "abcd", "A/B/C/D"
    ABCDE = "abcde", "A/B/C/D/E"
    PERCENT = "percent", "%"
    COUNT = "count", _("Count")
    SURVEY = "survey", _("Survey value (0-4)")


# Score per answer, as the evaluators' workbook has them (0.67 and 0.33, not 2/3 and 1/3).
DEFAULT_CHOICES = {
    AnswerType.YES_NO: [("Ya", "1"), ("Tidak", "0")],
    AnswerType.ABC: [("A", "1"), ("B", "0.5"), ("C", "0")],
    AnswerType.ABCD: [("A", "1"), ("B", "0.67"), ("C", "0.33"), ("D", "0")],
    AnswerType.ABCDE: [("A", "1"), ("B", "0.75"), ("C", "0.5"), ("D", "0.25"), ("E", "0")],
}


class PercentRule(models.TextChoices):
    RATIO = "ratio", _("part / whole, at most 1")
    DECREASE = "decrease", _("decrease from last year (both 0 gives 1)")
    SUM_RATIO = "sum_ratio", _("part / the sum of the wholes, at most 1")


class LkeQuestion(models.Model):
    """A question; a "%" question's value comes from the counts (Jumlah) under it."""

    class CountRole(models.TextChoices):
        WHOLE = "whole", _("whole")
        PART = "part", _("part")
        LAST_YEAR = "last_year", _("last year")
        THIS_YEAR = "this_year", _("this year")
        EXTRA = "extra", _("asked, not in the ratio")

    class HasilRole(models.TextChoices):
        IPAK = "ipak", "IPAK"
        CAPAIAN = "capaian", _("capaian kinerja")
        IPKP = "ipkp", "IPKP"

    node = models.ForeignKey(LkeNode, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveIntegerField()  # order in the whole framework
    label = models.CharField(max_length=10, blank=True, help_text="a.")
    text = models.TextField(_("question"))
    criteria = models.TextField(_("criteria"), blank=True)
    answer_type = models.CharField(max_length=10, choices=AnswerType.choices)
    choices = models.JSONField(default=list, blank=True)  # [[key, multiplier, label], ...]
    weight = models.DecimalField(max_digits=6, decimal_places=3, null=True, blank=True)
    rule = models.CharField(max_length=10, choices=PercentRule.choices, blank=True)
    percent_of = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="counts"
    )
    count_role = models.CharField(max_length=10, choices=CountRole.choices, blank=True)
    required = models.BooleanField(default=True)  # a count its % question waits for
    hasil_role = models.CharField(max_length=10, choices=HasilRole.choices, blank=True)
    excel_row = models.PositiveIntegerField(null=True, blank=True)
    excel_columns = models.JSONField(default=dict, blank=True)  # 2026: answer, note, ...

    class Meta:
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(fields=["node", "position"], name="lke_question_position")
        ]

    def __str__(self):
        return f"{self.label} {self.text[:80]}".strip()

    @property
    def is_count(self):
        return self.answer_type == AnswerType.COUNT

    @property
    def is_scored(self):
        """Has a score of its own (counts only feed their % question)."""
        return self.answer_type != AnswerType.COUNT

    @property
    def is_entered(self):
        """Answered by a person (a % question is computed from its counts)."""
        return self.answer_type != AnswerType.PERCENT

    def multipliers(self):
        """{answer key: its score}, kept on the instance (the tree's questions live for
        the process, and scoring asks for every answer)."""
        cached = self.__dict__.get("_multipliers")
        if cached is None:
            cached = {key: Decimal(str(mult)) for key, mult, *_rest in self.choices}
            self.__dict__["_multipliers"] = cached
        return cached
