"""The survey figures, computed in the database: a fixed number of queries however many
responses there are.

- NRR of an element = the mean of its answers (1-4); IKM = mean of the nine NRR x 25, graded
  A 88.31-100, B 76.61-88.30, C 65.00-76.60, D 25.00-64.99 (PermenPANRB 14/2017).
- IPKP and IPAK = the mean of their items' means (1-4), shown also x 25; categories are the
  ones courts publish for the IPK (1.00-1.75, 1.76-2.50, 2.51-3.25, 3.26-4.00). No official
  IPKP table was found, so the IPKP uses the same bands in words of service quality.
- Grades and categories are read from the value rounded to two decimals, as published;
  everything else stays unrounded.
- The minimum sample is Krejcie and Morgan's (chi-square 3.841, P 0.5, margin 0.05).
"""

import math
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Avg, Count
from django.utils.translation import gettext_lazy as _

from .models import PROFILE_FIELDS, Answer, Item, Kind, Response

IKM_GRADES = [  # lowest value of the grade, grade, label
    (Decimal("88.31"), "A", _("Very good")),
    (Decimal("76.61"), "B", _("Good")),
    (Decimal("65.00"), "C", _("Not quite good")),
    (Decimal("25.00"), "D", _("Not good")),
]
IPAK_CATEGORIES = [
    (Decimal("3.26"), _("Very clean")),
    (Decimal("2.51"), _("Clean")),
    (Decimal("1.76"), _("Not quite clean")),
    (Decimal("1.00"), _("Not clean")),
]
IPKP_CATEGORIES = [
    (Decimal("3.26"), _("Very good")),
    (Decimal("2.51"), _("Good")),
    (Decimal("1.76"), _("Not quite good")),
    (Decimal("1.00"), _("Not good")),
]


