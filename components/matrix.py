"""The plan laid out as the court prints it: one row per evidence requirement.

Columns NO, KOMPONEN, INDIKATOR, LANGKAH AKSI, BUKTI FISIK and twelve months; component,
indicator and step cells span the rows below them. The same rows feed the web page and,
later, the PDF and Excel exports, so the layout rules live here once.
"""

import hashlib
import json
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.core.cache import cache, caches
from django.db.models import Count, Max, Prefetch, Q, Subquery
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.safestring import mark_safe

from .models import MONTH_ABBREVIATIONS, MONTHS, ActionStep, Cell, Indicator, Plan, Requirement


@dataclass(frozen=True, slots=True)
class MonthMark:
    """One month of a requirement as the matrix shows it."""

    month: int
    planned: bool = False
    realized: bool = False
    overdue: bool = False
    pending: int = 0  # files awaiting review
    returned: int = 0  # files returned and not yet revised
    approved: int = 0
    note: str = ""  # why it was ticked without a file, or unticked

    @property
    def files(self):
        return self.pending + self.returned + self.approved

    @property
    def state(self):
        """The one state a cell shows, most urgent first for the team lead.

        realized, realized-unplanned, submitted (a file awaits review), returned, approved
        (ready to tick), overdue (planned, month over, not realized), planned, or "".
        """
        if self.realized:
            return "realized" if self.planned else "realized-unplanned"
        if self.pending:
            return "submitted"
        if self.returned:
            return "returned"
        if self.approved:
            return "approved"
        if self.overdue:
            return "overdue"
        return "planned" if self.planned else ""


def month_mark(cell, year, today):
    """The MonthMark of a Cell annotated by `annotate_file_counts`."""
    return MonthMark(
        month=cell.month,
        planned=cell.planned,
        realized=cell.realized,
        overdue=cell.is_overdue(year, today),
        pending=cell.pending_count,
        returned=cell.returned_count,
        approved=cell.approved_count,
        note=cell.realization_note,
    )


def annotate_file_counts(cells):
    """Add pending_count, returned_count and approved_count to a Cell queryset (no extra query)."""
    return cells.annotate(
        pending_count=Count("files", filter=Q(files__status="pending")),
        returned_count=Count("files", filter=Q(files__status="returned")),
        approved_count=Count("files", filter=Q(files__status="approved")),
    )


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
    # An indicator with neither steps nor evidence (7.2 in the seed) is printed as one cell
    # across INDIKATOR, LANGKAH AKSI and BUKTI FISIK, as the court's document has it.
    indicator_only: bool = False
    requirement: object = None
    months: tuple = field(default=EMPTY_MONTHS)


def _months(requirement, year, today):
    cells = {cell.month: cell for cell in requirement.cells.all()}
    if not cells:
        return EMPTY_MONTHS
    return tuple(month_mark(cells[m], year, today) if m in cells else MonthMark(m) for m in MONTHS)


def indicator_rows(indicator, year, today, only=None):
    """Rows of one indicator: each step with its requirements, then any unpaired ones.

    An indicator with neither steps nor requirements (7.2 in the seed) still gets a row.
    With `only` (a set of requirement ids), just those rows: steps and indicators without
    one of them are left out ([] then). Uses the prefetched steps, requirements and cells.
    """
    steps = list(indicator.steps.all())
    step_ids = {step.pk for step in steps}
    by_step = defaultdict(list)
    unpaired = []
    for requirement in indicator.requirements.all():
        if only is not None and requirement.pk not in only:
            continue
        if requirement.step_id in step_ids:
            by_step[requirement.step_id].append(requirement)
        else:
            unpaired.append(requirement)

    groups = [(step, by_step[step.pk]) for step in steps if only is None or by_step[step.pk]]
    if unpaired:
        groups.append((None, unpaired))
    if only is not None and not groups:
        return []

    rows = []
    for step, requirements in groups:
        for i, requirement in enumerate(requirements or [None]):
            row = MatrixRow(requirement=requirement, step_cell=(i == 0))
            if i == 0:
                row.step = step
                row.step_rowspan = max(len(requirements), 1)
            if requirement is not None:
                row.months = _months(requirement, year, today)
            rows.append(row)
    if not rows:
        rows.append(MatrixRow(step_cell=False, indicator_only=True))
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
            queryset=Requirement.objects.order_by("position").prefetch_related(
                Prefetch("cells", queryset=annotate_file_counts(Cell.objects.all()))
            ),
        ),
    )


