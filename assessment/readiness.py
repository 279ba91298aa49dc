"""How far a score is from WBK and WBBM, and which answers would close the gap.

The thresholds of PermenPANRB 90/2021, as Ditjen Badilum restated them to every court
(letter 293/DJU/OT.01.3/3/2022); the 2026 list is scored against the same table. WBBM
asks for higher figures than WBK on every line, and for the WBK predicate already held.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from .models import AnswerType, LkeQuestion, NodeKind
from .scoring import ZERO

D = Decimal
HasilRole = LkeQuestion.HasilRole

THRESHOLDS = {
    "WBK": {"total": D("75"), "pengungkit": D("40"), "area": D("60"), "bersih": D("18.25"),
            "ipak": D("15.75"), "capaian": D("2.50"), "ipkp": D("14.00")},
    "WBBM": {"total": D("85"), "pengungkit": D("48"), "area": D("75"), "bersih": D("19.50"),
             "ipak": D("15.75"), "capaian": D("3.75"), "ipkp": D("15.75")},
}  # fmt: skip


@dataclass
class Criterion:
    key: str
    label: str
    value: Decimal | None
    bar: Decimal
    unit: str = ""  # "%" for the areas

    @property
    def met(self):
        return self.value is not None and self.value >= self.bar

    @property
    def gap(self):
        return None if self.met else self.bar - (self.value or ZERO)


@dataclass
class Predicate:
    name: str
    criteria: list = field(default_factory=list)

    @property
    def met(self):
        return all(c.met for c in self.criteria)

    @property
    def failing(self):
        return [c for c in self.criteria if not c.met]


@dataclass
class Gain:
    question: object
    node: object
    gain: Decimal
    best: str
    closes: list  # criterion keys this answer alone would make met


@dataclass
class Readiness:
    wbk: Predicate
    wbbm: Predicate
    helps: list

    @property
    def predicates(self):
        return [self.wbk, self.wbbm]

    @property
    def verdict(self):
        if self.wbbm.met:
            return "WBBM"
        if self.wbk.met:
            return "WBK"
        return ""


def hasil_values(tree, score):
    """{role: the question's score (multiplier x weight)} for IPAK, capaian, IPKP."""
    values = {}
    for question in tree.questions:
        if question.hasil_role:
            multiplier = score.questions[question.pk].multiplier
            value = None if multiplier is None else multiplier * question.weight
            values[question.hasil_role] = value
            if question.hasil_role == HasilRole.IPAK:
                values["bersih"] = score.nodes[question.node_id].score
    return values


def area_percents(tree, score):
    """{area number: (name, % of its weight)} adding each area's pemenuhan and reform."""
    totals = {}
    for node in tree.nodes:
        if node.level == node.Level.AREA:
            name, got, weight = totals.get(node.area_number, (node.name, ZERO, ZERO))
            value = score.nodes[node.pk].score
            totals[node.area_number] = (name, got + (value or ZERO), weight + node.weight)
    return {n: (name, got / weight * 100) for n, (name, got, weight) in totals.items()}


def _criteria(tree, score, bars, wbk_held):
    hasil = hasil_values(tree, score)
    criteria = [
        Criterion("total", _("Total score"), score.total, bars["total"]),
        Criterion("pengungkit", _("Pengungkit (enablers)"), score.pengungkit, bars["pengungkit"]),
    ]
    for number, (name, percent) in sorted(area_percents(tree, score).items()):
        criteria.append(Criterion(f"area{number}", f"{number}. {name}", percent, bars["area"], "%"))
    criteria += [
        Criterion(
            "bersih", _("Clean and accountable bureaucracy"), hasil.get("bersih"), bars["bersih"]
        ),  # fmt: skip
        Criterion("ipak", _("IPAK (anti-corruption perception)"), hasil.get("ipak"), bars["ipak"]),
        Criterion("capaian", _("Capaian kinerja"), hasil.get("capaian"), bars["capaian"]),
        Criterion("ipkp", _("IPKP (service quality perception)"), hasil.get("ipkp"), bars["ipkp"]),
    ]
    if wbk_held is not None:
        criteria.append(Criterion("wbk_held", _("WBK already held"), D(int(wbk_held)), D(1)))
    return criteria


def readiness(tree, score, wbk_held=False, limit=10):
    """WBK and WBBM criteria for `score`, and the answers that would help most."""
    wbk = Predicate("WBK", _criteria(tree, score, THRESHOLDS["WBK"], None))
    wbbm = Predicate("WBBM", _criteria(tree, score, THRESHOLDS["WBBM"], wbk_held))
    target = wbk if not wbk.met else wbbm
    failing = {c.key: c for c in target.failing}
    return Readiness(wbk, wbbm, helps=_gains(tree, score, failing)[:limit])


def _best_answer(question):
    if question.answer_type == AnswerType.SURVEY:
        return "4"
    if question.answer_type == AnswerType.PERCENT:
        return "100%"
    return max(question.choices, key=lambda choice: D(str(choice[1])))[0]


def _best_multiplier(question):
    if question.answer_type in (AnswerType.SURVEY, AnswerType.PERCENT):
        return D(1)
    return max(question.multipliers().values())


def _gains(tree, score, failing):
    """Each scored question whose best answer would raise the total, most helpful first:
    those that would close a failing criterion on their own, then by points gained."""
    area_weights = {}
    for node in tree.nodes:
        if node.level == node.Level.AREA:
            area_weights[node.area_number] = area_weights.get(node.area_number, ZERO) + node.weight
    hasil_root = tree.roots[-1]
    gains = []
    for node in tree.nodes:
        if node.kind == NodeKind.SUM:
            continue
        results = [score.questions[q.pk] for q in node.scored_questions]
        for question, result in zip(node.scored_questions, results, strict=True):
            best = _best_multiplier(question)
            if result.multiplier is not None and result.multiplier >= best:
                continue
            gain = _node_gain(node, results, result, best)
            if gain <= 0:
                continue
            in_hasil = _is_below(node, hasil_root)
            closes = [
                key
                for key, criterion in failing.items()
                if _closes(key, criterion, gain, node, question, in_hasil, area_weights)
            ]
            gains.append(Gain(question, node, gain, _best_answer(question), closes))
    gains.sort(key=lambda g: (-len(g.closes), -g.gain, g.question.position))
    return gains


def _is_below(node, ancestor):
    while node is not None:
        if node is ancestor:
            return True
        node = node.parent_node
    return False


def _node_gain(node, results, result, best):
    """How much the node's score, and so the total, rises if the question scores `best`."""
    if node.kind == NodeKind.WEIGHTED:
        return (best - (result.multiplier or ZERO)) * result.question.weight
    current = [r.multiplier for r in results if r.multiplier is not None]
    others = [r.multiplier for r in results if r.multiplier is not None and r is not result]
    old = sum(current, ZERO) / len(current) * node.weight if current else ZERO
    new = (sum(others, ZERO) + best) / (len(others) + 1) * node.weight
    return new - old


def _closes(key, criterion, gain, node, question, in_hasil, area_weights):
    """Would this gain alone make the failing criterion met?"""
    if key == "total" or (key == "pengungkit" and not in_hasil):
        return gain >= criterion.gap
    if key.startswith("area") and node.area_number == int(key[4:] or 0):
        return gain / area_weights[node.area_number] * 100 >= criterion.gap
    if key == "bersih" and question.hasil_role in (HasilRole.IPAK, HasilRole.CAPAIAN):
        return gain >= criterion.gap
    return key == question.hasil_role and gain >= criterion.gap
