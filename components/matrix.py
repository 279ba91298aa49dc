"""The plan laid out as the court prints it: one row per evidence requirement.

Columns NO, KOMPONEN, INDIKATOR, LANGKAH AKSI, BUKTI FISIK and twelve months; component,
indicator and step cells span the rows below them. The same rows feed the web page and,
later, the PDF and Excel exports, so the layout rules live here once.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Prefetch

from .models import MONTHS, ActionStep, Indicator, Requirement


@dataclass(frozen=True, slots=True)
class MonthMark:
    month: int
    planned: bool = False
    realized: bool = False

    @property
    def state(self):
        """ "planned", "realized", "realized-unplanned" or "" for an empty month."""
        if self.realized:
            return "realized" if self.planned else "realized-unplanned"
        return "planned" if self.planned else ""


EMPTY_MONTHS = tuple(MonthMark(month) for month in MONTHS)


@dataclass(slots=True)
class MatrixRow:
    """One printed row. A spanning cell is set only on the first row it covers."""

    component: object = None
    component_rowspan: int = 0
    indicator: object = None
    indicator_rowspan: int = 0
    step: object = None
    step_rowspan: int = 0
    step_cell: bool = True  # False where a step above spans this row
    requirement: object = None
    months: tuple = field(default=EMPTY_MONTHS)


def _months(requirement):
    cells = {cell.month: cell for cell in requirement.cells.all()}
    if not cells:
        return EMPTY_MONTHS
    return tuple(
        MonthMark(m, cells[m].planned, cells[m].realized) if m in cells else MonthMark(m)
        for m in MONTHS
    )


def indicator_rows(indicator):
    """Rows of one indicator: each step with its requirements, then any unpaired ones.

    An indicator with neither steps nor requirements (7.2 in the seed) still gets a row.
    Uses the prefetched steps, requirements and cells.
    """
    steps = list(indicator.steps.all())
    step_ids = {step.pk for step in steps}
    by_step = defaultdict(list)
    unpaired = []
    for requirement in indicator.requirements.all():
        if requirement.step_id in step_ids:
            by_step[requirement.step_id].append(requirement)
        else:
            unpaired.append(requirement)

    groups = [(step, by_step[step.pk]) for step in steps]
    if unpaired:
        groups.append((None, unpaired))

    rows = []
    for step, requirements in groups:
        for i, requirement in enumerate(requirements or [None]):
            row = MatrixRow(requirement=requirement, step_cell=(i == 0))
            if i == 0:
                row.step = step
                row.step_rowspan = max(len(requirements), 1)
            if requirement is not None:
                row.months = _months(requirement)
            rows.append(row)
    if not rows:
        rows.append(MatrixRow(step_rowspan=1))
    rows[0].indicator = indicator
    rows[0].indicator_rowspan = len(rows)
    return rows


def matrix_components(plan):
    """The plan's components with indicators, steps, requirements and cells prefetched.

    Costs five queries whatever the plan's size: components, indicators, steps,
    requirements, cells.
    """
    return plan.components.order_by("number").prefetch_related(
        Prefetch("indicators", queryset=Indicator.objects.order_by("number")),
        Prefetch("indicators__steps", queryset=ActionStep.objects.order_by("position")),
        Prefetch(
            "indicators__requirements",
            queryset=Requirement.objects.order_by("position").prefetch_related("cells"),
        ),
    )


def build_matrix(plan):
    """All rows of the plan's matrix, in print order."""
    rows = []
    for component in matrix_components(plan):
        component_rows = []
        for indicator in component.indicators.all():
            component_rows.extend(indicator_rows(indicator))
        if not component_rows:
            component_rows.append(MatrixRow(step_rowspan=1, indicator_rowspan=1))
        component_rows[0].component = component
        component_rows[0].component_rowspan = len(component_rows)
        rows.extend(component_rows)
    return rows