def build_matrix(plan, today=None, only=None):
    """All rows of the plan's matrix, in print order; `today` (WIB) decides what is overdue.

    With `only` (a set of requirement ids, such as a PIC's), just those rows.
    """
    today = today or timezone.localdate()
    rows = []
    for component in matrix_components(plan):
        component_rows = []
        for indicator in component.indicators.all():
            component_rows.extend(indicator_rows(indicator, plan.year, today, only))
        if only is not None and not component_rows:
            continue
        if not component_rows:
            component_rows.append(MatrixRow(step_rowspan=1, indicator_rowspan=1))
        component_rows[0].component = component
        component_rows[0].component_rowspan = len(component_rows)
        rows.extend(component_rows)
    return rows


def matrix_fingerprint(plan, rows):
    """SHA-256 of everything the printed matrix shows: the plan's header and signature
    block, every row's texts, and each month's planned and realized marks.

    Two plans with the same fingerprint print the same document, so a rendered PDF can be
    reused, and a signed version records the state it was signed in.
    """
    digest = hashlib.sha256()

    def add(*values):
        digest.update(json.dumps(values, default=str, ensure_ascii=False).encode())
        digest.update(b"\n")

    add(
        plan.satker.name,
        plan.year,
        plan.title,
        plan.adopted_place,
        plan.adopted_on,
        plan.signatory_name,
        plan.signatory_title,
        plan.signatory_nip,
    )
    for row in rows:
        component, indicator, step, requirement = (
            row.component,
            row.indicator,
            row.step,
            row.requirement,
        )
        add(
            [component.number, component.name, component.kind, component.weight]
            if component
            else None,
            [
                indicator.code,
                indicator.name,
                indicator.description,
                indicator.weight,
                indicator.target,
            ]
            if indicator
            else None,
            [step.number, step.text] if step else None,
            [requirement.number, requirement.text] if requirement else None,
            row.component_rowspan,
            row.indicator_rowspan,
            row.step_rowspan if row.step_cell else -1,
            [(m.planned, m.realized) for m in row.months],
        )
    return digest.hexdigest()


def matrix_table_key(plan, today):
    """The cache key of the plan's rendered matrix table: it changes whenever the table may.

    What the table shows changes only by a logged action (evidence.Activity: uploads,
    reviews, ticks, withdrawals, PIC changes, signing) or in the admin (its LogEntry), so the
    newest of each identifies the plan's state; today's date (overdue marks) and the
    language complete the key. MATRIX_CACHE_SECONDS bounds how long a change made any other
    way (the shell, a fixture) can go unseen. One query.
    """
    from django.contrib.admin.models import LogEntry

    newest = (
        Plan.objects.filter(pk=plan.pk)
        .annotate(
            activity=Max("activities__id"),  # the reverse relation: evidence sits above us
            admin=Subquery(LogEntry.objects.order_by("-pk").values("pk")[:1]),
        )
        .values_list("activity", "admin")
    )
    activity, admin = newest.get()
    language = translation.get_language()
    return f"matrix:{plan.pk}:{activity or 0}:{admin or 0}:{today.isoformat()}:{language}"


def rendered_table(plan, cell_base, today=None):
    """The matrix table as HTML, from the shared cache when the plan has not changed.

    Building the rows costs nine queries and rendering them most of the page's time; a
    cached table costs the key's one query and a cache read. The table shows the same to
    every member (role-specific parts of the page are outside it).
    """
    today = today or timezone.localdate()
    key = matrix_table_key(plan, today)
    local = caches["local"]  # this process's copies: a key names one state, never stale
    html = local.get(key)
    if html is None:
        html = cache.get(key)
        if html is None:
            context = {
                "plan": plan,
                "rows": build_matrix(plan, today),
                "months": MONTH_ABBREVIATIONS,
                "cell_base": cell_base,
            }
            html = render_to_string("components/_matrix_table.html", context)
            cache.set(key, html, settings.MATRIX_CACHE_SECONDS)
        local.set(key, html, settings.MATRIX_CACHE_SECONDS)
    return mark_safe(html)  # rendered by our own template, escaped there


def matrix_table(plan, cell_base, today=None, only=None):
    """The matrix table of just some rows (`only`, requirement ids), rendered uncached:
    it differs from user to user."""
    context = {
        "plan": plan,
        "rows": build_matrix(plan, today, only),
        "months": MONTH_ABBREVIATIONS,
        "cell_base": cell_base,
    }
    return mark_safe(render_to_string("components/_matrix_table.html", context))
