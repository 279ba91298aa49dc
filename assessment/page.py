"""What the LKE page shows: the tree with both tiers' answers and scores, and readiness.

Queries: the satker and membership (access), the assessment, every answer of both tiers
(one), the log's newest entries (one); the framework's tree is read once per process.
"""

from dataclasses import dataclass

from django.urls import reverse

from .evidence import evidence_by_question, rights
from .models import AnswerType, AssessmentLog, NodeKind, Tier
from .report import tier_score


@dataclass
class QuestionRow:
    question: object
    unit: object  # Answer or None
    tpi: object
    unit_result: object  # QuestionResult or None (counts have none)
    tpi_result: object
    counts: list  # QuestionRow of a % question's counts
    evidence: dict  # tier -> [QuestionEvidence]
    draft: dict  # tier -> may write the narrative/note and attach evidence
    answer_unit: bool = False  # may choose the unit's answer (not only draft its narrative)

    @property
    def differs(self):
        """The unit's and the evaluators' answers differ (both answered)."""
        if self.question.answer_type == AnswerType.PERCENT:
            return any(count.differs for count in self.counts)
        mine, theirs = (a.value if a else "" for a in (self.unit, self.tpi))
        return bool(mine and theirs and mine != theirs)

    @property
    def has_evidence(self):
        return bool(self.evidence[Tier.UNIT])

    @property
    def note_only_unit(self):
        """A PIC drafting the narrative: the note, not the answer."""
        return self.draft[Tier.UNIT] and not self.answer_unit


def _answers(assessment):
    by_tier = {Tier.UNIT: {}, Tier.TPI: {}}
    for answer in assessment.answers.all():
        by_tier[answer.tier][answer.question_id] = answer
    return by_tier


def _question_row(question, answers, scores, evidence, may):
    unit, tpi = answers[Tier.UNIT].get(question.pk), answers[Tier.TPI].get(question.pk)
    counts = [_question_row(c, answers, scores, evidence, may) for c in question.counts_in_order]
    return QuestionRow(
        question, unit, tpi,
        scores[Tier.UNIT].score.questions.get(question.pk),
        scores[Tier.TPI].score.questions.get(question.pk),
        counts,
        {tier: evidence.get((question.pk, tier), []) for tier in Tier},
        {tier: may.may_draft(question, tier) for tier in Tier},
        may.answer_unit,
    )  # fmt: skip


def permissions(access, assessment):
    status = assessment.status
    return {
        "answer_unit": access.can_manage and assessment.tier_open(Tier.UNIT),
        "answer_tpi": access.is_evaluator and assessment.tier_open(Tier.TPI),
        "submit": access.is_chair and assessment.tier_open(Tier.UNIT),
        "review": access.is_evaluator and status == assessment.Status.SUBMITTED,
        "show_tpi": status != assessment.Status.DRAFT or access.is_evaluator,
        # an evaluator before the chair submits: told why there is nothing to score yet
        "tpi_waits": access.is_evaluator and assessment.tier_open(Tier.UNIT),
    }


def _scores(assessment, answers):
    values = {tier: {pk: a.value for pk, a in answers[tier].items() if a.value} for tier in Tier}
    return {tier: tier_score(assessment, tier, values[tier]) for tier in Tier}


def lke_url(assessment):
    """The page's address: templates build the many per-question URLs on it (a reverse()
    per question and tier costs more than the rest of a 1,270-question page)."""
    return reverse("assessment", args=[assessment.satker.slug, assessment.year])


def page_context(request, access, assessment):
    answers = _answers(assessment)
    scores = _scores(assessment, answers)
    tree = scores[Tier.UNIT].tree
    evidence, may = evidence_by_question(assessment), rights(access, assessment, tree)
    rows = []
    for node, depth in tree.walk():
        questions = []
        if node.kind != NodeKind.SUM:
            questions = [_question_row(q, answers, scores, evidence, may)
                         for q in node.scored_questions]  # fmt: skip
        rows.append({"node": node, "depth": depth, "questions": questions,
                     "unit": scores[Tier.UNIT].score.of(node),
                     "tpi": scores[Tier.TPI].score.of(node)})  # fmt: skip
    return {
        "access": access,
        "assessment": assessment,
        "lke_url": lke_url(assessment),
        "satker": assessment.satker,
        "rows": rows,
        "unit": scores[Tier.UNIT],
        "tpi": scores[Tier.TPI],
        "can": permissions(access, assessment),
        "log": list(
            AssessmentLog.objects.filter(assessment=assessment).select_related("user", "question")[
                :15
            ]
        ),  # fmt: skip
        "without_evidence": sum(1 for r in rows for q in r["questions"] if not q.has_evidence),
        "unanswered": sum(
            1
            for r in rows
            for q in r["questions"]
            if not q.unit_result or q.unit_result.multiplier is None
        ),  # fmt: skip
    }


def question_context(request, access, assessment, question, tier, form, status):
    """The answered question's block again, with the scores above it, for htmx."""
    answers = _answers(assessment)
    scores = _scores(assessment, answers)
    tree = scores[Tier.UNIT].tree
    shown = question
    if question.percent_of_id:
        shown = next(q for q in tree.questions if q.pk == question.percent_of_id)
    else:
        shown = next(q for q in tree.questions if q.pk == question.pk)
    ancestors, node = [], shown.node_obj
    while node is not None:
        ancestors.append({"node": node, "unit": scores[Tier.UNIT].score.of(node),
                          "tpi": scores[Tier.TPI].score.of(node)})  # fmt: skip
        node = node.parent_node
    return {
        "access": access,
        "assessment": assessment,
        "satker": assessment.satker,
        "lke_url": lke_url(assessment),
        "q": _question_row(
            shown,
            answers,
            scores,
            evidence_by_question(assessment, shown),
            rights(access, assessment, tree),
        ),
        "ancestors": ancestors,
        "unit": scores[Tier.UNIT],
        "tpi": scores[Tier.TPI],
        "can": permissions(access, assessment),
        "form": form,
        "error_for": question.pk if form.errors else None,
        "oob": True,
    }
