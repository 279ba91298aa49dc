"""How far a plan is, for a chosen month: what the team lead's monthly meeting looks at.

One object computes everything the dashboard and the monthly monitoring report (laporan
monev) show, from a fixed number of queries whatever the plan's size: the components and
indicators, every month cell with its file counts, the PICs, and the files awaiting review.

Definitions, month M of the plan's year, "today" in WIB:
- planned to date: planned months 1..M; realized to date: those of them ticked realized;
  progress = realized to date / planned to date.
- overdue: a planned month up to M, not realized, whose month is over.
- Kurva S: for each month, the cumulative share of the year's planned months that are planned
  up to it, and (for months that have begun) the share realized.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce

from components.matrix import annotate_file_counts
from components.models import MONTH_ABBREVIATIONS, Cell, Indicator
from evidence.models import Activity, Assignment, EvidenceFile


def default_month(plan, today):
    """The month to show: the current one in the plan's year, else its first or last."""
    if plan.year == today.year:
        return today.month
    return 12 if plan.year < today.year else 1


def percent(part, whole):
    return round(100 * part / whole) if whole else None


@dataclass
class Tally:
    planned: int = 0
    realized: int = 0

    @property
    def percent(self):
        return percent(self.realized, self.planned)


@dataclass
class OpenItem:
    """A planned month, not realized: what the overdue list and the PICs' load are made of."""

    cell_id: int
    requirement_id: int
    month: int
    indicator: object
    text: str
    number: int | None
    pics: list
    pending: int
    returned: int

    @property
    def month_name(self):
        return str(MONTH_ABBREVIATIONS[self.month - 1])


@dataclass
class PicLoad:
    user: object
    open: int = 0
    overdue: int = 0
    waiting: int = 0  # open items with a file awaiting review


@dataclass
class Progress:
    plan: object
    month: int
    today: object
    counts: dict = field(default_factory=dict)
    components: list = field(default_factory=list)
    curve: list = field(default_factory=list)
    overdue: list = field(default_factory=list)
    realized_this_month: list = field(default_factory=list)
    pic_loads: list = field(default_factory=list)
    # The two measures of progress, both counting planned months realized up to the month:
    # `total` against the months planned up to it (on schedule?), `year` against every
    # month planned in the year (how far through the year's plan: the Kurva S's point).
    total: Tally = field(default_factory=Tally)
    year: Tally = field(default_factory=Tally)

    @property
    def month_name(self):
        return str(MONTH_ABBREVIATIONS[self.month - 1])


def plan_progress(plan, month, today):
    """Everything the dashboard shows for month `month`. Three queries: indicators with
    their components, cells with file counts, PIC assignments with their users."""
    indicators = _indicators(plan)
    cells = _cells(plan)
    pics_of = _pics_of(plan)
    indicator_by_id = {indicator.pk: indicator for indicator in indicators}

    result = Progress(plan=plan, month=month, today=today)
    open_items = _open_items(cells, month, plan.year, today, indicator_by_id, pics_of)
    result.overdue = sorted(
        (item for item, overdue in open_items if overdue),
        key=lambda item: (item.month, item.indicator.component.number, item.indicator.number,
                          item.requirement_id),
    )  # fmt: skip
    result.counts = {**_month_counts(cells, month), "overdue": len(result.overdue)}
    result.realized_this_month = _realized_in(cells, month, indicator_by_id)
    result.pic_loads = _pic_loads(open_items)
    result.components = _component_rows(indicators, _tallies_to_date(cells, month))
    result.total = Tally(
        planned=sum(row["tally"].planned for row in result.components),
        realized=sum(row["tally"].realized for row in result.components),
    )
    result.year = Tally(planned=sum(cell.planned for cell in cells), realized=result.total.realized)
    result.curve = _curve(cells, min_month(month, plan, today))
    return result


def _indicators(plan):
    return list(
        Indicator.objects.filter(component__plan=plan)
        .select_related("component")
        .order_by("component__number", "number")
    )


