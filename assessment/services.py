"""Actions on an assessment that write an answer and its log entry together."""

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone

from components.models import display_name
from zi_tracker.versioning import StaleEdit, save_if_current

from .models import Answer, AssessmentLog, LkeFramework, Tier


def start_assessment(*, satker, year, framework, wbk_held, plan, by):
    from .models import Assessment

    with transaction.atomic():
        assessment = Assessment.objects.create(
            satker=satker, year=year, framework=framework, wbk_held=wbk_held, plan=plan
        )
        AssessmentLog.objects.create(assessment=assessment, user=by,
                                     action=AssessmentLog.Action.CREATE)  # fmt: skip
    return assessment


def default_framework(plan):
    """The LKE a year's assessment uses unless the team lead picks another: the plan's own
    framework when the app has its question list, else the newest list."""
    if plan is not None:
        framework = LkeFramework.newest(plan.framework.code)
        if framework is not None:
            return framework
    return LkeFramework.objects.order_by("-pk").first()  # the list loaded last


def record_answer(*, assessment, question, tier, value, note, by, version, refresh=True):
    """Save one tier's answer if the tier is open and nobody saved it since `version`.

    Raises PermissionDenied when the tier is closed, StaleEdit on a stale copy. Logs what
    changed (the value, the note) in the assessment's log. Returns the Answer.
    """
    if not assessment.tier_open(tier):
        raise PermissionDenied
    with transaction.atomic():
        current = Answer.objects.select_for_update().filter(
            assessment=assessment, question=question, tier=tier
        )
        existing = current.first()
        if existing is None:
            try:
                with transaction.atomic():
                    answer = Answer.objects.create(
                        assessment=assessment, question=question, tier=tier, value=value,
                        note=note, updated_by=by, version=1,
                    )  # fmt: skip
            except IntegrityError:
                existing = current.get()
                raise StaleEdit(display_name(existing.updated_by), existing.updated_at) from None
            _log(assessment, question, tier, by, "", "", value, note)
            if refresh:
                assessment.refresh_totals()
            return answer
        if existing.value == value and existing.note == note:
            return existing
        changes = {"value": value, "note": note, "updated_by": by, "updated_at": timezone.now()}
        if not save_if_current(current, version, **changes):
            raise StaleEdit(display_name(existing.updated_by), existing.updated_at)
        _log(assessment, question, tier, by, existing.value, existing.note, value, note)
        if value != existing.value and refresh:
            assessment.refresh_totals()
        return current.get()


def _log(assessment, question, tier, by, old_value, old_note, value, note):
    common = {"assessment": assessment, "user": by, "tier": tier, "question": question}
    if value != old_value:
        AssessmentLog.objects.create(action=AssessmentLog.Action.ANSWER, value=value, **common)
    if note != old_note:
        AssessmentLog.objects.create(action=AssessmentLog.Action.NOTE, note=note[:2000], **common)


def import_answers(*, assessment, tier, answers, by, file_name):
    """Record every (value, note) of an import in one transaction; log the import once."""
    if not assessment.tier_open(tier):
        raise PermissionDenied
    from .models import LkeQuestion

    questions = LkeQuestion.objects.in_bulk(list(answers))
    with transaction.atomic():
        for pk, (value, note) in answers.items():
            record_answer(assessment=assessment, question=questions[pk], tier=tier, value=value,
                          note=note, by=by, version=None, refresh=False)  # fmt: skip
        AssessmentLog.objects.create(
            assessment=assessment, user=by, tier=tier, action=AssessmentLog.Action.IMPORT,
            note=file_name[:200],
        )  # fmt: skip
        assessment.refresh_totals()
    return len(answers)


__all__ = ["Tier", "default_framework", "record_answer", "start_assessment"]
