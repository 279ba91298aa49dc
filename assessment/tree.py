"""A framework's tree in memory: two queries, then kept for the process's life.

A framework version never changes once stored (loading again makes a new version), so its
tree is read once per process and reused by every page and score.
"""

import threading
from dataclasses import dataclass

from .models import LkeFramework, LkeNode, LkeQuestion

_trees = {}
_lock = threading.Lock()


@dataclass
class FrameworkTree:
    framework: LkeFramework
    roots: list  # the components, each node with .child_nodes and .scored_questions
    nodes: list  # every node, in order
    questions: list  # every question, in order (counts after their % question)

    def walk(self):
        """(node, depth) in print order."""

        def visit(node, depth):
            yield node, depth
            for child in node.child_nodes:
                yield from visit(child, depth + 1)

        for root in self.roots:
            yield from visit(root, 0)

    def path(self, node):
        """The names from the component down to the node, as the framework prints them."""
        names = []
        while node is not None:
            names.append(node.title)
            node = node.parent_node
        return names[::-1]


def framework_tree(framework):
    """The tree of `framework` (an LkeFramework or its pk). Two queries the first time."""
    pk = getattr(framework, "pk", framework)
    tree = _trees.get(pk)
    if tree is None:
        tree = _load(pk)
        with _lock:
            _trees[pk] = tree
    return tree


def _load(pk):
    framework = LkeFramework.objects.get(pk=pk)
    nodes = list(LkeNode.objects.filter(framework=pk).order_by("position"))
    questions = list(LkeQuestion.objects.filter(node__framework=pk).order_by("position"))
    by_pk = {node.pk: node for node in nodes}
    for node in nodes:
        node.child_nodes, node.scored_questions, node.all_questions = [], [], []
        node.parent_node = by_pk.get(node.parent_id)
    roots = []
    for node in nodes:
        (node.parent_node.child_nodes if node.parent_node else roots).append(node)
    question_by_pk = {question.pk: question for question in questions}
    for question in questions:
        question.counts_in_order = []
        question.node_obj = by_pk[question.node_id]
    for question in questions:
        node = by_pk[question.node_id]
        node.all_questions.append(question)
        if question.percent_of_id:
            question_by_pk[question.percent_of_id].counts_in_order.append(question)
        elif question.is_scored:
            node.scored_questions.append(question)
    return FrameworkTree(framework=framework, roots=roots, nodes=nodes, questions=questions)


def forget(framework_pk=None):
    """Drop cached trees (tests that delete frameworks)."""
    with _lock:
        if framework_pk is None:
            _trees.clear()
        else:
            _trees.pop(framework_pk, None)
