"""The survey's documents: report PDF and Excel, the QR poster, the report as evidence."""

import uuid

from django import forms
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from components.access import get_satker_access
from components.models import MONTH_ABBREVIATIONS, Plan, Requirement
from evidence.services import Conflict
from reports.xlsx import XLSX_TYPE

from . import report
from .models import Survey


def _survey(request, satker_slug, period):
    access = get_satker_access(request.user, satker_slug)
    survey = get_object_or_404(Survey, satker=access.satker, period=period)
    survey.satker = access.satker
    return access, survey


def _download(data, content_type, name, inline=True):
    response = HttpResponse(data, content_type=content_type)
    disposition = "inline" if inline else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{name}"'
    return response


@require_GET
def survey_pdf(request, satker_slug, period):
    _access, survey = _survey(request, satker_slug, period)
    name = report.file_name(survey, "laporan-survei", "pdf")
    return _download(report.report_pdf(survey), "application/pdf", name)


@require_GET
def survey_xlsx(request, satker_slug, period):
    _access, survey = _survey(request, satker_slug, period)
    name = report.file_name(survey, "laporan-survei", "xlsx")
    return _download(report.report_xlsx(survey), XLSX_TYPE, name, inline=False)


@require_GET
def survey_poster(request, satker_slug, period):
    _access, survey = _survey(request, satker_slug, period)
    url = request.build_absolute_uri(survey.public_url())
    name = report.file_name(survey, "poster-survei", "pdf")
    return _download(report.poster_pdf(survey, url), "application/pdf", name)


def plan_rows(survey):
    """The evidence rows of the satker's plan of the survey's year, survey rows first."""
    plan = Plan.objects.filter(satker=survey.satker, year=survey.year).first()
    if plan is None:
        return []
    rows = list(
        Requirement.objects.filter(indicator__component__plan=plan)
        .select_related("indicator__component")
        .order_by("indicator__component__number", "indicator__number", "position")
    )
    return sorted(rows, key=lambda r: "survei" not in r.text.lower())


class AttachForm(forms.Form):
    requirement = forms.TypedChoiceField(label=gettext_lazy("Plan row"), coerce=int)
    month = forms.TypedChoiceField(label=gettext_lazy("Month"), coerce=int)
    submission = forms.UUIDField(widget=forms.HiddenInput)

    def __init__(self, *args, rows, survey, **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = {row.pk: row for row in rows}
        self.fields["requirement"].widget.attrs["class"] = "form-select"
        self.fields["month"].widget.attrs["class"] = "form-select"
        self.fields["requirement"].choices = [
            (row.pk, f"{row.indicator.code} {row.text[:90]}") for row in rows
        ]
        self.fields["month"].choices = list(enumerate(MONTH_ABBREVIATIONS, 1))
        self.fields["month"].initial = survey.closes_on.month
        self.fields["submission"].initial = uuid.uuid4()


@require_POST
def survey_attach(request, satker_slug, period):
    """One click: the report PDF becomes evidence of the plan row the team lead picked."""
    access, survey = _survey(request, satker_slug, period)
    access.require(access.can_manage)
    form = AttachForm(request.POST, rows=plan_rows(survey), survey=survey)
    if not form.is_valid():
        messages.error(request, _("Pick a row of this year's plan and a month."))
        return redirect(survey)
    requirement = form.rows[form.cleaned_data["requirement"]]
    month = form.cleaned_data["month"]
    try:
        stored = report.attach_as_evidence(
            survey, requirement, month, request.user, form.cleaned_data["submission"]
        )
    except Conflict as conflict:
        messages.warning(request, str(conflict))
        return redirect(survey)
    messages.success(
        request,
        _("The report is attached to %(code)s as evidence for %(month)s and waits for review.")
        % {"code": requirement.indicator.code, "month": MONTH_ABBREVIATIONS[month - 1]},
    )
    return redirect(
        "cell_detail", survey.satker.slug, survey.year, requirement.pk, stored.cell.month
    )
