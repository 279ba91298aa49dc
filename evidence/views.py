"""Evidence pages: a month's files and decisions, uploads, review, realization, PICs, tasks."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from components.access import get_plan_access
from components.matrix import MonthMark, annotate_file_counts, matrix_table, month_mark
from components.models import (
    MONTH_ABBREVIATIONS,
    Cell,
    Indicator,
    Requirement,
    display_name,
)
from zi_tracker.files import serve_stored
from zi_tracker.middleware import upload_limit

from . import previews, services, worklist
from .forms import PicForm, RealizationForm, UploadForm, WithdrawForm
from .models import Activity, Assignment, EvidenceFile, assigned_requirement_ids
from .uploads import UploadRejected, prepare, refused_upload, too_large_message

# What an activity line shows (templates/evidence/_activity_list.html).
ACTIVITY_RELATED = [
    "user",
    "file",
    "subject",
    "requirement__indicator__component",
    "indicator__component",
    "step",
]


def _get_requirement(access, requirement_id):
    return get_object_or_404(
        Requirement.objects.select_related("indicator__component", "step"),
        pk=requirement_id,
        indicator__component__plan=access.plan,
    )


def _get_file(access, file_id):
    """The plan's file by its public id; a withdrawn one only for those who may see it."""
    evidence_file = get_object_or_404(
        EvidenceFile.objects.select_related(
            "cell__requirement__indicator__component", "uploaded_by", "reviewed_by"
        ),
        public_id=file_id,
        cell__requirement__indicator__component__plan=access.plan,
    )
    if not evidence_file.may_be_read_by(access):
        raise Http404
    return evidence_file


def _check_month(month):
    if not 1 <= month <= 12:
        raise Http404


def _attach_plan(requirement, plan):
    """Let requirement.indicator.component.plan reuse the plan already loaded."""
    requirement.indicator.component.plan = plan
    return requirement


def _month_files(access, cell):
    """The month's files, each marked whether the user may withdraw it. One query."""
    if cell is None:
        return []
    files = list(
        cell.files.select_related("uploaded_by", "reviewed_by", "withdrawn_by").order_by(
            "uploaded_at", "submission_index"
        )
    )
    Status = EvidenceFile.Status
    for f in files:
        f.is_open = f.status in (Status.PENDING, Status.RETURNED)
        f.can_withdraw = f.is_open and _may_withdraw(access, f)
    return files


def _cell_context(request, access, requirement, month, form=None):
    """Everything the month page shows. Queries: cell with counts, files, activity, PICs."""
    plan = access.plan
    cell = (
        annotate_file_counts(Cell.objects.filter(requirement=requirement, month=month))
        .select_related("realized_by")
        .first()
    )
    files = _month_files(access, cell)
    today = timezone.localdate()
    assigned = assigned_requirement_ids(request.user, plan) if access.role == "staf" else set()
    can_upload = access.can_upload(requirement, assigned)
    Status = EvidenceFile.Status
    if can_upload and form is None:
        # Today only for this month's evidence: for another month the uploader enters it.
        this_month = (today.year, today.month) == (plan.year, month)
        form = UploadForm(
            plan=plan,
            returned_files=[f for f in files if f.status == Status.RETURNED],
            initial={
                "submission": services.new_submission_token(),
                "activity_date": today if this_month else None,
            },
        )
    activities = (
        Activity.objects.filter(requirement=requirement, month=month)
        .select_related("user", "file")
        .order_by("-created_at", "-pk")[:50]
    )
    return {
        "plan": plan,
        "access": access,
        "requirement": requirement,
        "month": month,
        "month_name": MONTH_ABBREVIATIONS[month - 1],
        "cell": cell,
        "mark": month_mark(cell, plan.year, today) if cell else MonthMark(month),
        "files": [f for f in files if f.status != Status.WITHDRAWN],
        "open_files": [f for f in files if f.is_open],
        # Withdrawn files are kept; only the team lead and their uploader see them listed.
        "withdrawn": [
            f for f in files if f.status == Status.WITHDRAWN and f.may_be_read_by(access)
        ],
        "can_upload": can_upload,
        "upload_form": form,
        "realization_form": RealizationForm(),
        "signed": plan.signed_version() if access.can_manage else None,
        "activities": activities,
        "cell_base": reverse("plan_detail", args=[plan.satker.slug, plan.year]) + "evidence/",
        "max_file_bytes": settings.EVIDENCE_MAX_FILE_BYTES,
    }


