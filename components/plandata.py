"""A plan's content as plain data: what an import creates and what next year's plan copies.

PlanData holds everything a plan is made of (its printed header and signature details, the
components, indicators, steps, evidence requirements and planned months) and nothing that
belongs to a year's work (realized months, files, PICs, activity). `plan_data` reads it from
the database, `create_plan` writes it as a new plan in one transaction, and two plans are
the same plan when their PlanData are equal.

It is also what an import preview stores while the team lead checks and corrects it
(`as_json` / `from_json`), so everything here is plain strings, numbers and lists.
"""

import dataclasses
import datetime
import re
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import Prefetch

from .models import (
    ActionStep,
    Cell,
    Component,
    ComponentKind,
    Framework,
    Indicator,
    Plan,
    Requirement,
)


@dataclasses.dataclass
class StepData:
    number: int | None
    text: str


@dataclasses.dataclass
class RequirementData:
    number: int | None
    text: str
    step: int | None = None  # index into the indicator's steps
    months: list[int] = dataclasses.field(default_factory=list)  # planned months, 1..12


@dataclasses.dataclass
class IndicatorData:
    number: int
    name: str
    description: str = ""
    weight: str | None = None  # a decimal as text, "20"
    target: str = ""
    steps: list[StepData] = dataclasses.field(default_factory=list)
    requirements: list[RequirementData] = dataclasses.field(default_factory=list)


@dataclasses.dataclass
class ComponentData:
    number: int
    name: str
    kind: str = ComponentKind.PENGUNGKIT
    weight: str | None = None
    indicators: list[IndicatorData] = dataclasses.field(default_factory=list)


@dataclasses.dataclass
class PlanData:
    title: str = ""
    framework: str = ""  # Framework.code
    adopted_place: str = ""
    adopted_on: str = ""  # ISO date or ""
    signatory_name: str = ""
    signatory_title: str = ""
    signatory_nip: str = ""
    monev_requirement: str = ""  # "1.3/2": indicator code and requirement position
    components: list[ComponentData] = dataclasses.field(default_factory=list)

    def as_json(self):
        return dataclasses.asdict(self)

    @classmethod
    def from_json(cls, data):
        data = dict(data)
        components = []
        for component in data.pop("components", []):
            component = dict(component)
            indicators = []
            for indicator in component.pop("indicators", []):
                indicator = dict(indicator)
                steps = [StepData(**step) for step in indicator.pop("steps", [])]
                requirements = [RequirementData(**r) for r in indicator.pop("requirements", [])]
                indicators.append(
                    IndicatorData(**indicator, steps=steps, requirements=requirements)
                )
            components.append(ComponentData(**component, indicators=indicators))
        return cls(**data, components=components)

    def counts(self):
        """(components, indicators, steps, requirements, planned months)."""
        indicators = [i for c in self.components for i in c.indicators]
        requirements = [r for i in indicators for r in i.requirements]
        return (
            len(self.components),
            len(indicators),
            sum(len(i.steps) for i in indicators),
            len(requirements),
            sum(len(r.months) for r in requirements),
        )

    def with_year(self, old_year, new_year):
        """A copy for another year: the year in the title replaced, "TAHUN 2021" → 2022."""
        copy = PlanData.from_json(self.as_json())
        if old_year and old_year != new_year:
            copy.title = re.sub(rf"\b{old_year}\b", str(new_year), copy.title)
        return copy


def decimal_text(value):
    """A weight as the plain text PlanData keeps: Decimal("20.00") → "20", None → None."""
    if value is None:
        return None
    text = f"{Decimal(value):f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def plan_data(plan):
    """The PlanData of a stored plan. Five queries."""
    components = plan.components.order_by("number").prefetch_related(
        Prefetch("indicators", queryset=Indicator.objects.order_by("number")),
        Prefetch("indicators__steps", queryset=ActionStep.objects.order_by("position")),
        Prefetch(
            "indicators__requirements",
            queryset=Requirement.objects.order_by("position").prefetch_related(
                Prefetch("cells", queryset=Cell.objects.filter(planned=True).order_by("month"))
            ),
        ),
    )
    monev = ""
    data = PlanData(
        title=plan.title,
        framework=plan.framework.code,
        adopted_place=plan.adopted_place,
        adopted_on=plan.adopted_on.isoformat() if plan.adopted_on else "",
        signatory_name=plan.signatory_name,
        signatory_title=plan.signatory_title,
        signatory_nip=plan.signatory_nip,
    )
    for component in components:
        component_data = ComponentData(
            number=component.number,
            name=component.name,
            kind=component.kind,
            weight=decimal_text(component.weight),
        )
        for indicator in component.indicators.all():
            steps = list(indicator.steps.all())
            step_index = {step.pk: index for index, step in enumerate(steps)}
            indicator_data = IndicatorData(
                number=indicator.number,
                name=indicator.name,
                description=indicator.description,
                weight=decimal_text(indicator.weight),
                target=indicator.target,
                steps=[StepData(step.number, step.text) for step in steps],
            )
            for requirement in indicator.requirements.all():
                indicator_data.requirements.append(
                    RequirementData(
                        number=requirement.number,
                        text=requirement.text,
                        step=step_index.get(requirement.step_id),
                        months=[cell.month for cell in requirement.cells.all()],
                    )
                )
                if requirement.pk == plan.monev_requirement_id:
                    monev = f"{component.number}.{indicator.number}/{requirement.position}"
            component_data.indicators.append(indicator_data)
        data.components.append(component_data)
    data.monev_requirement = monev
    return data