def _cells(plan):
    return list(
        annotate_file_counts(Cell.objects.filter(requirement__indicator__component__plan=plan))
        .select_related("requirement")
        .order_by()
    )


def _pics_of(plan):
    """A function (requirement) -> its PICs: those of its indicator, then of its step."""
    assignments = Assignment.objects.filter(indicator__component__plan=plan).select_related("user")
    of_indicator, of_step = defaultdict(list), defaultdict(list)
    for assignment in assignments:
        if assignment.step_id:
            of_step[assignment.step_id].append(assignment.user)
        else:
            of_indicator[assignment.indicator_id].append(assignment.user)

    def pics(requirement):
        users = of_indicator[requirement.indicator_id] + of_step.get(requirement.step_id, [])
        return list({user.pk: user for user in users}.values())

    return pics


def _month_counts(cells, month):
    """The month's planned and realized months, and its files awaiting review or returned."""
    counts = dict.fromkeys(["planned", "realized", "submitted", "returned"], 0)
    for cell in cells:
        if cell.month == month:
            counts["planned"] += cell.planned
            counts["realized"] += cell.planned and cell.realized
            counts["submitted"] += cell.pending_count
            counts["returned"] += cell.returned_count
    return counts


def _realized_in(cells, month, indicator_by_id):
    """(indicator, requirement, cell) ticked realized in the month, in the plan's order."""
    realized = [
        (indicator_by_id[cell.requirement.indicator_id], cell.requirement, cell)
        for cell in cells
        if cell.month == month and cell.realized
    ]
    return sorted(realized, key=lambda t: (t[0].component.number, t[0].number, t[1].position))


def _tallies_to_date(cells, month):
    """{indicator pk: Tally} of the planned months up to the month."""
    tallies = defaultdict(Tally)
    for cell in cells:
        if cell.planned and cell.month <= month:
            tally = tallies[cell.requirement.indicator_id]
            tally.planned += 1
            tally.realized += cell.realized
    return tallies


def _open_items(cells, month, year, today, indicator_by_id, pics_of):
    """[(OpenItem, overdue)] for the planned months up to the month that are not realized."""
    items = []
    for cell in cells:
        if not cell.planned or cell.month > month or cell.realized:
            continue
        requirement = cell.requirement
        item = OpenItem(
            cell_id=cell.pk,
            requirement_id=requirement.pk,
            month=cell.month,
            indicator=indicator_by_id[requirement.indicator_id],
            text=requirement.text,
            number=requirement.number,
            pics=pics_of(requirement),
            pending=cell.pending_count,
            returned=cell.returned_count,
        )
        items.append((item, cell.is_overdue(year, today)))
    return items


def _pic_loads(open_items):
    """Each PIC's open, overdue and waiting items, the most overdue first."""
    loads = {}
    for item, overdue in open_items:
        for user in item.pics:
            load = loads.setdefault(user.pk, PicLoad(user=user))
            load.open += 1
            load.overdue += overdue
            load.waiting += bool(item.pending)
    return sorted(loads.values(), key=lambda load: (-load.overdue, -load.open, str(load.user)))


def _component_rows(indicators, by_indicator):
    rows, current = [], None
    for indicator in indicators:
        if current is None or current["component"].pk != indicator.component_id:
            current = {"component": indicator.component, "tally": Tally(), "indicators": []}
            rows.append(current)
        tally = by_indicator.get(indicator.pk, Tally())
        current["indicators"].append((indicator, tally))
        current["tally"].planned += tally.planned
        current["tally"].realized += tally.realized
    return rows


def min_month(month, plan, today):
    """The last month the realized line may show: the chosen month, or an earlier one if the
    chosen month has not begun (a March report stops at March; June's plan in April at April)."""
    if plan.year < today.year:
        return month
    if plan.year > today.year:
        return 0
    return min(month, today.month)


