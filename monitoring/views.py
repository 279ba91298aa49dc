"""What the team lead watches month by month: the dashboard and the many-satker overview."""

from django.db.models import Max
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from components.access import get_plan_access
from components.models import MONTH_ABBREVIATIONS, Plan

from .progress import (
    default_month,
    kurva_s_geometry,
    plan_progress,
    plans_with_progress,
    review_queue,
)


@require_GET
def plan_detail(request, satker_slug, year):
    """The plan's dashboard for a month: counts, progress, Kurva S, what waits and who."""
    access = get_plan_access(request.user, satker_slug, year)
    plan = access.plan
    today = timezone.localdate()
    month = _month(request, plan, today)
    progress = plan_progress(plan, month, today)
    context = {
        "plan": plan,
        "access": access,
        "progress": progress,
        "chart": kurva_s_geometry(progress.curve),
        "review": review_queue(plan) if access.can_manage else ([], 0),
        "months": list(enumerate(MONTH_ABBREVIATIONS, 1)),
        "signed": plan.signed_version(),
        "cell_base": reverse("plan_detail", args=[plan.satker.slug, plan.year]) + "evidence/",
    }
    return render(request, "monitoring/plan_detail.html", context)


def _month(request, plan, today):
    try:
        month = int(request.GET.get("month", ""))
    except ValueError:
        return default_month(plan, today)
    return month if 1 <= month <= 12 else default_month(plan, today)


SORTS = {
    "name": lambda row: row["plan"].satker.name.lower(),
    "progress": lambda row: row["percent"],
    "overdue": lambda row: row["overdue"],
    "activity": lambda row: row["last_activity"],
}


def sorted_rows(rows, sort, descending):
    """Rows sorted by a column, those without a value (no plan months, no activity) last in
    either direction."""
    key = SORTS.get(sort, SORTS["name"])
    with_value = [row for row in rows if key(row) is not None]
    without = [row for row in rows if key(row) is None]
    return sorted(with_value, key=key, reverse=descending) + sorted(without, key=SORTS["name"])


@require_GET
def satker_overview(request):
    """One row per satker the user oversees: progress, overdue months, last activity.

    Four queries whatever the number of satkers: session, user, the latest year, and the
    plans of that year with their counts as subqueries.
    """
    plans = Plan.objects.visible_to(request.user)
    try:
        year = int(request.GET.get("year", ""))
    except ValueError:
        year = plans.aggregate(latest=Max("year"))["latest"] or timezone.localdate().year
    today = timezone.localdate()
    rows = []
    for plan in plans_with_progress(plans.filter(year=year), year, today):
        percent = round(100 * plan.realized / plan.planned) if plan.planned else None
        rows.append(
            {
                "plan": plan,
                "percent": percent,
                "overdue": plan.overdue,
                "last_activity": plan.last_activity,
            }
        )
    sort = request.GET.get("sort", "name")
    reverse_order = request.GET.get("dir") == "desc"
    rows = sorted_rows(rows, sort, reverse_order)
    context = {"rows": rows, "year": year, "sort": sort, "dir": "desc" if reverse_order else "asc"}
    return render(request, "monitoring/overview.html", context)