class PlanExists(Exception):
    """The satker already has a plan for that year."""


def create_plan(satker, year, data, framework=None):
    """Write PlanData as the satker's new plan for `year`; return the Plan.

    All or nothing: one transaction, and PlanExists if the year is taken (nothing is
    replaced). Positions follow the order in `data`. A constant number of queries per
    level (bulk inserts), whatever the plan's size.
    """
    framework = framework or Framework.objects.get(code=data.framework)
    with transaction.atomic():
        plan = _new_plan(satker, year, data, framework)
        indicators = _create_indicators(plan, data)
        _create_requirements(indicators, _create_steps(indicators))
        if data.monev_requirement:
            plan.monev_requirement = _find_requirement(plan, data.monev_requirement)
            if plan.monev_requirement is not None:
                plan.save(update_fields=["monev_requirement"])
    return plan


def copy_to_next_year(plan):
    """Next year's plan: the same structure and planned months, nothing realized.

    The title's year moves on; the adoption date is left empty until the new plan is
    adopted; the signatory, place and framework stay. Raises PlanExists when the year
    already has a plan (nothing is replaced). The PICs are evidence's to copy, after this
    (evidence.services.carry_over_to_next_year).
    """
    data = plan_data(plan).with_year(plan.year, plan.year + 1)
    data.adopted_on = ""
    return create_plan(plan.satker, plan.year + 1, data, framework=plan.framework)


def _new_plan(satker, year, data, framework):
    if Plan.objects.filter(satker=satker, year=year).exists():
        raise PlanExists
    try:
        with transaction.atomic():  # two at once: the unique constraint decides
            return Plan.objects.create(
                satker=satker,
                year=year,
                title=data.title,
                framework=framework,
                adopted_place=data.adopted_place,
                adopted_on=_date(data.adopted_on),
                signatory_name=data.signatory_name,
                signatory_title=data.signatory_title,
                signatory_nip=data.signatory_nip,
            )
    except IntegrityError:
        raise PlanExists from None


def _create_indicators(plan, data):
    """The plan's components and indicators: [(Indicator, IndicatorData)] in order."""
    components = Component.objects.bulk_create(
        Component(
            plan=plan,
            number=c.number,
            name=c.name,
            kind=c.kind,
            weight=Decimal(c.weight) if c.weight is not None else None,
        )
        for c in data.components
    )
    pairs = [
        (component, i)
        for component, c in zip(components, data.components, strict=True)
        for i in c.indicators
    ]
    indicators = Indicator.objects.bulk_create(
        Indicator(
            component=component,
            number=i.number,
            name=i.name,
            description=i.description,
            weight=Decimal(i.weight) if i.weight is not None else None,
            target=i.target,
        )
        for component, i in pairs
    )
    return [(indicator, i) for indicator, (_c, i) in zip(indicators, pairs, strict=True)]


def _create_steps(indicators):
    """The indicators' action steps: {indicator pk: [ActionStep]} in position order."""
    steps = ActionStep.objects.bulk_create(
        ActionStep(indicator=indicator, position=position, number=s.number, text=s.text)
        for indicator, i in indicators
        for position, s in enumerate(i.steps, 1)
    )
    steps_of = {}
    step_iter = iter(steps)
    for indicator, i in indicators:
        steps_of[indicator.pk] = [next(step_iter) for _s in i.steps]
    return steps_of


def _create_requirements(indicators, steps_of):
    """The indicators' evidence requirements and their planned months."""
    requirement_pairs = [
        (indicator, position, r)
        for indicator, i in indicators
        for position, r in enumerate(i.requirements, 1)
    ]
    requirements = Requirement.objects.bulk_create(
        Requirement(
            indicator=indicator,
            step=steps_of[indicator.pk][r.step] if r.step is not None else None,
            position=position,
            number=r.number,
            text=r.text,
        )
        for indicator, position, r in requirement_pairs
    )
    Cell.objects.bulk_create(
        Cell(requirement=requirement, month=month, planned=True)
        for requirement, (_i, _p, r) in zip(requirements, requirement_pairs, strict=True)
        for month in sorted(set(r.months))
    )


def _date(text):
    return datetime.date.fromisoformat(text) if text else None


def _find_requirement(plan, reference):
    code, _slash, position = reference.partition("/")
    component, _dot, indicator = code.partition(".")
    if not (component.isdigit() and indicator.isdigit() and position.isdigit()):
        return None
    return Requirement.objects.filter(
        indicator__component__plan=plan,
        indicator__component__number=int(component),
        indicator__number=int(indicator),
        position=int(position),
    ).first()
