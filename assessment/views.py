"""The LKE page of a satker's year: answers per tier, live scores, readiness, workflow.

Who may do what (components.access decides the role; outsiders get 404):
- the team lead (and the administrator) answers the unit's tier while it is open;
- the chairperson submits the unit's LKE, which locks the unit's answers;
- evaluators answer the TPI tier of a submitted LKE, then return it or make it final;
- every member reads it.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from components.access import get_satker_access
from components.models import Plan
from zi_tracker.versioning import StaleEdit

from .evidence import rights
from .forms import AnswerForm, ReturnForm, StartForm
from .models import Answer, Assessment, LkeQuestion, Tier
from .page import page_context, question_context
from .services import default_framework, record_answer, start_assessment
from .tree import framework_tree


def _get(request, satker_slug, year):
    """The user's SatkerAccess and the year's assessment (or None)."""
    access = get_satker_access(request.user, satker_slug)
    assessment = (
        Assessment.objects.select_related("framework", "satker", "plan")
        .filter(satker=access.satker, year=year)
        .first()
    )
    return access, assessment


def may_answer(access, assessment, tier):
    if not assessment.tier_open(tier):
        return False
    if tier == Tier.UNIT:
        return access.can_manage
    return access.is_evaluator


@require_GET
def assessment_page(request, satker_slug, year):
    access, assessment = _get(request, satker_slug, year)
    if assessment is None:
        plan = Plan.objects.filter(satker=access.satker, year=year).select_related("framework")
        plan = plan.first()
        form = StartForm(initial={"framework": default_framework(plan)})
        context = {"access": access, "satker": access.satker, "year": year, "form": form}
        return render(request, "assessment/start.html", context)
    context = page_context(request, access, assessment)
    return render(request, "assessment/page.html", context)


@require_POST
def assessment_start(request, satker_slug, year):
    access, assessment = _get(request, satker_slug, year)
    access.require(access.can_manage)
    if assessment is not None:
        return redirect("assessment", satker_slug, year)
    form = StartForm(request.POST)
    if not form.is_valid():
        context = {"access": access, "satker": access.satker, "year": year, "form": form}
        return render(request, "assessment/start.html", context, status=400)
    plan = Plan.objects.filter(satker=access.satker, year=year).first()
    start_assessment(satker=access.satker, year=year, plan=plan, by=request.user,
                     **form.cleaned_data)  # fmt: skip
    messages.success(request, _("The LKE is started."))
    return redirect("assessment", satker_slug, year)


@require_POST
def answer(request, satker_slug, year, question_id, tier):
    access, assessment = _get(request, satker_slug, year)
    if assessment is None or tier not in Tier.values:
        raise Http404
    question = get_object_or_404(
        LkeQuestion, pk=question_id, node__framework=assessment.framework_id
    )
    if question.answer_type == "percent":
        raise Http404  # computed from its counts
    answering = may_answer(access, assessment, tier)
    if not answering:
        # A PIC of a linked plan row drafts the narrative; the answer stays the team lead's.
        tree = framework_tree(assessment.framework_id)
        shown = next(q for q in tree.questions if q.pk == question.pk)
        access.require(not question.percent_of_id and rights(access, assessment, tree)
                       .may_draft(shown, tier))  # fmt: skip
    form = AnswerForm(request.POST, question=question)
    status = 200
    if form.is_valid():
        if not answering:
            current = Answer.objects.filter(assessment=assessment, question=question, tier=tier)
            form.cleaned_data["value"] = current.values_list("value", flat=True).first() or ""
        try:
            record_answer(assessment=assessment, question=question, tier=tier,
                          by=request.user, **form.cleaned_data)  # fmt: skip
        except StaleEdit as stale:
            form.add_error(None, str(stale))
            status = 409
    else:
        status = 400
    if not request.htmx:
        if status != 200:
            for error in form.errors.values():
                messages.error(request, " ".join(error))
        return redirect(f"{assessment_url(satker_slug, year)}#q-{question.pk}")
    # htmx swaps only successful responses: a refused answer comes back as the question's
    # block with the message in it (role=alert), and nothing saved.
    context = question_context(request, access, assessment, question, tier, form, status)
    return render(request, "assessment/_answer_response.html", context)


def assessment_url(satker_slug, year):
    from django.urls import reverse

    return reverse("assessment", args=[satker_slug, year])


@require_POST
def submit(request, satker_slug, year):
    access, assessment = _get(request, satker_slug, year)
    if assessment is None:
        raise Http404
    access.require(access.is_chair)
    return _transition(request, assessment, assessment.submit, _("The LKE is submitted."))


@require_POST
def send_back(request, satker_slug, year):
    access, assessment = _get(request, satker_slug, year)
    if assessment is None:
        raise Http404
    access.require(access.is_evaluator)
    form = ReturnForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say what the unit should look at again."))
        return redirect("assessment", satker_slug, year)
    note = form.cleaned_data["note"]
    return _transition(
        request, assessment, lambda by: assessment.send_back(by=by, note=note),
        _("The LKE is returned to the unit."),
    )  # fmt: skip


@require_POST
def finalise(request, satker_slug, year):
    access, assessment = _get(request, satker_slug, year)
    if assessment is None:
        raise Http404
    access.require(access.is_evaluator)
    return _transition(request, assessment, assessment.finalise, _("The LKE is final."))


def _transition(request, assessment, action, done):
    try:
        action(by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, done)
    return redirect("assessment", assessment.satker.slug, assessment.year)


__all__ = ["PermissionDenied"]


@require_POST
def fill_from_surveys(request, satker_slug, year):
    """The team lead takes the year's IPKP and IPAK from the surveys into the unit's LKE."""
    from .survey_feed import fill_hasil_from_surveys

    access, assessment = _get(request, satker_slug, year)
    if assessment is None:
        raise Http404
    access.require(may_answer(access, assessment, Tier.UNIT))
    feed, filled = fill_hasil_from_surveys(assessment, request.user)
    if feed is None:
        messages.warning(request, _("No survey of this year has responses yet."))
    elif feed["short_of_sample"]:
        messages.warning(
            request,
            _("IPKP and IPAK are taken from the survey %(period)s, but its respondents fall "
              "short of the minimum sample (%(n)s of %(m)s).")
            % {"period": feed["survey"].period, "n": feed["respondents"], "m": feed["minimum"]},
        )  # fmt: skip
    else:
        messages.success(
            request,
            _("IPKP and IPAK are taken from the survey %(period)s.")
            % {"period": feed["survey"].period},
        )
    return redirect("assessment", access.satker.slug, year)
