"""The team's survey pages: the list and set-up (team lead), the results (every member and
the satker's evaluators), the items while no response has come, kiosk mode."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from components.access import get_satker_access

from . import public
from .forms import ItemForm, SurveyForm
from .models import Kind, Survey
from .report import results_context
from .report_views import AttachForm, plan_rows


def _survey(access, period):
    survey = get_object_or_404(Survey, satker=access.satker, period=period)
    survey.satker = access.satker  # read once, by the access helper
    return survey


@require_http_methods(["GET", "POST"])
def survey_list(request, satker_slug):
    """The satker's surveys; the team lead sets up a new one here."""
    access = get_satker_access(request.user, satker_slug)
    form = SurveyForm(request.POST or None)
    if request.method == "POST":
        access.require(access.can_manage)
        if form.is_valid():
            try:
                survey = _create(access, form, request.user)
            except IntegrityError:
                form.add_error("period", _("This period already has a survey."))
            else:
                messages.success(request, _("The survey is set up."))
                return redirect(survey)
    surveys = access.satker.surveys.annotate(respondents=Count("responses"))
    context = {"access": access, "satker": access.satker, "surveys": surveys, "form": form}
    return render(request, "surveys/list.html", context, status=400 if form.errors else 200)


def _create(access, form, user):
    data = form.cleaned_data
    with transaction.atomic():
        return Survey.create_with_defaults(
            satker=access.satker, period=data["period"], year=form.year,
            opens_on=data["opens_on"], closes_on=data["closes_on"],
            population=data["population"], services=data["services"], created_by=user,
        )  # fmt: skip


@require_GET
def survey_results(request, satker_slug, period):
    access = get_satker_access(request.user, satker_slug)
    survey = _survey(access, period)
    context = {"access": access, "satker": access.satker, **results_context(survey)}
    if access.can_manage:
        context["attach_form"] = AttachForm(rows=plan_rows(survey), survey=survey)
        context["kiosk_here"] = public.kiosk_device(request, survey) is not None
    return render(request, "surveys/results.html", context)


@require_http_methods(["GET", "POST"])
def survey_items(request, satker_slug, period):
    """The IPKP and IPAK items: the team lead edits them until the first response."""
    access = get_satker_access(request.user, satker_slug)
    survey = _survey(access, period)
    items = list(survey.items.all())
    frozen = survey.has_responses()
    initial = {
        kind: "\n".join(i.text for i in items if i.kind == kind) for kind in (Kind.IPKP, Kind.IPAK)
    }
    form = ItemForm(request.POST or None, initial=initial)
    if request.method == "POST":
        access.require(access.can_manage)
        if form.is_valid():
            try:
                with transaction.atomic():
                    survey.replace_items(Kind.IPKP, form.cleaned_data["ipkp"])
                    survey.replace_items(Kind.IPAK, form.cleaned_data["ipak"])
            except ValidationError as error:
                messages.error(request, error.messages[0])
            else:
                messages.success(request, _("The questions are saved."))
            return redirect("survey_items", access.satker.slug, survey.period)
    context = {"access": access, "satker": access.satker, "survey": survey, "form": form,
               "items": items, "frozen": frozen}  # fmt: skip
    return render(request, "surveys/items.html", context, status=400 if form.errors else 200)


@require_POST
def survey_kiosk(request, satker_slug, period):
    """Turn this browser into the survey's service-desk kiosk, or back."""
    access = get_satker_access(request.user, satker_slug)
    access.require(access.can_manage)
    survey = _survey(access, period)
    if request.POST.get("action") == "stop":
        response = redirect(survey)
        response.delete_cookie(public.KIOSK_COOKIE)
        messages.success(request, _("Kiosk mode is off on this device."))
        return response
    response = redirect("survey_public", access.satker.slug, survey.period)
    response.set_cookie(
        public.KIOSK_COOKIE, public.kiosk_cookie(survey), max_age=public.KIOSK_MAX_AGE,
        httponly=True, samesite="Lax", secure=settings.SESSION_COOKIE_SECURE,
    )  # fmt: skip
    return response
