"""The printed matrix: PDF download, print preview, sign-off, reopening, verification."""

import hashlib

from csp.constants import UNSAFE_INLINE
from csp.decorators import csp_update
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from components.access import get_plan_access
from components.matrix import build_matrix
from components.models import Role
from evidence.uploads import bound_upload_form, refuse_file
from evidence.worklist import open_items
from zi_tracker.files import serve_stored
from zi_tracker.middleware import upload_limit
from zi_tracker.throttle import verify_throttle

from . import bundle, services, xlsx
from .forms import ReopenForm, SignForm, VerifyForm
from .jobs import draft_render
from .models import MatrixRender, Paper, SignedMatrix
from .pdf import matrix_html

# A signed matrix of a plan ten times the seed is under 1 MB.
VERIFY_MAX_BYTES = 10 * 1024 * 1024
# A scanned signature of at most 4 megapixels (forms.SignForm).
SIGNATURE_MAX_BYTES = 10 * 1024 * 1024


def _sha256(upload):
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    return digest.hexdigest()


def _paper(request):
    paper = request.GET.get("paper", Paper.A4)
    return paper if paper in Paper.values else Paper.A4


def _serve_pdf(request, stored, filename, sha256=None):
    """As an attachment (the download buttons); ?lihat=1 opens it in the browser ("View")."""
    inline = "lihat" in request.GET
    return serve_stored(
        request, stored, sha256=sha256, content_type="application/pdf", filename=filename,
        inline=inline,
    )  # fmt: skip


@require_GET
def plan_matrix_pdf(request, satker_slug, year):
    """The signed PDF while a version is in force; otherwise a DRAFT of the plan as it is."""
    access = get_plan_access(request.user, satker_slug, year)
    plan = access.plan
    signed = plan.signed_version()
    if signed is not None:
        return _serve_pdf(request, signed.file, signed.download_name, sha256=signed.sha256)
    job = draft_render(plan, _paper(request), retry="retry" in request.GET)
    if job.status == MatrixRender.Status.DONE:
        name = f"Matriks-ZI-{plan.satker.file_label}-{plan.year}-DRAFT.pdf"
        return _serve_pdf(request, job.file, name)
    if job.status == MatrixRender.Status.FAILED:
        context = {"plan": plan, "access": access, "job": job, "paper": job.paper}
        return render(request, "reports/render_failed.html", context, status=500)
    context = {"plan": plan, "access": access, "job": job, "paper": job.paper}
    return render(request, "reports/render_progress.html", context, status=202)


@require_GET
def plan_matrix_xlsx(request, satker_slug, year):
    """The matrix as an Excel workbook, with the list of evidence files; any member."""
    plan = get_plan_access(request.user, satker_slug, year).plan
    data = xlsx.workbook_bytes(xlsx.matrix_workbook(plan))
    response = HttpResponse(data, content_type=xlsx.XLSX_TYPE)
    filename = f"matriks-zi-{plan.satker.slug}-{plan.year}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_GET
def evidence_bundle(request, satker_slug, year):
    """The plan's evidence as one ZIP, streamed: approved files, or all with ?semua=1."""
    plan = get_plan_access(request.user, satker_slug, year).plan
    everything = request.GET.get("semua") == "1"
    files = list(bundle.bundle_files(plan, everything))
    response = StreamingHttpResponse(
        bundle.stream_bundle(plan, files, plan.signed_version()), content_type="application/zip"
    )
    filename = bundle.bundle_filename(plan, everything)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_GET
def render_status(request, satker_slug, year, render_id):
    """Polled by the progress page: the bar, or a redirect to the finished PDF."""
    access = get_plan_access(request.user, satker_slug, year)
    job = MatrixRender.objects.filter(pk=render_id, plan=access.plan).first()
    task = job.job() if job is not None else None
    if job is None or job.status != MatrixRender.Status.RUNNING or job.is_stale(job=task):
        # Done, failed, died with its worker, or dropped because the plan changed meanwhile:
        # the PDF address shows the file, the failure, or starts the current state's render.
        response = HttpResponse()
        url = reverse("plan_matrix_pdf", args=[satker_slug, year])
        response["HX-Redirect"] = f"{url}?paper={job.paper if job else _paper(request)}"
        return response
    context = {"plan": access.plan, "job": job, "waiting": job.is_waiting(task)}
    return render(request, "reports/_render_progress.html", context)


@require_GET
@csp_update({"style-src": [UNSAFE_INLINE]})  # the document's own stylesheet, made for WeasyPrint
def plan_matrix_print(request, satker_slug, year):
    """The document the PDF is made from, as a page to look at and print from the browser."""
    access = get_plan_access(request.user, satker_slug, year)
    plan = access.plan
    signed = plan.signed_version()
    options = services.signed_document_options(signed) if signed else {"paper": _paper(request)}
    return HttpResponse(matrix_html(plan, build_matrix(plan), preview=True, **options))


