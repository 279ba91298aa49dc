"""Import a plan from Excel: upload, preview and correct, confirm. Team leads only.

Nothing of the plan exists until the team lead confirms the preview: the workbook is read
into a PlanImport draft (the plan as data), which the preview shows like the matrix; the
plan's details and any component, indicator, step or evidence row can be corrected there,
and a step or evidence row removed. Confirming creates the plan in one transaction.
"""

import hashlib
import logging
from dataclasses import dataclass

from django.contrib import messages
from django.db import DataError, IntegrityError, transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from components.access import get_satker_for_manager
from components.models import MONTH_ABBREVIATIONS, ComponentKind, Framework, Plan, display_name
from components.plandata import PlanExists, decimal_text
from evidence.services import create_logged_plan
from evidence.uploads import bound_upload_form, refuse_file
from zi_tracker.middleware import upload_limit
from zi_tracker.versioning import StaleEdit, save_if_current

from . import forms
from .models import PlanImport
from .plan_import import MAX_BYTES, read_plan
from .xlsx import XLSX_TYPE, blank_workbook, workbook_bytes

logger = logging.getLogger(__name__)


def _draft(request, satker, pk):
    """The user's own draft for this satker; others' drafts are not found."""
    draft = get_object_or_404(PlanImport, pk=pk, satker=satker)
    if draft.uploaded_by_id != request.user.pk and not request.user.is_superuser:
        raise Http404
    return draft


