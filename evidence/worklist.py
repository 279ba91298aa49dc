"""A person's tasks across their plans: planned months to prove, files to revise, reviews.

The task list (/tasks/) and the home page's card read the same functions, so their counts
agree. Each function costs a fixed number of queries, whatever the number of plans.
"""

from django.db.models import Count, Q

from components.matrix import annotate_file_counts, month_mark
from components.models import MONTH_ABBREVIATIONS, Cell, Plan

from .models import Assignment, EvidenceFile

TIMING_ORDER = {"current": 0, "overdue": 1, "later": 2}


def pic_rows(user, prefix=""):
    """Q of the requirements (under `prefix`) the user is PIC of, through indicator or step."""
    indicator_ids = Assignment.objects.filter(user=user, step__isnull=True).values("indicator_id")
    step_ids = Assignment.objects.filter(user=user, step__isnull=False).values("step_id")
    return Q(**{f"{prefix}requirement__indicator_id__in": indicator_ids}) | Q(
        **{f"{prefix}requirement__step_id__in": step_ids}
    )


def visible_plans(user):
    return Plan.objects.visible_to(user).select_related("satker")


def month_tasks(user, plans, today):
    """Planned months not yet realized of the user's rows: this month, overdue, later.

    One query (the PIC rows are subqueries).
    """
    cells = (
        annotate_file_counts(
            Cell.objects.filter(
                pic_rows(user),
                requirement__indicator__component__plan__in=plans,
                planned=True,
                realized=False,
            )
        )
        .select_related("requirement__indicator__component__plan__satker")
        .order_by()
    )
    tasks = []
    for cell in cells:
        plan = cell.requirement.indicator.component.plan
        due = cell.month_end(plan.year)
        start = due.replace(day=1)
        timing = "overdue" if due < today else ("current" if start <= today else "later")
        tasks.append(
            {
                "cell": cell,
                "plan": plan,
                "mark": month_mark(cell, plan.year, today),
                "timing": timing,
                "month_name": MONTH_ABBREVIATIONS[cell.month - 1],
                "sort": (TIMING_ORDER[timing], due, cell.pk),
            }
        )
    tasks.sort(key=lambda t: t["sort"])
    return tasks


def files_to_revise(user, plans):
    """Files returned for revision in the user's rows or uploaded by them, oldest first.

    A returned file stays here, month ticked or not, until a revision answers it or it is
    withdrawn (its status then moves on). One query.
    """
    return list(
        EvidenceFile.objects.filter(
            pic_rows(user, "cell__") | Q(uploaded_by=user),
            status=EvidenceFile.Status.RETURNED,
            cell__requirement__indicator__component__plan__in=plans,
        )
        .select_related("cell__requirement__indicator__component__plan__satker", "reviewed_by")
        .order_by("reviewed_at", "pk")
    )


def review_counts(user, plans):
    """[(plan, files waiting for review)] of the plans the user reviews. Two queries."""
    managed = (
        plans
        if user.is_superuser
        else plans.filter(satker__memberships__user=user, satker__memberships__role="ketua_tim")
    )
    waiting = dict(
        EvidenceFile.objects.filter(
            status=EvidenceFile.Status.PENDING,
            cell__requirement__indicator__component__plan__in=managed,
        )
        .values_list("cell__requirement__indicator__component__plan")
        .annotate(count=Count("pk"))
    )
    return [(plan, waiting[plan.pk]) for plan in managed if plan.pk in waiting]


PLAN_YEAR = "requirement__indicator__component__plan__year"


def overdue_months(today):
    """Q of the cells whose month is over by `today` (in their plan's year)."""
    year = f"{PLAN_YEAR}__lt"
    return Q(**{year: today.year}) | Q(**{PLAN_YEAR: today.year}, month__lt=today.month)


def home_card(user, today):
    """The home page's "My tasks" counts: this month, overdue, to revise; None without any
    PIC row or returned file. Two queries."""
    plans = visible_plans(user)
    year, month = today.year, today.month
    counts = Cell.objects.filter(
        pic_rows(user),
        requirement__indicator__component__plan__in=plans,
        planned=True,
        realized=False,
    ).aggregate(
        rows=Count("pk"),
        current=Count("pk", filter=Q(**{PLAN_YEAR: year}, month=month)),
        overdue=Count("pk", filter=overdue_months(today)),
    )
    to_revise = EvidenceFile.objects.filter(
        pic_rows(user, "cell__") | Q(uploaded_by=user),
        status=EvidenceFile.Status.RETURNED,
        cell__requirement__indicator__component__plan__in=plans,
    ).count()
    if not counts["rows"] and not to_revise:
        return None
    return {"current": counts["current"], "overdue": counts["overdue"], "to_revise": to_revise}


def open_items(plan, today):
    """What is still open in a plan: planned months overdue (their month is over, not
    realized), files awaiting review, files returned for revision. Two queries."""
    overdue = Cell.objects.filter(
        overdue_months(today),
        requirement__indicator__component__plan=plan,
        planned=True,
        realized=False,
    ).count()
    Status = EvidenceFile.Status
    files = dict(
        EvidenceFile.objects.filter(
            cell__requirement__indicator__component__plan=plan,
            status__in=[Status.PENDING, Status.RETURNED],
        )
        .values_list("status")
        .annotate(count=Count("pk"))
    )
    return {
        "overdue": overdue,
        "pending": files.get(Status.PENDING, 0),
        "returned": files.get(Status.RETURNED, 0),
    }