@upload_limit(SIGNATURE_MAX_BYTES, max_files=1, fields=("signature",))
@require_http_methods(["GET", "POST"])
def plan_sign(request, satker_slug, year):
    """The chairperson checks the matrix and signs it; the versions signed so far."""
    access = get_plan_access(request.user, satker_slug, year)
    plan = access.plan
    form = bound_upload_form(SignForm, request, "signature")
    if request.method == "POST":
        access.require(access.can_sign)
        if getattr(request, "oversized_uploads", None):
            refuse_file(
                form,
                "signature",
                _("The signature image is larger than %(mb)d MB.")
                % {"mb": SIGNATURE_MAX_BYTES >> 20},
            )
        if form.is_valid():
            try:
                signed = services.sign_plan(
                    plan=plan,
                    user=request.user,
                    paper=form.cleaned_data["paper"],
                    base_url=request.build_absolute_uri("/"),
                    signature=form.cleaned_data["signature"],
                )
            except services.Conflict as conflict:
                messages.error(request, str(conflict))
            else:
                messages.success(
                    request,
                    _("Signed: version %(version)d, verification code %(code)s.")
                    % {"version": signed.version, "code": signed.code_display},
                )
                return redirect("plan_sign", plan.satker.slug, plan.year)
    versions = plan.signed_versions.select_related("signed_by", "reopened_by")
    current = next((v for v in versions if v.reopened_at is None), None)
    context = {
        "plan": plan,
        "access": access,
        "form": form,
        "versions": versions,
        "current": current,
        "reopen_form": ReopenForm(),
        # Before signing: what is still open, so the signature is given knowingly.
        "open": open_items(plan, timezone.localdate()) if current is None else None,
    }
    return render(request, "reports/sign.html", context, status=400 if form.errors else 200)


@require_POST
def plan_reopen(request, satker_slug, year):
    access = get_plan_access(request.user, satker_slug, year)
    access.require(access.role == Role.KETUA_TIM)
    form = ReopenForm(request.POST)
    if not form.is_valid():
        for error in form.errors.get("reason", []):
            messages.error(request, error)
        return redirect("plan_sign", satker_slug, year)
    try:
        services.reopen_plan(
            plan=access.plan, user=request.user, reason=form.cleaned_data["reason"]
        )
    except services.Conflict as conflict:
        messages.error(request, str(conflict))
    else:
        messages.success(request, _("The plan is open for changes; the chair signs it again."))
    return redirect("plan_sign", satker_slug, year)


@require_GET
def signed_version_pdf(request, satker_slug, year, version):
    access = get_plan_access(request.user, satker_slug, year)
    signed = get_object_or_404(SignedMatrix, plan=access.plan, version=version)
    return _serve_pdf(request, signed.file, signed.download_name, sha256=signed.sha256)


@login_not_required
@require_GET
@verify_throttle
def verify_lookup(request):
    """Public: the code printed under the QR code, typed in by someone holding the paper."""
    typed = request.GET.get("code", "").strip()[:40]
    code = _normal_code(typed)
    if not typed:
        return render(request, "reports/verify_lookup.html", {"typed": ""})
    if SignedMatrix.objects.filter(code=code).exists():
        return redirect("verify", code)
    return _code_not_found(request, typed)


def _normal_code(text):
    """A code as stored: "abcd-2345 " and "ABCD2345" are the same code."""
    return "".join(text.upper().replace("-", "").split())


def _code_not_found(request, typed):
    context = {"typed": typed, "not_found": True}
    return render(request, "reports/verify_lookup.html", context, status=404)


@upload_limit(VERIFY_MAX_BYTES, max_files=1)
@login_not_required
@require_http_methods(["GET", "POST"])
@verify_throttle
def verify(request, code):
    """Public: what was signed under this code, and whether an uploaded PDF is that file.

    Open to anyone, so it reads at most one file of a few megabytes (a signed matrix is far
    smaller) and compares sizes before hashing.
    """
    code = _normal_code(code)
    signed = (
        SignedMatrix.objects.select_related("plan__satker", "signed_by").filter(code=code).first()
    )
    if signed is None:
        return _code_not_found(request, code)
    form = bound_upload_form(VerifyForm, request)
    result = None
    if getattr(request, "oversized_uploads", None):
        result = False  # larger than any signed matrix, so not this one
        form = VerifyForm()  # not a mistake in the form: the answer is "no match"
    elif request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        result = upload.size == signed.size and _sha256(upload) == signed.sha256
    newer = signed.plan.signed_versions.filter(version__gt=signed.version).exists()
    context = {"signed": signed, "form": form, "result": result, "newer": newer}
    return render(request, "reports/verify.html", context, status=400 if form.errors else 200)
