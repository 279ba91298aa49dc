"""What the team lead watches month by month: the dashboard, the monev report and the
many-satker overview."""

import uuid

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from components.access import get_plan_access
from components.models import MONTH_ABBREVIATIONS, Satker
from evidence.services import Conflict
from reports import xlsx
from zi_tracker.versioning import StaleEdit

from . import monev, overview, panels
from .forms import MonevNotesForm
from .models import MonevReport
from .progress import (
    default_month,
    kurva_s_geometry,
    plan_progress,
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


@require_GET
def satker_overview(request):
    """The units the user oversees: a row each (progress, overdue months, last activity,
    the LKE), or rolled up by region (?group=1); below one satker (?under=slug), by name
    (?q=); sorted by any heading; as Excel (?format=xlsx). A fixed number of queries
    (monitoring.overview)."""
    user = request.user
    node = None
    if request.GET.get("under"):
        node = Satker.objects.visible_to(user).filter(slug=request.GET["under"]).first()
        if node is None:
            raise Http404
    query = request.GET.get("q", "").strip()[:100]
    plans = overview.visible_plans(user, node, query)
    try:
        year = int(request.GET.get("year", ""))
    except ValueError:
        year = overview.latest_year(plans)
    rows, headings = overview.unit_rows(plans, year)
    grouped = request.GET.get("group") == "1"
    if grouped:
        rows, headings = overview.rollup(rows, year, node)
    sort = request.GET.get("sort", "name")
    reverse_order = request.GET.get("dir") == "desc"
    rows = overview.sorted_rows(rows, sort, reverse_order)
    if request.GET.get("format") == "xlsx":
        build = overview.regions_workbook if grouped else overview.units_workbook
        response = HttpResponse(build(rows, headings, year), content_type=xlsx.XLSX_TYPE)
        name = f"ikhtisar-{'wilayah-' if grouped else ''}{node.slug + '-' if node else ''}{year}"
        response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
        return response
    context = {
        "rows": rows, "year": year, "sort": sort, "node": node, "q": query, "grouped": grouped,
        "dir": "desc" if reverse_order else "asc", "extra_headings": headings,
        "ancestors": _ancestors(user, node),
        "without_plan": overview.without_plan(user, year, node, query),
    }  # fmt: skip
    return render(request, "monitoring/overview.html", context)


def _ancestors(user, node):
    """The node's ancestors the user may open, root first (a breadcrumb). One query."""
    if node is None:
        return []
    ids = node.ancestor_ids()[:-1]
    above = Satker.objects.visible_to(user).in_bulk(ids)
    return [above[pk] for pk in ids if pk in above]


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
