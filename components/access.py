"""Who may see which plan: the one place the satker rules are checked.

A user sees the plans of the satkers they have a membership in (their own court, or the
courts they are assigned to evaluate); a superuser sees every plan. The evidence issue
adds what each role may change.
"""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from .models import Membership, Plan


def get_plan_for_user(user, satker_slug, year):
    """Return the plan, or raise Http404 if there is none and PermissionDenied if not allowed.

    Costs two queries: the plan with its satker and framework, and the membership check.
    """
    plan = get_object_or_404(
        Plan.objects.select_related("satker", "framework"), satker__slug=satker_slug, year=year
    )
    if (
        not user.is_superuser
        and not Membership.objects.filter(user=user, satker=plan.satker_id).exists()
    ):
        raise PermissionDenied
    return plan
