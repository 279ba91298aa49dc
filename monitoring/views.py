"""What the team lead watches month by month: the dashboard, the monev report and the
many-satker overview."""

import uuid

from django.contrib import messages
from django.db.models import Max
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from components.access import get_plan_access
from components.models import MONTH_ABBREVIATIONS, Plan
from evidence.services import Conflict
from reports import xlsx
from zi_tracker.versioning import StaleEdit

from . import monev, panels
from .forms import MonevNotesForm
from .models import MonevReport
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
        "cards": panels.dashboard_cards(plan),
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
    plans of that year with their counts as subqueries; and those of the columns other
    apps add (monitoring.panels).
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
    columns = panels.overview_columns([row["plan"].satker for row in rows], year)
    for row in rows:
        row["extra"] = [values.get(row["plan"].satker_id) for _heading, values in columns]
    context = {
        "rows": rows,
        "year": year,
        "sort": sort,
        "dir": "desc" if reverse_order else "asc",
        "extra_headings": [heading for heading, _values in columns],
    }
    return render(request, "monitoring/overview.html", context)


def _monev_month(month):
    if not 1 <= month <= 12:
        raise Http404
    return month


@require_http_methods(["GET", "POST"])
def monev_report(request, satker_slug, year, month):
    """The month's monev report: notes and follow-ups (team lead), PDF, Excel, attach."""
    access = get_plan_access(request.user, satker_slug, year)
    plan, month = access.plan, _monev_month(month)
    report = MonevReport.objects.filter(plan=plan, month=month).first() or MonevReport(
        plan=plan, month=month
    )
    form = MonevNotesForm(request.POST or None, instance=report)
    if request.method == "POST":
        access.require(access.can_manage)
        if form.is_valid():
            try:
                MonevReport.save_notes(plan=plan, month=month, by=request.user, **form.cleaned_data)
            except StaleEdit as stale:
                form.add_error(None, str(stale))
            else:
                messages.success(request, _("The notes are saved."))
                return redirect("monev_report", plan.satker.slug, plan.year, month)
    context = {
        "plan": plan,
        "access": access,
        "month": month,
        "month_name": MONTH_ABBREVIATIONS[month - 1],
        "months": list(enumerate(MONTH_ABBREVIATIONS, 1)),
        "form": form,
        "report": report,
        "submission": uuid.uuid4(),
    }
    status = 409 if form.non_field_errors() else 400 if form.errors else 200
    return render(request, "monitoring/monev.html", context, status=status)


@require_GET
def monev_pdf(request, satker_slug, year, month):
    access = get_plan_access(request.user, satker_slug, year)
    plan, month = access.plan, _monev_month(month)
    response = HttpResponse(monev.report_pdf(plan, month), content_type="application/pdf")
    name = f"Laporan-Monev-{plan.satker.file_label}-{plan.year}-{month:02d}.pdf"
    disposition = "inline" if "lihat" in request.GET else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{name}"'
    return response


@require_GET
def monev_xlsx(request, satker_slug, year, month):
    access = get_plan_access(request.user, satker_slug, year)
    plan, month = access.plan, _monev_month(month)
    response = HttpResponse(
        monev.report_xlsx(plan, month),
        content_type=xlsx.XLSX_TYPE,
    )
    name = f"laporan-monev-{plan.satker.slug}-{plan.year}-{month:02d}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@require_POST
def monev_attach(request, satker_slug, year, month):
    """One click: the month's report PDF becomes evidence of the plan's monev requirement."""
    access = get_plan_access(request.user, satker_slug, year)
    access.require(access.can_manage)
    plan, month = access.plan, _monev_month(month)
    requirement = plan.monev_requirement
    if requirement is None:
        messages.error(
            request,
            _("No evidence requirement is set for the monev report; set it on the plan in the "
              "administration."),
        )  # fmt: skip
        return redirect("monev_report", plan.satker.slug, plan.year, month)
    try:
        submission = uuid.UUID(request.POST.get("submission", ""))
    except ValueError:
        messages.error(request, _("The form was incomplete: reload the page and try again."))
        return redirect("monev_report", plan.satker.slug, plan.year, month)
    try:
        stored = monev.attach_as_evidence(plan, month, request.user, submission)
    except Conflict as conflict:
        messages.warning(request, str(conflict))
        return redirect("monev_report", plan.satker.slug, plan.year, month)
    messages.success(
        request,
        _("The report is attached to %(code)s as evidence for %(month)s and waits for review.")
        % {"code": requirement.indicator.code, "month": MONTH_ABBREVIATIONS[month - 1]},
    )
    return redirect("cell_detail", plan.satker.slug, plan.year, requirement.pk, stored.cell.month)
