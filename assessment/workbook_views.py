"""The official workbook on the LKE page: download it, and import a filled one with a preview."""

from django import forms
from django.contrib import messages
from django.core import signing
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from evidence.uploads import bound_upload_form, refuse_file
from reports.plan_import import MAX_BYTES, ImportRefused
from reports.xlsx import XLSX_TYPE
from zi_tracker.middleware import upload_limit

from .document import PORTRAIT, lke_pdf
from .evidence import workbook_evidence
from .models import Tier
from .page import permissions
from .services import import_answers
from .tree import framework_tree
from .views import _get, may_answer
from .workbook import export_workbook, read_answers

SALT = "assessment.import"


class ImportForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("Filled LKE workbook (.xlsx)"))
    tier = forms.ChoiceField(label=gettext_lazy("Whose answers"), choices=Tier.choices)


def _assessment(request, satker_slug, year):
    access, assessment = _get(request, satker_slug, year)
    if assessment is None:
        raise Http404
    return access, assessment


@require_GET
def workbook_download(request, satker_slug, year):
    access, assessment = _assessment(request, satker_slug, year)
    tier = request.GET.get("tier", Tier.UNIT)
    if tier not in Tier.values or (
        tier == Tier.TPI and not permissions(access, assessment)["show_tpi"]
    ):
        raise Http404
    data = export_workbook(assessment, tier, workbook_evidence(assessment, tier))
    name = f"LKE-ZI-{slugify(assessment.satker.name).title()}-{assessment.year}-{tier}.xlsx"
    response = HttpResponse(data, content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@require_GET
def lke_pdf_view(request, satker_slug, year):
    access, assessment = _assessment(request, satker_slug, year)
    paper = request.GET.get("paper", "a4")
    if paper not in PORTRAIT:
        paper = "a4"
    data = lke_pdf(request, access, assessment, paper)
    name = f"LKE-ZI-{slugify(assessment.satker.name).title()}-{assessment.year}.pdf"
    response = HttpResponse(data, content_type="application/pdf")
    disposition = "inline" if "lihat" in request.GET else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{name}"'
    return response


@upload_limit(MAX_BYTES)
@require_http_methods(["GET", "POST"])
def workbook_import(request, satker_slug, year):
    access, assessment = _assessment(request, satker_slug, year)
    allowed = [t for t in Tier.values if may_answer(access, assessment, t)]
    access.require(bool(allowed))
    form = bound_upload_form(ImportForm, request, initial={"tier": allowed[0]})
    form.fields["tier"].choices = [(t, label) for t, label in Tier.choices if t in allowed]
    context = {"access": access, "assessment": assessment, "satker": assessment.satker,
               "form": form, "problems": []}  # fmt: skip
    if getattr(request, "oversized_uploads", None):
        refuse_file(form, "file", _("The file is larger than %(mb)s MB.") % {"mb": MAX_BYTES >> 20})
    elif request.method == "POST" and form.is_valid():
        upload, tier = form.cleaned_data["file"], form.cleaned_data["tier"]
        try:
            result = read_answers(b"".join(upload.chunks()), assessment, tier)
        except ImportRefused as refused:
            form.add_error("file", str(refused))
        else:
            if result.ok:
                return _preview(request, context, assessment, tier, result, upload.name)
            context["problems"] = result.problems
    status = 400 if request.method == "POST" else 200
    return render(request, "assessment/import.html", context, status=status)


def _preview(request, context, assessment, tier, result, file_name):
    tree = framework_tree(assessment.framework_id)
    current = {a.question_id: a for a in assessment.answers.filter(tier=tier)}
    changes = []
    for question in tree.questions:
        if question.pk in result.answers:
            value, note = result.answers[question.pk]
            old = current.get(question.pk)
            if old is None or (old.value, old.note) != (value, note):
                changes.append((question, old.value if old else "", value, note))
    payload = {"a": assessment.pk, "tier": tier, "file": file_name[:200],
               "answers": {str(pk): list(pair) for pk, pair in result.answers.items()}}  # fmt: skip
    context |= {"changes": changes, "token": signing.dumps(payload, salt=SALT, compress=True),
                "tier": tier, "file_name": file_name}  # fmt: skip
    return render(request, "assessment/import_preview.html", context)


@require_POST
def workbook_import_confirm(request, satker_slug, year):
    access, assessment = _assessment(request, satker_slug, year)
    try:
        payload = signing.loads(request.POST.get("token", ""), salt=SALT, max_age=3600)
    except signing.BadSignature:
        messages.error(request, _("The preview has expired; upload the workbook again."))
        return redirect("assessment_import", satker_slug, year)
    tier = payload["tier"]
    if payload["a"] != assessment.pk:
        raise Http404
    access.require(may_answer(access, assessment, tier))
    answers = {int(pk): tuple(pair) for pk, pair in payload["answers"].items()}
    count = import_answers(assessment=assessment, tier=tier, answers=answers, by=request.user,
                           file_name=payload["file"])  # fmt: skip
    messages.success(request, _("%(n)s answers imported from %(name)s.")
                     % {"n": count, "name": payload["file"]})  # fmt: skip
    return redirect("assessment", satker_slug, year)
