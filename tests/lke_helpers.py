"""Frameworks and answer sets for the LKE tests."""

from django.core.management import call_command

from assessment.models import AnswerType, LkeFramework, LkeQuestion
from assessment.tree import forget, framework_tree

Role = LkeQuestion.CountRole


def load(code="90/2021"):
    """The shipped framework's tree (loaded for the run by conftest; again after a test
    that empties the database)."""
    if not LkeFramework.objects.filter(code=code).exists():
        forget()
        call_command("load_lke_framework", builtin=True, verbosity=0)
    return framework_tree(LkeFramework.newest(code))


def node_named(tree, name, under=None):
    """The node whose name starts with `name` (below the node named `under`, if given)."""
    for node in tree.nodes:
        if node.name.startswith(name) and (under is None or _below(node, under)):
            return node
    raise LookupError(name)


def _below(node, name):
    node = node.parent_node
    while node is not None:
        if node.name.startswith(name):
            return True
        node = node.parent_node
    return False


def answer(node, *values):
    """{pk: value} answering the node's scored questions in order."""
    return {q.pk: v for q, v in zip(node.scored_questions, values, strict=True) if v is not None}


def best_counts(question, whole=10, this_year=0):
    wholes = sum(count.count_role == Role.WHOLE for count in question.counts_in_order)
    values = {}
    for count in question.counts_in_order:
        values[count.pk] = {
            Role.WHOLE: whole,
            Role.PART: whole * wholes,
            Role.LAST_YEAR: 0,
            Role.THIS_YEAR: this_year,
        }.get(count.count_role, 0)
    return values


def best_answers(tree, survey="4"):
    """Every question at its best; no disciplinary cases; surveys at `survey`."""
    values = {}
    for question in tree.questions:
        kind = question.answer_type
        if kind == AnswerType.PERCENT:
            values |= best_counts(question)
        elif kind == AnswerType.SURVEY:
            values[question.pk] = survey
        elif question.choices:
            values[question.pk] = question.choices[0][0]
    return values