def _render_cell(request, context, status=200):
    template = "evidence/_cell_panel.html" if request.htmx else "evidence/cell_detail.html"
    return render(request, template, context, status=status)


def _after_action(request, access, requirement, month):
    """htmx: the refreshed month panel (and matrix cell); otherwise back to the month page."""
    if request.htmx:
        context = _cell_context(request, access, requirement, month)
        return _render_cell(request, context)
    plan = access.plan
    return redirect("cell_detail", plan.satker.slug, plan.year, requirement.pk, month)


@require_GET
def cell_detail(request, satker_slug, year, requirement_id, month):
    _check_month(month)
    access = get_plan_access(request.user, satker_slug, year)
    requirement = _get_requirement(access, requirement_id)
    return _render_cell(request, _cell_context(request, access, requirement, month))


def _upload_errors(request):
    """Messages for files the upload handler cut off, or for a refused upload."""
    errors = [too_large_message(name) for name in getattr(request, "oversized_uploads", [])]
    refusal = refused_upload(request)
    return [*errors, refusal] if refusal else errors


@upload_limit(max_files=None, fields=("files",))
@require_POST
def cell_upload(request, satker_slug, year, requirement_id, month):
    _check_month(month)
    access = get_plan_access(request.user, satker_slug, year)
    requirement = _attach_plan(_get_requirement(access, requirement_id), access.plan)
    assigned = assigned_requirement_ids(request.user, access.plan) if access.role == "staf" else ()
    access.require(access.can_upload(requirement, assigned))

    returned = EvidenceFile.objects.filter(
        cell__requirement=requirement, cell__month=month, status=EvidenceFile.Status.RETURNED
    )
    form = UploadForm(request.POST, plan=access.plan, returned_files=list(returned))
    errors = _upload_errors(request)
    uploads = [] if refused_upload(request) else request.FILES.getlist("files")
    if not uploads and not errors:
        errors.append(_("Choose at least one file."))
    prepared = []
    if form.is_valid() and not errors:
        for upload in uploads:
            try:
                prepared.append(prepare(upload))
            except UploadRejected as rejected:
                errors.append(str(rejected))
    if form.is_valid() and not errors:
        try:
            stored = services.submit_evidence(
                requirement=requirement,
                month=month,
                prepared=prepared,
                user=request.user,
                description=form.cleaned_data["description"],
                activity_date=form.cleaned_data["activity_date"],
                submission=form.cleaned_data["submission"],
                revision_of=form.cleaned_data.get("revision_of"),
            )
        except services.Conflict as conflict:
            messages.warning(request, str(conflict))
        else:
            messages.success(
                request,
                ngettext(
                    "%(count)d file uploaded, waiting for review.",
                    "%(count)d files uploaded, waiting for review.",
                    len(stored),
                )
                % {"count": len(stored)},
            )
        return _after_action(request, access, requirement, month)

    for error in errors:
        messages.error(request, error)
    if "revision_of" in form.errors:
        messages.error(request, _("The file you are revising is no longer waiting for a revision."))
    if "submission" in form.errors:
        messages.error(request, _("The form was incomplete: reload the page and try again."))
    if form.errors:
        messages.error(request, _("Nothing was uploaded: correct the marked fields."))
    context = _cell_context(request, access, requirement, month, form=form)
    return _render_cell(request, context, status=200 if request.htmx else 400)


@require_POST
def cell_realization(request, satker_slug, year, requirement_id, month):
    _check_month(month)
    access = get_plan_access(request.user, satker_slug, year)
    access.require(access.can_manage)
    requirement = _attach_plan(_get_requirement(access, requirement_id), access.plan)
    form = RealizationForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The request was incomplete; nothing was changed."))
        return _after_action(request, access, requirement, month)
    try:
        services.set_realized(
            requirement=requirement,
            month=month,
            user=request.user,
            realized=form.cleaned_data["realized"],
            note=form.cleaned_data["note"],
            expected=form.cleaned_data["expected"],
            confirm_open=form.cleaned_data["confirm_open"],
        )
    except (services.Conflict, ValidationError) as problem:
        messages.error(request, _problem(problem))
    else:
        if form.cleaned_data["realized"]:
            messages.success(request, _("The month is ticked as realized."))
        else:
            messages.success(request, _("The month is no longer realized."))
    return _after_action(request, access, requirement, month)


