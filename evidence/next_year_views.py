"""Next year's plan: the structure and planned months (components), then the PICs (evidence)."""

from django.contrib import messages
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from components.access import get_plan_access
from components.models import Plan
from components.plandata import PlanExists, copy_to_next_year, plan_data

from .services import carry_over_to_next_year, copied_assignments


@require_http_methods(["GET", "POST"])
def plan_next_year(request, satker_slug, year):
    """The team lead copies the plan to the following year: GET shows what, POST does it."""
    access = get_plan_access(request.user, satker_slug, year)
    access.require(access.can_manage)
    plan = access.plan
    existing = Plan.objects.filter(satker=plan.satker_id, year=plan.year + 1).first()
    if request.method == "POST" and existing is None and plan.year < 2100:
        try:
            with transaction.atomic():  # all or nothing: the plan, its PICs, its log entry
                new = copy_to_next_year(plan)
                carry_over_to_next_year(old=plan, new=new, user=request.user)
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
    return render(request, "evidence/plan_next_year.html", context)
