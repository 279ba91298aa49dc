"""Which plan indicators feed which LKE sub-area, and who may therefore draft its narrative.

Until the team lead saves the links page, the links are suggested: an indicator of plan
component N (an area of change) goes to the PEMENUHAN sub-area of area N whose name is most
like its own, or, when no name is alike, to the sub-area with the indicator's own number
(1.2 -> 1.ii); an indicator of the results component goes to the results sub-component of
its number. The seed's indicators all land where its authors meant them.
"""

import re
from difflib import SequenceMatcher

from components.models import ComponentKind, Indicator
from evidence.models import Assignment

from .models import LkeNode, SubAreaLink

NAME_ALIKE = 0.6


def link_node(node):
    """The node a question's evidence and links hang on: its sub-area (a part's parent),
    or a results sub-component."""
    while node.level == LkeNode.Level.PART and node.parent_node is not None:
        node = node.parent_node
    return node


def linkable_nodes(tree):
    """Nodes with questions of their own (or their parts'), in print order."""
    result, seen = [], set()
    for question in tree.questions:
        node = link_node(question.node_obj)
        if node.pk not in seen:
            seen.add(node.pk)
            result.append(node)
    return sorted(result, key=lambda node: node.position)


def plan_indicators(plan):
    """The plan's indicators with their components, in plan order. One query."""
    if plan is None:
        return []
    return list(
        Indicator.objects.filter(component__plan=plan)
        .select_related("component")
        .order_by("component__number", "number")
    )


def _words(text):
    return " ".join(re.findall(r"[a-z0-9]+", text.lower()))


def suggest(tree, indicators):
    """{node pk: [indicator pk, ...]} as the module docstring says."""
    nodes = linkable_nodes(tree)
    first_sub_component = next((n for n in tree.nodes if n.level == "sub_component"), None)
    pemenuhan = [n for n in nodes if _under(n, first_sub_component) and n.area_number]
    results = [n for n in nodes if n.level == "sub_component" and _is_result(n)]
    links = {}
    for indicator in indicators:
        if indicator.component.kind == ComponentKind.HASIL:
            candidates = results
        else:
            candidates = [n for n in pemenuhan if n.area_number == indicator.component.number]
        node = _best(indicator, candidates)
        if node is not None:
            links.setdefault(node.pk, []).append(indicator.pk)
    return links


def _under(node, ancestor):
    while node is not None:
        if node is ancestor:
            return True
        node = node.parent_node
    return False


def _is_result(node):
    root = node
    while root.parent_node is not None:
        root = root.parent_node
    return "HASIL" in root.name.upper()


def _best(indicator, candidates):
    if not candidates:
        return None
    name = _words(indicator.name)
    scored = [(SequenceMatcher(None, name, _words(n.name)).ratio(), n) for n in candidates]
    ratio, node = max(scored, key=lambda pair: pair[0])
    if ratio >= NAME_ALIKE:
        return node
    if 1 <= indicator.number <= len(candidates):
        return candidates[indicator.number - 1]
    return None


def links_of(assessment, tree, indicators):
    """{node pk: [indicator pk, ...]}: the saved links, or the suggestion. At most one query."""
    if not assessment.links_edited:
        return suggest(tree, indicators)
    links = {}
    for node_id, indicator_id in SubAreaLink.objects.filter(assessment=assessment).values_list(
        "node_id", "indicator_id"
    ):
        links.setdefault(node_id, []).append(indicator_id)
    return links


def pic_indicator_ids(user, plan):
    """Indicators of the plan the user is PIC of (of the indicator or one of its steps)."""
    if plan is None:
        return set()
    return set(
        Assignment.objects.filter(user=user, indicator__component__plan=plan).values_list(
            "indicator_id", flat=True
        )
    )


def drafting_nodes(links, indicator_ids):
    """Node pks whose narrative a PIC of `indicator_ids` may draft."""
    return {node for node, linked in links.items() if indicator_ids.intersection(linked)}