@require_POST
def file_withdraw(request, satker_slug, year, file_id):
    access = get_plan_access(request.user, satker_slug, year)
    evidence_file = _get_file(access, file_id)
    access.require(_may_withdraw(access, evidence_file))
    cell = evidence_file.cell
    _attach_plan(cell.requirement, access.plan)
    form = WithdrawForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Write why the file is withdrawn."))
        return _after_action(request, access, cell.requirement, cell.month)
    try:
        services.withdraw_file(
            evidence_file=evidence_file, user=request.user, reason=form.cleaned_data["reason"]
        )
    except (services.Conflict, ValidationError) as problem:
        messages.error(request, _problem(problem))
    else:
        messages.success(request, _("%(name)s is withdrawn.") % {"name": evidence_file})
    return _after_action(request, access, cell.requirement, cell.month)


def _problem(error):
    """The user's message in a Conflict or a ValidationError."""
    return " ".join(getattr(error, "messages", [str(error)]))


def _may_withdraw(access, evidence_file):
    """The team lead, or the uploader while they may still upload here (not as evaluator)."""
    return access.can_manage or (
        access.may_upload_somewhere and evidence_file.uploaded_by_id == access.user.pk
    )


def _serve(request, stored, content_type, filename, inline, sha256=None):
    # Not cached by the browser either: signed-in responses are no-store (logins.py).
    return serve_stored(
        request, stored, sha256=sha256, content_type=content_type, filename=filename,
        inline=inline,
    )  # fmt: skip


@require_GET
def evidence_file(request, satker_slug, year, file_id):
    """A file inline (PDF and photos preview in the browser); other types download."""
    access = get_plan_access(request.user, satker_slug, year)
    f = _get_file(access, file_id)
    return _serve(
        request, f.file, f.content_type, f.download_name, f.is_previewable, sha256=f.sha256
    )


@require_GET
def evidence_file_download(request, satker_slug, year, file_id):
    access = get_plan_access(request.user, satker_slug, year)
    f = _get_file(access, file_id)
    return _serve(request, f.file, f.content_type, f.download_name, False, sha256=f.sha256)


@require_GET
def evidence_thumbnail(request, satker_slug, year, file_id):
    access = get_plan_access(request.user, satker_slug, year)
    f = _get_file(access, file_id)
    # A photo's thumbnail is made at upload; a PDF's first page on first request.
    preview = f.thumbnail or previews.pdf_preview(f)
    if not preview:
        raise Http404
    return _serve(request, preview, "image/jpeg", f"thumb-{f.public_id}.jpg", True)


@require_GET
def requirement_detail(request, satker_slug, year, requirement_id):
    """One evidence row: its months, files and activity."""
    access = get_plan_access(request.user, satker_slug, year)
    requirement = _get_requirement(access, requirement_id)
    plan = access.plan
    today = timezone.localdate()
    cells = {c.month: c for c in annotate_file_counts(requirement.cells.all())}
    marks = [
        month_mark(cells[m], plan.year, today) if m in cells else MonthMark(m) for m in range(1, 13)
    ]
    files = (
        EvidenceFile.objects.filter(cell__requirement=requirement)
        .exclude(status=EvidenceFile.Status.WITHDRAWN)
        .select_related("cell", "uploaded_by")
        .order_by("cell__month", "uploaded_at")
    )
    pics = Assignment.objects.filter(
        Q(indicator=requirement.indicator, step__isnull=True)
        | Q(step_id=requirement.step_id, step__isnull=False)
    ).select_related("user")
    # The row's own actions, and PIC changes of its indicator or step.
    activities = (
        Activity.objects.filter(
            Q(requirement=requirement)
            | Q(requirement__isnull=True, indicator=requirement.indicator, step__isnull=True)
            | Q(requirement__isnull=True, step_id=requirement.step_id, step__isnull=False)
        )
        .select_related(*ACTIVITY_RELATED)
        .order_by("-created_at", "-pk")[:100]
    )
    return render(
        request,
        "evidence/requirement_detail.html",
        {
            "plan": plan,
            "access": access,
            "requirement": requirement,
            "months": list(zip(MONTH_ABBREVIATIONS, range(1, 13), marks, strict=True)),
            "files": files,
            "pics": pics,
            "activities": activities,
            "cell_base": reverse("plan_detail", args=[plan.satker.slug, plan.year]) + "evidence/",
        },
    )