def _curve(cells, last_month):
    """(month name, cumulative planned %, cumulative realized % up to `last_month`, else None)
    for the 12 months, as shares of the year's planned months."""
    planned_in_month, realized_in_month = defaultdict(int), defaultdict(int)
    for cell in cells:
        if cell.planned:
            planned_in_month[cell.month] += 1
            realized_in_month[cell.month] += cell.realized
    total = sum(planned_in_month.values())
    points, planned, realized = [], 0, 0
    for month in range(1, 13):
        planned += planned_in_month[month]
        realized += realized_in_month[month]
        started = month <= last_month
        points.append(
            (
                str(MONTH_ABBREVIATIONS[month - 1]),
                percent(planned, total) or 0,
                (percent(realized, total) or 0) if started else None,
            )
        )
    return points


def review_queue(plan, limit=20):
    """The oldest `limit` files awaiting the team lead's decision, and how many wait in all.

    Two queries."""
    pending = EvidenceFile.objects.filter(
        cell__requirement__indicator__component__plan=plan, status=EvidenceFile.Status.PENDING
    )
    oldest = list(
        pending.select_related("cell__requirement__indicator__component", "uploaded_by").order_by(
            "uploaded_at", "submission_index"
        )[:limit]
    )
    return oldest, pending.count()


# The Kurva S drawing, in SVG user units (the chart scales to its box).
CHART_WIDTH, CHART_HEIGHT = 640, 280
PLOT_LEFT, PLOT_RIGHT, PLOT_TOP, PLOT_BOTTOM = 44, 624, 16, 236


def kurva_s_geometry(curve):
    """Coordinates for templates/monitoring/_kurva_s.html from Progress.curve."""
    step = (PLOT_RIGHT - PLOT_LEFT) / 12

    def x(index):
        return round(PLOT_LEFT + (index + 0.5) * step, 1)

    def y(value):
        return round(PLOT_BOTTOM - (PLOT_BOTTOM - PLOT_TOP) * value / 100, 1)

    planned = [(x(i), y(p)) for i, (_m, p, _r) in enumerate(curve)]
    realized = [(x(i), y(r)) for i, (_m, _p, r) in enumerate(curve) if r is not None]
    legend_y = CHART_HEIGHT - 10
    return {
        "width": CHART_WIDTH,
        "height": CHART_HEIGHT,
        "left": PLOT_LEFT,
        "right": PLOT_RIGHT,
        "grid_label_x": PLOT_LEFT - 6,
        "month_label_y": PLOT_BOTTOM + 18,
        "legend": {"y": legend_y, "text_y": legend_y + 4, "x": PLOT_LEFT + 8},
        "grid": [(y(v), v) for v in (0, 25, 50, 75, 100)],
        "months": [(x(i), name) for i, (name, _p, _r) in enumerate(curve)],
        "planned": [(a - 3, b - 3) for a, b in planned],  # the squares' corners
        "realized": realized,
        "planned_points": " ".join(f"{a},{b}" for a, b in planned),
        "realized_points": " ".join(f"{a},{b}" for a, b in realized),
        "rows": curve,
    }


def plans_with_progress(plans, year, today):
    """Plans annotated with planned and realized months to date, overdue months and the
    time of the last activity, as subqueries: one query for any number of plans."""
    to_date = 12 if year < today.year else (today.month if year == today.year else 0)
    # A month is over once the next has begun: overdue months are those before this one.
    over_before = 13 if year < today.year else (today.month if year == today.year else 1)

    def count(**conditions):
        cells = (
            Cell.objects.filter(
                requirement__indicator__component__plan=OuterRef("pk"), planned=True, **conditions
            )
            .order_by()
            .values("requirement__indicator__component__plan")
            .annotate(n=Count("pk"))
            .values("n")
        )
        return Coalesce(Subquery(cells, output_field=IntegerField()), Value(0))

    last = (
        Activity.objects.filter(plan=OuterRef("pk"))
        .order_by("-created_at")
        .values("created_at")[:1]
    )
    return plans.select_related("satker").annotate(
        planned=count(month__lte=to_date),
        realized=count(month__lte=to_date, realized=True),
        overdue=count(month__lt=over_before, realized=False),
        last_activity=Subquery(last),
    )
