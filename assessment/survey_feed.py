"""The LKE's hasil from the surveys: the IPKP and IPAK of the year's latest survey with
responses fill the unit's survey questions, with the survey named as their source and a
warning when respondents fall short of the minimum sample (surveys sits below assessment)."""

from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from surveys.results import period_results_for_lke

from .models import Answer, AnswerType, LkeQuestion, Tier
from .services import record_answer

ROLES = {LkeQuestion.HasilRole.IPKP: "ipkp", LkeQuestion.HasilRole.IPAK: "ipak"}


def survey_source(feed):
    """How the answer names its source: "Survei 2021-Q4: 180 responden (minimum 169)"."""
    text = _("Survey %(period)s: %(n)s respondents") % {
        "period": feed["survey"].period,
        "n": feed["respondents"],
    }
    if feed["minimum"]:
        text += " " + _("(minimum sample %(m)s)") % {"m": feed["minimum"]}
    if feed["short_of_sample"]:
        text += " · " + _("short of the minimum sample")
    return text


def fill_hasil_from_surveys(assessment, by):
    """Answer the unit's IPKP and IPAK questions from the surveys. Returns the feed (None
    when the year has no survey with responses) and the questions filled."""
    feed = period_results_for_lke(assessment.satker, assessment.year)
    if feed is None:
        return None, []
    questions = LkeQuestion.objects.filter(
        node__framework=assessment.framework,
        hasil_role__in=list(ROLES),
        answer_type=AnswerType.SURVEY,
    )
    filled = []
    source = survey_source(feed)
    with transaction.atomic():
        for question in questions:
            value = feed[ROLES[question.hasil_role]]
            if value is None:
                continue
            shown = Decimal(str(value)).quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP)
            answer = record_answer(
                assessment=assessment, question=question, tier=Tier.UNIT, value=str(shown),
                note=_answer_note(question, assessment), by=by, version=None,
            )  # fmt: skip
            Answer.objects.filter(pk=answer.pk).update(source=source[:300])
            filled.append(question)
    return feed, filled


def _answer_note(question, assessment):
    existing = Answer.objects.filter(
        assessment=assessment, question=question, tier=Tier.UNIT
    ).first()
    return existing.note if existing else ""
