"""Bukti dukung on the LKE page: attach, remove, open; the sub-area links; the LKE ZIP.

Who may attach or remove (components.access decides the role; outsiders get 404): on the
unit's tier while it is open, the team lead anywhere and staff on the sub-areas linked to
the plan rows they are PIC of; on the TPI's tier, evaluators while the LKE is submitted.
Every member opens the evidence.
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from evidence.models import EvidenceFile
from evidence.uploads import UploadRejected, prepare, refused_upload, too_large_message
from zi_tracker.files import serve_stored
from zi_tracker.middleware import upload_limit

from . import bundle
from .evidence import (
    attach_link,
    attach_plan_file,
    attach_upload,
    evidence_by_question,
    plan_files,
    remove_evidence,
    rights,
    save_links,
)
from .links import link_node, linkable_nodes, links_of, plan_indicators
from .models import LkeQuestion, QuestionEvidence, Tier
from .page import lke_url
from .tree import framework_tree
from .views import _get


class LinkForm(forms.Form):
    url = forms.URLField(label=gettext_lazy("Link"), max_length=1000, assume_scheme="https")
    title = forms.CharField(label=gettext_lazy("Title"), max_length=300, required=False)

    def clean_url(self):
        url = self.cleaned_data["url"]
        if not url.lower().startswith(("https://", "http://")):
            raise forms.ValidationError(_("Only http and https links."))
        return url


def _assessment(request, satker_slug, year):
    access, assessment = _get(request, satker_slug, year)
    if assessment is None:
        raise Http404
    return access, assessment


def _question(assessment, question_id, tier):
    if tier not in Tier.values:
        raise Http404
    question = get_object_or_404(
        LkeQuestion, pk=question_id, node__framework=assessment.framework_id
    )
    if question.percent_of_id:
        raise Http404  # evidence belongs to the % question, not its counts
    tree = framework_tree(assessment.framework_id)
    return next(q for q in tree.questions if q.pk == question.pk), tree


def block_context(assessment, question, tier, may_edit, **extra):
    """What _evidence.html needs for one question and tier. One query."""
    items = evidence_by_question(assessment, question).get((question.pk, tier), [])
    return {"satker": assessment.satker, "assessment": assessment, "question": question,
            "lke_url": lke_url(assessment), "tier": tier, "items": items,
            "may_edit": may_edit, **extra}  # fmt: skip


def _attach_form_context(assessment, question, tree):
    indicators = plan_indicators(assessment.plan)
    linked = set(links_of(assessment, tree, indicators).get(link_node(question.node_obj).pk, []))
    files = plan_files(assessment)
    return {
        "open_form": True,
        "suggested": [f for f in files if f.cell.requirement.indicator_id in linked],
        "other_files": [f for f in files if f.cell.requirement.indicator_id not in linked],
        "link_form": LinkForm(),
    }


@upload_limit(max_files=1, fields=("file",))
@require_http_methods(["GET", "POST"])
def question_evidence(request, satker_slug, year, question_id, tier):
    """GET: the attach form. POST: attach a plan file, an upload or a link."""
    access, assessment = _assessment(request, satker_slug, year)
    question, tree = _question(assessment, question_id, tier)
    access.require(rights(access, assessment, tree).may_draft(question, tier))
    if request.method == "GET":
        extra = _attach_form_context(assessment, question, tree)
        return _respond(request, assessment, question, tier, extra)
    error = _attach(request, assessment, question, tier)
    if error:
        extra = dict(_attach_form_context(assessment, question, tree), error=error)
        return _respond(request, assessment, question, tier, extra, status=400)
    return _respond(request, assessment, question, tier, {"done": _("Evidence attached.")})


def _attach(request, assessment, question, tier):
    """Attach what was sent; return an error message, or "" when it is attached."""
    refusal = refused_upload(request)
    if refusal:
        return refusal
    kind = request.POST.get("kind")
    oversized = getattr(request, "oversized_uploads", [])
    try:
        if oversized:
            return too_large_message(oversized[0])
        if kind == "file":
            evidence_file = (
                EvidenceFile.objects.select_related("cell__requirement__indicator__component")
                .filter(pk=_int(request.POST.get("evidence_file")))
                .first()
            )
            if evidence_file is None:
                return _("Choose one of the plan's approved files.")
            attach_plan_file(assessment=assessment, question=question, tier=tier,
                             evidence_file=evidence_file, by=request.user)  # fmt: skip
        elif kind == "upload":
            uploads = request.FILES.getlist("file")
            if len(uploads) != 1:
                return _("Choose one file to upload.")
            attach_upload(assessment=assessment, question=question, tier=tier,
                          prepared=prepare(uploads[0]), by=request.user)  # fmt: skip
        elif kind == "link":
            form = LinkForm(request.POST)
            if not form.is_valid():
                return " ".join(e for errors in form.errors.values() for e in errors)
            attach_link(assessment=assessment, question=question, tier=tier,
                        by=request.user, **form.cleaned_data)  # fmt: skip
        else:
            return _("Choose what to attach.")
    except UploadRejected as rejected:
        return str(rejected)
    except ValidationError as invalid:
        return " ".join(invalid.messages)
    return ""


def _int(value):
    return int(value) if value and value.isdigit() else None


def _respond(request, assessment, question, tier, extra, status=200):
    """The question's evidence block (htmx), or the page: only someone who may edit it
    gets here (the views require it first)."""
    context = block_context(assessment, question, tier, True, **extra)
    if request.htmx:
        # htmx swaps only successful responses: a refusal is the block with its message.
        return render(request, "assessment/_evidence.html", context)
    if request.method == "POST":
        if extra.get("error"):
            messages.error(request, extra["error"])
        elif extra.get("done"):
            messages.success(request, extra["done"])
        if not extra.get("error"):
            return redirect(_page_url(assessment, question))
    return render(request, "assessment/evidence_form.html", context, status=status)


def _page_url(assessment, question):
    from django.urls import reverse

    url = reverse("assessment", args=[assessment.satker.slug, assessment.year])
    return f"{url}#q-{question.pk}"


def _item(assessment, public_id):
    return get_object_or_404(
        QuestionEvidence.objects.select_related("evidence_file", "question"),
        assessment=assessment, public_id=public_id,
    )  # fmt: skip


@require_POST
def evidence_remove(request, satker_slug, year, public_id):
    access, assessment = _assessment(request, satker_slug, year)
    item = _item(assessment, public_id)
    item.assessment = assessment
    tree = framework_tree(assessment.framework_id)
    question = next(q for q in tree.questions if q.pk == item.question_id)
    access.require(rights(access, assessment, tree).may_draft(question, item.tier))
    try:
        remove_evidence(item=item, by=request.user)
        extra = {"done": _("Evidence removed.")}
    except ValidationError as invalid:
        extra = {"error": " ".join(invalid.messages)}
    return _respond(request, assessment, question, item.tier, extra)


@require_GET
def evidence_open(request, satker_slug, year, public_id):
    """A file uploaded for the LKE: inline if a PDF or photo, else as a download; refused
    (and never served) when its bytes no longer match the SHA-256 recorded at upload."""
    access, assessment = _assessment(request, satker_slug, year)
    item = _item(assessment, public_id)
    if item.kind != QuestionEvidence.Kind.UPLOAD:
        raise Http404
    inline = item.content_type == "application/pdf" or item.content_type.startswith("image/")
    return serve_stored(
        request, item.file, sha256=item.sha256, content_type=item.content_type,
        filename=item.download_name, inline=inline,
    )  # fmt: skip


@require_http_methods(["GET", "POST"])
def links_page(request, satker_slug, year):
    """Which plan indicators feed which sub-area: suggested, editable by the team lead."""
    access, assessment = _assessment(request, satker_slug, year)
    if assessment.plan_id is None:
        raise Http404
    tree = framework_tree(assessment.framework_id)
    indicators = plan_indicators(assessment.plan)
    may_edit = access.can_manage and assessment.tier_open(Tier.UNIT)
    if request.method == "POST":
        access.require(may_edit)
        valid = {indicator.pk for indicator in indicators}
        links = {}
        for node in linkable_nodes(tree):
            chosen = {_int(v) for v in request.POST.getlist(f"node-{node.pk}")}
            if chosen - valid:
                raise PermissionDenied  # an indicator of another plan
            if chosen:
                links[node.pk] = sorted(chosen)
        save_links(assessment=assessment, links=links, by=request.user)
        messages.success(request, _("The links are saved."))
        return redirect("assessment_links", satker_slug, year)
    links = links_of(assessment, tree, indicators)
    rows = [{"node": node, "path": " › ".join(tree.path(node)[1:]),
             "linked": set(links.get(node.pk, []))}
            for node in linkable_nodes(tree)]  # fmt: skip
    context = {"access": access, "assessment": assessment, "satker": assessment.satker,
               "rows": rows, "indicators": indicators, "may_edit": may_edit}  # fmt: skip
    return render(request, "assessment/links.html", context)


@require_GET
def lke_bundle(request, satker_slug, year):
    """Every question's evidence as one ZIP in the LKE's own folders, with an index."""
    access, assessment = _assessment(request, satker_slug, year)
    tier = request.GET.get("tier", Tier.UNIT)
    if tier not in Tier.values:
        raise Http404
    items = bundle.bundle_items(assessment, tier)
    response = StreamingHttpResponse(bundle.stream(assessment, items),
                                     content_type="application/zip")  # fmt: skip
    response["Content-Disposition"] = f'attachment; filename="{bundle.filename(assessment)}"'
    return response


__all__ = ["block_context"]
