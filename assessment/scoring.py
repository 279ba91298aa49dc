"""The LKE score, exactly as the evaluators' workbook computes it.

Each answered question has a multiplier (Ya 1, Tidak 0; A/B/C 1, 0.5, 0; A-D 1, 0.67,
0.33, 0; A-E 1, 0.75, 0.5, 0.25, 0; a "%" question the ratio of its counts, at most 1; a
survey value / 4). A sub-area's score is the mean of its answered questions' multipliers x
its weight (an unanswered question is left out of the mean, as Excel's AVERAGE skips
"Blm Diisi"); the results' sub-components sum each question's multiplier x its weight;
every other node sums its children. Decimal throughout; nothing is rounded until shown.

Where the official workbook differs from the regulation (5.iii REFORM, the LHKPN and
LHKASN parts), this follows the regulation and the node's note says so.
"""

from dataclasses import dataclass, field
from decimal import Decimal, DivisionByZero, InvalidOperation

from django.utils.translation import gettext_lazy as _

from .models import AnswerType, NodeKind, PercentRule

ZERO, ONE, FOUR = Decimal(0), Decimal(1), Decimal(4)


class ZeroWhole(Exception):
    """A "%" question whose whole is 0: an error to show on it, never a score."""


@dataclass
class QuestionResult:
    question: object
    multiplier: Decimal | None = None  # None: unanswered (or in error)
    error: str = ""


@dataclass
class NodeResult:
    node: object
    score: Decimal | None = None
    errors: int = 0  # questions in error below it
    answered: int = 0
    questions: int = 0

    @property
    def weight(self):
        return self.node.weight

    @property
    def percent(self):
        if self.score is None or not self.node.weight:
            return None
        return self.score / self.node.weight * 100


@dataclass
class Score:
    """Every node's and question's result for one tier's answers."""

    framework: object
    nodes: dict = field(default_factory=dict)  # node pk -> NodeResult
    questions: dict = field(default_factory=dict)  # question pk -> QuestionResult
    roots: list = field(default_factory=list)

    def of(self, node):
        return self.nodes[node.pk]

    @property
    def total(self):
        scores = [self.nodes[root.pk].score for root in self.roots]
        known = [s for s in scores if s is not None]
        return sum(known, ZERO) if known else None

    def component(self, index):
        return self.nodes[self.roots[index].pk].score

    @property
    def pengungkit(self):
        return self.component(0)

    @property
    def hasil(self):
        return self.component(1)


def parse_count(value):
    """A count as entered: a whole number, 0 or more; None if blank or not one."""
    text = "" if value is None else str(value).strip().replace(".", "").replace(",", "")
    if not text.isdigit():
        return None
    return int(text)


def parse_survey(value):
    """A survey value 0-4 (comma or point as decimal mark); None if blank or outside."""
    try:
        number = Decimal("" if value is None else str(value).strip().replace(",", "."))
    except InvalidOperation:
        return None
    if not number.is_finite() or not ZERO <= number <= FOUR:
        return None
    return number


def question_multiplier(question, answers):
    """The multiplier of one question given {question pk: value}; None if unanswered.

    Raises ZeroWhole for a "%" question whose whole is 0.
    """
    kind = question.answer_type
    if kind == AnswerType.PERCENT:
        return _percent(question, answers)
    value = answers.get(question.pk, "")
    if kind == AnswerType.SURVEY:
        number = parse_survey(value)
        return None if number is None else number / FOUR
    if kind == AnswerType.COUNT:
        return None
    return question.multipliers().get(str(value).strip())


def _percent(question, answers):
    from .models import LkeQuestion

    roles = LkeQuestion.CountRole
    values = {}
    for count in question.counts_in_order:
        number = parse_count(answers.get(count.pk))
        if number is None and count.required:
            return None  # "Blm Diisi": a count it needs is missing
        values.setdefault(count.count_role, []).append(number or 0)
    if question.rule == PercentRule.DECREASE:
        last, this = values[roles.LAST_YEAR][0], values[roles.THIS_YEAR][0]
        if last == 0 and this == 0:
            return ONE
        if last == 0:
            raise ZeroWhole
        return max(ZERO, Decimal(last - this) / Decimal(last))
    whole = sum(values.get(roles.WHOLE, []))
    part = sum(values.get(roles.PART, []))
    if whole == 0:
        raise ZeroWhole
    return min(ONE, Decimal(part) / Decimal(whole))


def score(tree, answers):
    """Score `tree` (assessment.tree.FrameworkTree) for {question pk: value}."""
    result = Score(framework=tree.framework, roots=tree.roots)
    for question in tree.questions:
        if not question.is_scored:
            continue
        outcome = QuestionResult(question)
        try:
            outcome.multiplier = question_multiplier(question, answers)
        except (ZeroWhole, DivisionByZero):
            outcome.error = str(_("The whole is 0: this percentage cannot be computed."))
        result.questions[question.pk] = outcome
    for root in tree.roots:
        _score_node(root, result)
    return result


def _score_node(node, result):
    outcome = NodeResult(node)
    own = [result.questions[q.pk] for q in node.scored_questions]
    outcome.questions = len(own)
    outcome.answered = sum(q.multiplier is not None for q in own)
    outcome.errors = sum(bool(q.error) for q in own)
    if node.kind == NodeKind.AVERAGE:
        known = [q.multiplier for q in own if q.multiplier is not None]
        if known:
            outcome.score = sum(known, ZERO) / len(known) * node.weight
    elif node.kind == NodeKind.WEIGHTED:
        known = [q.multiplier * q.question.weight for q in own if q.multiplier is not None]
        if known:
            outcome.score = sum(known, ZERO)
    else:
        children = [_score_node(child, result) for child in node.child_nodes]
        known = [child.score for child in children if child.score is not None]
        outcome.score = sum(known, ZERO) if known else None
        for child in children:
            outcome.questions += child.questions
            outcome.answered += child.answered
            outcome.errors += child.errors
    result.nodes[node.pk] = outcome
    return outcome