@require_GET
def plan_activity(request, satker_slug, year):
    access = get_plan_access(request.user, satker_slug, year)
    activities = (
        Activity.objects.filter(plan=access.plan)
        .select_related(*ACTIVITY_RELATED)
        .order_by("-created_at", "-pk")
    )
    page = Paginator(activities, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "evidence/plan_activity.html",
        {"plan": access.plan, "access": access, "page": page},
    )


@require_http_methods(["GET", "POST"])
def plan_pics(request, satker_slug, year):
    """The team lead assigns persons in charge (PIC) per indicator or step."""
    access = get_plan_access(request.user, satker_slug, year)
    plan = access.plan
    if request.method == "POST":
        access.require(access.can_manage)
        _change_pics(request, plan)
        return redirect(reverse("plan_pics", args=[plan.satker.slug, plan.year]) + "#pics")

    assignments = Assignment.objects.select_related("user")
    indicators = (
        Indicator.objects.filter(component__plan=plan)
        .select_related("component")
        .prefetch_related(
            Prefetch("assignments", queryset=assignments.filter(step__isnull=True)),
            Prefetch("steps__assignments", queryset=assignments),
        )
        .order_by("component__number", "number")
    )
    members = plan.satker.memberships.filter(role__in=["staf", "ketua_tim"]).select_related("user")
    return render(
        request,
        "evidence/plan_pics.html",
        {
            "plan": plan,
            "access": access,
            "indicators": indicators,
            "members": sorted((m.user for m in members), key=lambda u: display_name(u).lower()),
        },
    )


def _change_pics(request, plan):
    form = PicForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The request was incomplete; nothing was changed."))
        return
    data = form.cleaned_data
    indicator = get_object_or_404(Indicator, pk=data["indicator"], component__plan=plan)
    step = get_object_or_404(indicator.steps, pk=data["step"]) if data["step"] else None
    if data["action"] == "remove":
        assignment = get_object_or_404(Assignment, pk=data["assignment"] or 0, indicator=indicator)
        services.unassign_pic(plan=plan, assignment=assignment, user=request.user)
        messages.success(
            request, _("%(name)s is no longer PIC.") % {"name": display_name(assignment.user)}
        )
        return
    person = get_user_model().objects.filter(pk=data["user"] or 0).first()
    if person is None:
        messages.error(request, _("Choose a person."))
        return
    try:
        services.assign_pic(
            plan=plan, indicator=indicator, step=step, person=person, user=request.user
        )
    except PermissionDenied:
        messages.error(request, _("Only staff and the team lead of this court can be PIC."))
        return
    messages.success(request, _("%(name)s is now PIC.") % {"name": display_name(person)})


@require_GET
def my_tasks(request):
    """Files to revise, then planned months not yet realized of the user's rows."""
    plans = worklist.visible_plans(request.user)
    context = {
        "tasks": worklist.month_tasks(request.user, plans, timezone.localdate()),
        "to_revise": worklist.files_to_revise(request.user, plans),
        "review_counts": worklist.review_counts(request.user, plans),
    }
    return render(request, "evidence/my_tasks.html", context)


@require_GET
def plan_matrix_mine(request, satker_slug, year):
    """The matrix with only the rows the user is PIC of ("Baris saya"), uncached."""
    access = get_plan_access(request.user, satker_slug, year)
    plan = access.plan
    mine = assigned_requirement_ids(request.user, plan)
    cell_base = reverse("plan_detail", args=[plan.satker.slug, plan.year]) + "evidence/"
    context = {
        "plan": plan,
        "access": access,
        "table": matrix_table(plan, cell_base, only=mine),
        "mine": True,
        "mine_count": len(mine),
    }
    return render(request, "components/plan_matrix.html", context)
