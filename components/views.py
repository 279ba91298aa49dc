from django.contrib import messages
from django.db.models import Prefetch
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from .access import get_plan_access
from .forms import AccountForm, ProfileForm
from .home import home_cards
from .matrix import rendered_table
from .models import Membership, Plan, Profile, Role, Satker


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
    cards = home_cards(user, timezone.localdate())
    return render(request, "components/home.html", {"units": units, "cards": cards})


@require_GET
def plan_matrix(request, satker_slug, year):
    access = get_plan_access(request.user, satker_slug, year)
    plan = access.plan
    cell_base = reverse("plan_detail", args=[plan.satker.slug, plan.year]) + "evidence/"
    context = {"plan": plan, "access": access, "table": rendered_table(plan, cell_base)}
    return render(request, "components/plan_matrix.html", context)


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
