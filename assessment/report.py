"""One tier's score of an assessment, as data: for the page, the PDF and `lke_score`."""

from dataclasses import dataclass

from .readiness import readiness
from .scoring import score
from .tree import framework_tree


@dataclass
class TierScore:
    tree: object
    answers: dict
    score: object
    readiness: object


def tier_score(assessment, tier, answers=None):
    """Score and readiness of the assessment's `tier` (answers given, or read: one query)."""
    tree = framework_tree(assessment.framework_id)
    answers = assessment.answers_of(tier) if answers is None else answers
    result = score(tree, answers)
    ready = readiness(tree, result, wbk_held=assessment.wbk_held)
    return TierScore(tree, answers, result, ready)


def _number(value):
    return None if value is None else float(value)


def as_json(assessment, tier):
    """The shape `lke_score --json` prints: unrounded scores, null where unanswered."""
    ts = tier_score(assessment, tier)
    result, tree = ts.score, ts.tree
    return {
        "framework": assessment.framework.code,
        "tier": tier,
        "total": _number(result.total),
        "pengungkit": _number(result.pengungkit),
        "hasil": _number(result.hasil),
        "nodes": [
            {
                "path": tree.path(node),
                "weight": _number(node.weight),
                "score": _number(result.of(node).score),
            }
            for node, _depth in tree.walk()
        ],  # fmt: skip
        "readiness": {
            "verdict": ts.readiness.verdict or None,
            **{
                predicate.name.lower(): {
                    "met": predicate.met,
                    "criteria": [
                        {
                            "key": c.key,
                            "label": str(c.label),
                            "value": _number(c.value),
                            "bar": _number(c.bar),
                            "met": c.met,
                            "gap": _number(c.gap),
                        }
                        for c in predicate.criteria
                    ],  # fmt: skip
                }
                for predicate in (ts.readiness.wbk, ts.readiness.wbbm)
            },
            "helps": [
                {
                    "question": h.question.text,
                    "path": tree.path(h.node),
                    "best": h.best,
                    "gain": _number(h.gain),
                    "closes": h.closes,
                }
                for h in ts.readiness.helps
            ],  # fmt: skip
        },
    }