@upload_limit(MAX_BYTES)
@require_http_methods(["GET", "POST"])
def import_upload(request, satker_slug):
    satker = get_satker_for_manager(request.user, satker_slug)
    form = bound_upload_form(forms.ImportUploadForm, request)
    problems, notes = [], []
    oversized = getattr(request, "oversized_uploads", None)
    if oversized:
        refuse_file(
            form,
            "file",
            _("The file is larger than %(mb)s MB; a plan's workbook is far smaller.")
            % {"mb": MAX_BYTES // (1024 * 1024)},
        )
    elif request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        year = form.cleaned_data["year"]
        data = b"".join(upload.chunks())
        result = read_plan(data, framework=form.cleaned_data["framework"])
        problems, notes = result.problems, result.notes
        if Plan.objects.filter(satker=satker, year=year).exists():
            form.add_error("year", _("There is already a %(year)s plan.") % {"year": year})
        elif result.ok:
            PlanImport.remove_stale()
            draft = PlanImport.objects.create(
                satker=satker,
                year=year,
                file_name=upload.name[:255],
                sha256=hashlib.sha256(data).hexdigest(),
                sheet=result.sheet[:100],
                data=result.data.with_year(result.year, year).as_json(),
                notes=notes,
                uploaded_by=request.user,
            )
            return redirect("import_preview", satker.slug, draft.pk)
    status = 400 if request.method == "POST" else 200
    context = {"satker": satker, "form": form, "problems": problems, "notes": notes}
    return render(request, "reports/import_upload.html", context, status=status)


@require_GET
def import_template(request, satker_slug):
    """A blank workbook in the printed layout, with the newest framework's components."""
    satker = get_satker_for_manager(request.user, satker_slug)
    response = HttpResponse(workbook_bytes(blank_workbook(satker)), content_type=XLSX_TYPE)
    response["Content-Disposition"] = 'attachment; filename="templat-rencana-aksi-zi.xlsx"'
    return response


@dataclass
class PreviewRow:
    component: object = None
    component_path: str = ""
    component_rowspan: int = 0
    indicator: object = None
    indicator_path: str = ""
    indicator_code: str = ""
    indicator_rowspan: int = 0
    step: object = None
    step_path: str = ""
    step_rowspan: int = 0
    step_cell: bool = True
    requirement: object = None
    requirement_path: str = ""
    months: tuple = ()


def preview_rows(data):
    """The draft laid out like the matrix: each step with its evidence rows, then any
    unpaired ones; a component or indicator without rows still gets one."""
    rows = []
    for ci, component in enumerate(data.components):
        component_rows = []
        for ii, indicator in enumerate(component.indicators):
            base = f"c{ci}-i{ii}"
            groups = [
                (si, step, [(ri, r) for ri, r in enumerate(indicator.requirements) if r.step == si])
                for si, step in enumerate(indicator.steps)
            ]
            unpaired = [
                (ri, r)
                for ri, r in enumerate(indicator.requirements)
                if r.step is None or not 0 <= r.step < len(indicator.steps)
            ]
            if unpaired:
                groups.append((None, None, unpaired))
            indicator_rows = []
            for si, step, requirements in groups:
                for k, (ri, requirement) in enumerate(requirements or [(None, None)]):
                    row = PreviewRow(step_cell=k == 0)
                    if k == 0:
                        row.step = step
                        row.step_path = f"{base}-s{si}" if step is not None else ""
                        row.step_rowspan = max(len(requirements), 1)
                    if requirement is not None:
                        row.requirement = requirement
                        row.requirement_path = f"{base}-r{ri}"
                        row.months = tuple(m in requirement.months for m in range(1, 13))
                    indicator_rows.append(row)
            if not indicator_rows:
                indicator_rows.append(PreviewRow(step_rowspan=1))
            indicator_rows[0].indicator = indicator
            indicator_rows[0].indicator_path = base
            indicator_rows[0].indicator_code = f"{component.number}.{indicator.number}"
            indicator_rows[0].indicator_rowspan = len(indicator_rows)
            component_rows.extend(indicator_rows)
        if not component_rows:
            component_rows.append(PreviewRow(step_rowspan=1, indicator_rowspan=1))
        component_rows[0].component = component
        component_rows[0].component_path = f"c{ci}"
        component_rows[0].component_rowspan = len(component_rows)
        rows.extend(component_rows)
    return rows


@require_http_methods(["GET", "POST"])
def import_preview(request, satker_slug, pk):
    """What will be created; the details form; confirm (POST) creates the plan."""
    satker = get_satker_for_manager(request.user, satker_slug)
    draft = _draft(request, satker, pk)
    data = draft.plan_data()
    form = forms.ImportDetailsForm(request.POST or None, initial=_details(draft, data))
    if request.method == "POST" and form.is_valid():
        details = form.cleaned_data
        year = details["year"]
        _correct_details(data, details)
        problems = _problems(data)
        if problems:
            for problem in problems:
                messages.error(request, problem)
        else:
            plan = _create_plan(request, form, draft, data)
            if plan is not None:
                messages.success(
                    request,
                    _("The %(year)s plan was created from %(name)s.")
                    % {"year": year, "name": draft.file_name},
                )
                return redirect(plan)
    context = {
        "satker": satker,
        "draft": draft,
        "data": data,
        "form": form,
        "rows": preview_rows(data),
        "counts": data.counts(),
        "months": MONTH_ABBREVIATIONS,
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "reports/import_preview.html", context, status=status)


def _create_plan(request, form, draft, data):
    """Create the plan from the draft as the form corrected it, and drop the draft; or put
    on the form why not (None). The draft must still be the version the page showed."""
    details = form.cleaned_data
    try:
        with transaction.atomic():
            if not save_if_current(PlanImport.objects.filter(pk=draft.pk), details["version"]):
                draft.refresh_from_db()
                by = display_name(draft.updated_by) if draft.updated_by else ""
                raise StaleEdit(by, draft.updated_at)
            plan = create_logged_plan(
                satker=draft.satker,
                year=details["year"],
                data=data,
                framework=details["framework"],
                user=request.user,
                note=_("Imported from %(name)s.") % {"name": draft.file_name},
            )
            draft.delete()
            return plan
    except StaleEdit as stale:
        form.add_error(None, str(stale))
    except PlanExists:
        year = details["year"]
        form.add_error("year", _("There is already a %(year)s plan.") % {"year": year})
    except (IntegrityError, DataError):  # a rule the checks above did not foresee
        logger.exception("import %s could not be saved", draft.pk)
        messages.error(request, _("The plan could not be saved; nothing was created."))
    return None


def _details(draft, data):
    """The details form's initial values: what the workbook said."""
    return {
        "version": draft.version,
        "year": draft.year,
        "framework": Framework.objects.filter(code=data.framework).first(),
        "title": data.title,
        "adopted_place": data.adopted_place,
        "adopted_on": data.adopted_on or None,
        "signatory_name": data.signatory_name,
        "signatory_title": data.signatory_title,
        "signatory_nip": data.signatory_nip,
    }


def _correct_details(data, details):
    """The plan's details as the team lead corrected them in the form."""
    data.title = details["title"]
    data.adopted_place = details["adopted_place"]
    data.adopted_on = details["adopted_on"].isoformat() if details["adopted_on"] else ""
    data.signatory_name = details["signatory_name"]
    data.signatory_title = details["signatory_title"]
    data.signatory_nip = details["signatory_nip"]
    data.framework = details["framework"].code


def _problems(data):
    """What would stop the plan being created, after corrections."""
    problems = []
    numbers = [c.number for c in data.components]
    if not numbers:
        problems.append(_("The plan has no component."))
    if len(numbers) != len(set(numbers)):
        problems.append(_("Two components have the same number."))
    for component in data.components:
        numbers = [i.number for i in component.indicators]
        if len(numbers) != len(set(numbers)):
            problems.append(
                _("Two indicators of component %(number)s have the same number.")
                % {"number": component.number}
            )
    return problems


@require_POST
def import_discard(request, satker_slug, pk):
    satker = get_satker_for_manager(request.user, satker_slug)
    _draft(request, satker, pk).delete()
    messages.info(request, _("The import was discarded; nothing was created."))
    return redirect("import_upload", satker.slug)


def _locate(data, path):
    """(kind, item, indicator, index) for a path such as c0-i2-r3; Http404 if none."""
    try:
        parts = [(part[0], int(part[1:])) for part in path.split("-")]
        kinds = "".join(kind for kind, _index in parts)
        indexes = [index for _kind, index in parts]
        if any(index < 0 for index in indexes):
            raise Http404
        component = data.components[indexes[0]]
        if kinds == "c":
            return "component", component, None, indexes[0]
        indicator = component.indicators[indexes[1]]
        if kinds == "ci":
            return "indicator", indicator, None, indexes[1]
        if kinds == "cis":
            return "step", indicator.steps[indexes[2]], indicator, indexes[2]
        if kinds == "cir":
            return "requirement", indicator.requirements[indexes[2]], indicator, indexes[2]
    except (ValueError, IndexError, TypeError):
        pass
    raise Http404


FORMS = {
    "component": forms.ImportComponentForm,
    "indicator": forms.ImportIndicatorForm,
    "step": forms.ImportStepForm,
    "requirement": forms.ImportRequirementForm,
}


@require_http_methods(["GET", "POST"])
def import_item(request, satker_slug, pk, path):
    """Correct one component, indicator, step or evidence row of the draft."""
    satker = get_satker_for_manager(request.user, satker_slug)
    draft = _draft(request, satker, pk)
    data = draft.plan_data()
    kind, item, indicator, index = _locate(data, path)
    initial = {
        name: getattr(item, name)
        for name in (
            "number",
            "name",
            "kind",
            "weight",
            "description",
            "target",
            "text",
            "step",
            "months",
        )  # fmt: skip
        if hasattr(item, name)
    }
    initial["version"] = draft.version
    extra = {"steps": indicator.steps} if kind == "requirement" else {}
    form = FORMS[kind](request.POST or None, initial=initial, **extra)
    back = reverse("import_preview", args=[satker.slug, draft.pk]) + f"#{path}"
    try:
        if (
            request.method == "POST"
            and "delete" in request.POST
            and kind in ("step", "requirement")
        ):
            _delete(indicator, kind, index)
            draft.save_data(data, version=_posted_version(request), by=request.user)
            messages.success(request, _("Removed from the import."))
            return redirect(back)
        if request.method == "POST" and form.is_valid():
            _correct(item, form.cleaned_data)
            draft.save_data(data, version=form.cleaned_data["version"], by=request.user)
            messages.success(request, _("Corrected; the plan is not created until you confirm."))
            return redirect(back)
    except StaleEdit as stale:
        form.add_error(None, str(stale))
    context = {"satker": satker, "draft": draft, "form": form, "kind": kind, "back": back,
               "can_delete": kind in ("step", "requirement")}  # fmt: skip
    status = 409 if form.non_field_errors() else 400 if form.errors else 200
    return render(request, "reports/import_item.html", context, status=status)


def _posted_version(request):
    form = forms.DraftEditForm(request.POST)
    return form.cleaned_data["version"] if form.is_valid() else -1  # -1: never current


def _correct(item, cleaned_data):
    """Set the draft item's fields from a correction form."""
    for name, value in cleaned_data.items():
        if name == "version":
            continue
        if name == "weight":
            value = decimal_text(value)
        elif name == "months":
            value = sorted(value)
        elif name == "kind":
            value = ComponentKind(value).value
        setattr(item, name, value)


def _delete(indicator, kind, index):
    """Remove the indicator's step or evidence row at `index`; rows of a removed step stay,
    without a step."""
    if kind == "requirement":
        del indicator.requirements[index]
        return
    del indicator.steps[index]
    for requirement in indicator.requirements:
        if requirement.step == index:
            requirement.step = None
        elif requirement.step is not None and requirement.step > index:
            requirement.step -= 1
