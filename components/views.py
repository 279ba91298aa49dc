from django.contrib import messages
from django.db.models import Prefetch
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods
from django_otp.plugins.otp_totp.models import TOTPDevice

from .access import get_plan_access
from .forms import AccountForm, ProfileForm
from .home import home_cards
from .logins import needs_second_factor
from .matrix import rendered_table
from .models import OVERSIGHT_ROLES, Membership, Plan, Profile, Role, Satker


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
    roles = list(Membership.objects.filter(user=user).values_list("satker_id", "role"))
    managed = {satker for satker, role in roles if role == Role.KETUA_TIM}
    units = [(satker, user.is_superuser or satker.pk in managed) for satker in satkers]
    # An evaluator or overseer of a PT (or above) sees its courts on the overview.
    oversees = any(role in OVERSIGHT_ROLES for _satker, role in roles)
    cards = home_cards(user, timezone.localdate())
    context = {"units": units, "cards": cards, "oversees": oversees}
    return render(request, "components/home.html", context)


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
    context = {
        "account_form": account_form,
        "profile_form": profile_form,
        "otp_required": needs_second_factor(request.user),
        "otp_on": TOTPDevice.objects.filter(user=request.user, confirmed=True).exists(),
        # Offered to chairpersons, whose signature is the court's.
        "otp_offered": request.user.is_staff
        or request.user.memberships.filter(role=Role.KETUA).exists(),
    }
    status = 400 if account_form.errors or profile_form.errors else 200
    return render(request, "components/account.html", context, status=status)
