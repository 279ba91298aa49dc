"""The team lead's review: the queue of waiting files, each decision in place, several at once.

Every decision goes through services.review_file, one file at a time, so each is locked,
checked and logged on its own, also when several are approved with one press.
"""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from components.access import get_plan_access

from . import services
from .forms import ReviewFilterForm, ReviewForm
from .models import EvidenceFile
from .views import _after_action, _attach_plan, _get_file, _problem
from .worklist import pic_rows

FILTERS = ("component", "pic", "month")


def _waiting(plan):
    return EvidenceFile.objects.filter(
        cell__requirement__indicator__component__plan=plan, status=EvidenceFile.Status.PENDING
    )


def _queue_url(plan, query=""):
    url = reverse("review_queue", args=[plan.satker.slug, plan.year])
    return f"{url}?{query}" if query else url


def _filter_form(data, plan):
    """The filter form with its choices: the plan's components and its PICs. Two queries."""
    pics = (
        get_user_model()
        .objects.filter(assignments__indicator__component__plan=plan)
        .distinct()
        .order_by("first_name", "last_name", "username")
    )
    return ReviewFilterForm(data, components=plan.components.order_by("number"), pics=pics)


def _filtered(files, form):
    if not form.is_valid():
        return files
    data = form.cleaned_data
    if data["component"]:
        files = files.filter(cell__requirement__indicator__component__number=data["component"])
    if data["month"]:
        files = files.filter(cell__month=data["month"])
    if data["pic"]:
        pic = get_user_model()(pk=data["pic"])
        # The PIC's rows, and what they uploaded elsewhere (a team lead uploads anywhere).
        files = files.filter(pic_rows(pic, "cell__") | Q(uploaded_by=pic))
    return files


@require_GET
def review_queue(request, satker_slug, year):
    """Files waiting for the team lead's decision, oldest first, filtered if asked."""
    access = get_plan_access(request.user, satker_slug, year)
    access.require(access.can_manage)
    plan = access.plan
    form = _filter_form(request.GET or None, plan)
    files = _filtered(
        _waiting(plan)
        .select_related("cell__requirement__indicator__component", "uploaded_by")
        .order_by("uploaded_at", "submission_index"),
        form,
    )
    query = urlencode({k: request.GET[k] for k in FILTERS if request.GET.get(k)})
    context = {
        "plan": plan,
        "access": access,
        "files": list(files),
        "waiting": _waiting(plan).count(),
        "filter_form": form,
        "query": query,
    }
    return render(request, "evidence/review_queue.html", context)


def _decide(request, evidence_file, form):
    """Apply the form's decision; return (done, what the user is told)."""
    if not form.is_valid():
        errors = form.errors.get("note", []) or [_("Choose approve or return.")]
        return False, " ".join(errors)
    approve = form.cleaned_data["decision"] == "approve"
    try:
        services.review_file(
            evidence_file=evidence_file,
            user=request.user,
            approve=approve,
            note=form.cleaned_data["note"],
        )
    except (services.Conflict, ValidationError) as problem:
        return False, _problem(problem)
    if approve:
        return True, _("%(name)s is approved.") % {"name": evidence_file}
    return True, _("%(name)s is returned for revision.") % {"name": evidence_file}


@require_POST
def file_review(request, satker_slug, year, file_id):
    """Approve or return one file: from the month panel, or from the queue (its row)."""
    access = get_plan_access(request.user, satker_slug, year)
    access.require(access.can_manage)
    evidence_file = _get_file(access, file_id)
    cell = evidence_file.cell
    _attach_plan(cell.requirement, access.plan)
    done, told = _decide(request, evidence_file, ReviewForm(request.POST))
    from_queue = request.POST.get("next") == "review"
    if from_queue and request.htmx:
        context = {
            "plan": access.plan,
            "f": evidence_file,
            "told": told,
            "done": done,
            "waiting": _waiting(access.plan).count(),
            "oob": True,
        }
        return render(request, "evidence/_review_row.html", context)
    (messages.success if done else messages.error)(request, told)
    if from_queue:
        return redirect(_queue_url(access.plan, _query(request.POST)))
    return _after_action(request, access, cell.requirement, cell.month)


def _query(data):
    """The queue's filters carried through a POST, re-encoded (nothing else passes)."""
    return urlencode({k: data[k] for k in FILTERS if data.get(k, "").isdigit()})


@require_POST
def review_approve_selected(request, satker_slug, year):
    """Approve every selected file, each as its own decision and log entry."""
    access = get_plan_access(request.user, satker_slug, year)
    access.require(access.can_manage)
    ids = [int(pk) for pk in request.POST.getlist("files") if pk.isdigit()]
    files = (
        _waiting(access.plan)
        .filter(pk__in=ids)
        .select_related("cell__requirement__indicator__component")
        .order_by("uploaded_at", "submission_index")
    )
    approved = refused = 0
    for evidence_file in files:
        _attach_plan(evidence_file.cell.requirement, access.plan)
        try:
            services.review_file(evidence_file=evidence_file, user=request.user, approve=True)
        except services.Conflict as conflict:
            messages.warning(request, str(conflict))
            refused += 1
        else:
            approved += 1
    if approved:
        messages.success(
            request,
            ngettext("%(n)d file is approved.", "%(n)d files are approved.", approved)
            % {"n": approved},
        )
    elif not ids:
        messages.error(request, _("Select the files to approve first."))
    elif not refused:
        messages.error(request, _("None of the selected files awaits review any more."))
    return redirect(_queue_url(access.plan, _query(request.POST)))
