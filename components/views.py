from django.contrib import messages
from django.db.models import Max, Prefetch
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from evidence.services import copied_assignments, copy_to_next_year

from .access import get_plan_access
from .forms import AccountForm, ProfileForm
from .matrix import build_matrix
from .models import MONTH_ABBREVIATIONS, Membership, Plan, Profile, Role, Satker
from .plandata import PlanExists, plan_data
from .progress import (
    default_month,
    kurva_s_geometry,
    plan_progress,
    plans_with_progress,
    review_queue,
)


@require_GET
def home(request):
    """The user's satkers with their plans; a team lead may import a plan for theirs."""
    user = request.user
    satkers = (
        Satker.objects.all() if user.is_superuser else Satker.objects.filter(memberships__user=user)
    )
    satkers = satkers.order_by("name").prefetch_related(
        Prefetch("plans", queryset=Plan.objects.select_related("framework").order_by("-year"))
    )
    managed = set(
        Membership.objects.filter(user=user, role=Role.KETUA_TIM).values_list(
            "satker_id", flat=True
        )
    )
    units = [(satker, user.is_superuser or satker.pk in managed) for satker in satkers]
    return render(request, "components/home.html", {"units": units})


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
    return render(request, "components/plan_detail.html", context)


def _month(request, plan, today):
    try:
        month = int(request.GET.get("month", ""))
    except ValueError:
        return default_month(plan, today)
    return month if 1 <= month <= 12 else default_month(plan, today)


@require_GET
def plan_matrix(request, satker_slug, year):
    access = get_plan_access(request.user, satker_slug, year)
    plan = access.plan
    context = {
        "plan": plan,
        "access": access,
        "rows": build_matrix(plan),
        "months": MONTH_ABBREVIATIONS,
        "cell_base": reverse("plan_detail", args=[plan.satker.slug, plan.year]) + "evidence/",
    }
    return render(request, "components/plan_matrix.html", context)


@require_http_methods(["GET", "POST"])
def plan_next_year(request, satker_slug, year):
    """The team lead copies the plan to the following year: GET shows what, POST does it."""
    access = get_plan_access(request.user, satker_slug, year)
    access.require(access.can_manage)
    plan = access.plan
    existing = Plan.objects.filter(satker=plan.satker_id, year=plan.year + 1).first()
    if request.method == "POST" and existing is None and plan.year < 2100:
        try:
            new = copy_to_next_year(plan=plan, user=request.user)
        except PlanExists:
            messages.error(request, _("The %(year)s plan was created by someone else meanwhile.")
                           % {"year": plan.year + 1})  # fmt: skip
            return redirect("plan_next_year", satker_slug, year)
        messages.success(
            request,
            _("The %(year)s plan is ready: the same structure, PICs and planned months.")
            % {"year": new.year},
        )
        return redirect(new)
    if request.method == "POST" and existing is not None:
        messages.error(request, _("There is already a %(year)s plan; nothing was copied.")
                       % {"year": plan.year + 1})  # fmt: skip
    data = plan_data(plan)
    context = {
        "plan": plan,
        "access": access,
        "existing": existing,
        "next_year": plan.year + 1,
        "title": data.with_year(plan.year, plan.year + 1).title,
        "counts": data.counts(),
        "pics": copied_assignments(plan).count(),
    }
    return render(request, "components/plan_next_year.html", context)


@require_http_methods(["GET", "POST"])
def account(request):
    """The user's own name, e-mail, NIP, and whether they get reminders."""
    profile, _created = Profile.objects.get_or_create(user=request.user)
    account_form = AccountForm(request.POST or None, instance=request.user, prefix="account")
    profile_form = ProfileForm(request.POST or None, instance=profile, prefix="profile")
    if request.method == "POST" and account_form.is_valid() and profile_form.is_valid():
        account_form.save()
        profile_form.save()
        messages.success(request, _("Your account is saved."))
        return redirect("account")
    context = {"account_form": account_form, "profile_form": profile_form}
    status = 400 if account_form.errors or profile_form.errors else 200
    return render(request, "components/account.html", context, status=status)


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
    return render(request, "components/overview.html", context)
