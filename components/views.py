from django.db.models import Count, Q
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET

from .access import get_plan_access
from .matrix import build_matrix
from .models import MONTH_ABBREVIATIONS, Plan


@require_GET
def home(request):
    plans = (
        Plan.objects.visible_to(request.user)
        .select_related("satker", "framework")
        .order_by("satker__name", "-year")
    )
    return render(request, "components/home.html", {"plans": plans})


@require_GET
def plan_detail(request, satker_slug, year):
    access = get_plan_access(request.user, satker_slug, year)
    plan = access.plan
    components = plan.components.order_by("number").annotate(
        indicator_count=Count("indicators", distinct=True),
        requirement_count=Count("indicators__requirements", distinct=True),
        planned_count=Count(
            "indicators__requirements__cells",
            filter=Q(indicators__requirements__cells__planned=True),
            distinct=True,
        ),
        realized_count=Count(
            "indicators__requirements__cells",
            filter=Q(
                indicators__requirements__cells__planned=True,
                indicators__requirements__cells__realized=True,
            ),
            distinct=True,
        ),
    )
    context = {
        "plan": plan,
        "access": access,
        "components": components,
        "signed": plan.signed_version(),
    }
    return render(request, "components/plan_detail.html", context)


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