def _rounded(value):
    return Decimal(str(value)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def ikm_grade(ikm):
    """(grade, label) of an IKM value, or (None, None) when there is none."""
    if ikm is None:
        return None, None
    shown = _rounded(ikm)
    for lowest, grade, label in IKM_GRADES:
        if shown >= lowest:
            return grade, label
    return "D", IKM_GRADES[-1][2]


def category(value, table):
    if value is None:
        return None
    shown = _rounded(value)
    for lowest, label in table:
        if shown >= lowest:
            return label
    return table[-1][1]


def minimum_sample(population):
    """Krejcie and Morgan's sample size for a population, as their table gives it
    (100 -> 80, 400 -> 196, 500 -> 217, 1,000 -> 278, 1,000,000 -> 384)."""
    if not population:
        return None
    chi, p, d = 3.841, 0.5, 0.05
    n = chi * population * p * (1 - p) / (d * d * (population - 1) + chi * p * (1 - p))
    return math.floor(n + 0.5)  # the published table rounds to the nearest (400 -> 196)


@dataclass
class Element:
    item: Item
    nrr: float | None
    answers: int

    @property
    def nrr_x25(self):
        return None if self.nrr is None else self.nrr * 25


@dataclass
class Index:
    items: list
    value: float | None  # 1-4
    category: str | None

    @property
    def x25(self):
        return None if self.value is None else self.value * 25


@dataclass
class Results:
    respondents: int
    elements: list
    ikm: float | None
    grade: str | None
    grade_label: str | None
    ipkp: Index
    ipak: Index
    population: int | None
    minimum: int | None
    profile: dict = field(default_factory=dict)

    @property
    def short_of_sample(self):
        return self.minimum is not None and self.respondents < self.minimum

    def as_json(self):
        return {
            "respondents": self.respondents,
            "elements": [
                {"number": e.item.number, "name": e.item.name, "nrr": e.nrr} for e in self.elements
            ],
            "ikm": self.ikm,
            "grade": self.grade,
            "ipkp": self.ipkp.value,
            "ipak": self.ipak.value,
        }


def _mean(values):
    values = [v for v in values if v is not None]
    return sum(values) / len(values) if values else None


def survey_results(survey, with_profile=False):
    """The survey's figures. Three queries (items, means per item, respondents), and one per
    profile question with `with_profile`."""
    items = list(survey.items.all())
    means = {
        row["item"]: row
        # By the items, not through the responses: no join, and PostgreSQL's planner cannot
        # pick a nested loop over fresh, unanalysed tables (minutes at 10,000 responses).
        for row in Answer.objects.filter(item__in=[item.pk for item in items])
        .order_by()
        .values("item")
        .annotate(mean=Avg("value"), n=Count("pk"))
    }
    respondents = survey.responses.count()
    profile = profile_breakdown(survey.responses.all()) if with_profile else {}
    return _results(items, means, respondents, survey.population, profile)


def _results(items, means, respondents, population, profile):
    def per_item(kind):
        rows = []
        for item in items:
            if item.kind == kind:
                row = means.get(item.pk, {})
                rows.append(Element(item, _float(row.get("mean")), row.get("n", 0)))
        return rows

    elements = per_item(Kind.IKM)
    nrrs = [e.nrr for e in elements]
    ikm = sum(nrrs) / len(nrrs) * 25 if nrrs and None not in nrrs else None
    grade, label = ikm_grade(ikm)
    ipkp_items, ipak_items = per_item(Kind.IPKP), per_item(Kind.IPAK)
    ipkp = _mean(e.nrr for e in ipkp_items)
    ipak = _mean(e.nrr for e in ipak_items)
    return Results(
        respondents=respondents,
        elements=elements,
        ikm=ikm,
        grade=grade,
        grade_label=label,
        ipkp=Index(ipkp_items, ipkp, category(ipkp, IPKP_CATEGORIES)),
        ipak=Index(ipak_items, ipak, category(ipak, IPAK_CATEGORIES)),
        population=population,
        minimum=minimum_sample(population),
        profile=profile,
    )


def _float(value):
    return None if value is None else float(value)


def profile_breakdown(responses):
    """{field: [(value, count), ...]} for each profile question: one query each."""
    breakdown = {}
    for name in PROFILE_FIELDS:
        rows = responses.order_by().values_list(name).annotate(n=Count("pk")).order_by(name)
        breakdown[name] = [(value, n) for value, n in rows]
    return breakdown


def year_results(satker, year):
    """The year's figures over every survey of the satker that year, items matched by
    kind and number (the IKM elements are the same in every survey). Four queries."""
    surveys = list(satker.surveys.filter(year=year).order_by("opens_on"))
    if not surveys:
        return None
    latest = surveys[-1]
    items = list(latest.items.all())
    by_key = {
        (row["item__kind"], row["item__number"]): row
        for row in Answer.objects.filter(item__survey__in=surveys)
        .order_by()
        .values("item__kind", "item__number")
        .annotate(mean=Avg("value"), n=Count("pk"))
    }
    means = {i.pk: by_key.get((i.kind, i.number), {}) for i in items}
    respondents = Response.objects.filter(survey__in=surveys).count()
    population = sum(s.population or 0 for s in surveys) or None
    return _results(items, means, respondents, population, {})


def trend(satker):
    """[(period, ikm, ipkp, ipak)] for every survey of the satker, oldest first: two queries."""
    surveys = list(satker.surveys.order_by("year", "opens_on"))
    rows = (
        Answer.objects.filter(item__survey__in=surveys)
        .order_by()
        .values("item__survey", "item__kind", "item")
        .annotate(mean=Avg("value"))
    )
    per_survey = {}
    for row in rows:
        kinds = per_survey.setdefault(row["item__survey"], {})
        kinds.setdefault(row["item__kind"], []).append(float(row["mean"]))
    points = []
    for survey in surveys:
        kinds = per_survey.get(survey.pk, {})
        ikm = kinds.get(Kind.IKM)
        points.append(
            (
                survey.period,
                sum(ikm) / len(ikm) * 25 if ikm and len(ikm) == 9 else None,
                _mean(kinds.get(Kind.IPKP, [])),
                _mean(kinds.get(Kind.IPAK, [])),
            )
        )
    return points


def period_results_for_lke(satker, year):
    """What the LKE's hasil takes from the surveys: the latest survey of the year with
    responses, its IPKP and IPAK (1-4) and whether it falls short of the minimum sample.
    None when the satker has no survey with responses that year. Five queries at most."""
    survey = (
        satker.surveys.filter(year=year, responses__isnull=False)
        .distinct()
        .order_by("-opens_on")
        .first()
    )
    if survey is None:
        return None
    results = survey_results(survey)
    return {
        "survey": survey,
        "ipkp": results.ipkp.value,
        "ipak": results.ipak.value,
        "respondents": results.respondents,
        "minimum": results.minimum,
        "short_of_sample": results.short_of_sample,
    }
