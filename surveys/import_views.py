"""Import responses in the browser: upload, check the column mapping on a preview, import.
Team lead only; a file with any problem imports nothing."""

from django import forms
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from components.access import get_satker_access
from evidence.uploads import bound_upload_form, refuse_file
from reports.plan_import import ImportRefused
from zi_tracker.middleware import upload_limit

from . import importing
from .models import Survey, SurveyImport

PREVIEW_ROWS = 5


class UploadForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("Spreadsheet (CSV or XLSX)"))


def _access(request, satker_slug, period):
    access = get_satker_access(request.user, satker_slug)
    access.require(access.can_manage)
    survey = get_object_or_404(Survey, satker=access.satker, period=period)
    survey.satker = access.satker
    return access, survey


@upload_limit(importing.MAX_BYTES)
@require_http_methods(["GET", "POST"])
def survey_import(request, satker_slug, period):
    access, survey = _access(request, satker_slug, period)
    form = bound_upload_form(UploadForm, request)
    if getattr(request, "oversized_uploads", None):
        refuse_file(form, "file", _("The file is larger than 10 MB."))
    elif request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            table = importing.read_table(upload.read(), upload.name)
        except ImportRefused as refused:
            form.add_error("file", str(refused))
        else:
            draft = SurveyImport.objects.create(
                survey=survey, uploaded_by=request.user, file_name=upload.name[:200], table=table
            )
            return redirect("survey_import_preview", access.satker.slug, survey.period, draft.pk)
    context = {"access": access, "satker": access.satker, "survey": survey, "form": form}
    return render(request, "surveys/import.html", context, status=400 if form.errors else 200)


def _targets(items):
    choices = [("", _("(not imported)"))]
    choices += [(item.code, f"{item.code} {item.name or item.text}"[:80]) for item in items]
    choices += [(name, str(title)) for name, title in importing.PROFILE_TITLES.items()]
    return choices


@require_http_methods(["GET", "POST"])
def survey_import_preview(request, satker_slug, period, pk):
    """The columns with their mapping (changeable), the first rows, the problems by row."""
    access, survey = _access(request, satker_slug, period)
    draft = get_object_or_404(SurveyImport, pk=pk, survey=survey, uploaded_by=request.user)
    items = list(survey.items.all())
    table = draft.table
    if request.method == "POST":
        mapping = _posted_mapping(request.POST, len(table[0]))
    else:
        mapping = importing.default_mapping(table[0], items, importing.remembered_mapping(survey))
    parsed = importing.parse(table, mapping, items)
    if request.method == "POST" and request.POST.get("action") == "import" and parsed.ok:
        count = importing.import_parsed(survey, parsed)
        draft.delete()
        messages.success(request, _("%(n)s responses are imported.") % {"n": count})
        return redirect(survey)
    context = {
        "access": access, "satker": access.satker, "survey": survey, "draft": draft,
        "columns": _columns(table, mapping), "targets": _targets(items),
        "parsed": parsed, "rows": len(table) - 1,
    }  # fmt: skip
    status = 400 if request.method == "POST" and not parsed.ok else 200
    return render(request, "surveys/import_preview.html", context, status=status)


def _columns(table, mapping):
    """(index, header, target, the first rows' cells) per column."""
    preview = table[1 : PREVIEW_ROWS + 1]
    return [
        (i, title, mapping.get(i, ""), [row[i] if i < len(row) else "" for row in preview])
        for i, title in enumerate(table[0])
    ]


def _posted_mapping(data, columns):
    mapping = {}
    for index in range(columns):
        target = data.get(f"col{index}", "")
        if target and target not in mapping.values():
            mapping[index] = target
    return mapping
