"""The app's LKE score against the evaluators' own calculator: the official workbook.

Seeded random answer sets (blanks, "%" edge cases, zero wholes, parts above their wholes)
are written into copies of the official 90/2021 template with openpyxl, LibreOffice
recalculates them, and every node's score and every question's value is compared with the
app's. One difference is documented and expected: 5.iii REFORM (and the totals above it),
where the workbook averages the LHKPN part with its own question and leaves LHKASN out;
there the app's figure minus its 5.iii plus the workbook's 5.iii must equal the workbook's.
"""

import math
import random
import shutil
import subprocess
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from django.conf import settings

from assessment.models import AnswerType
from assessment.scoring import score
from tests.lke_helpers import load, node_named

pytestmark = pytest.mark.django_db

TEMPLATE = Path(settings.BASE_DIR) / "fixtures" / "lke" / "lke-90-2021.xlsx"
ROUNDS = 12


def random_answers(tree, rng, blank=0.12, zero_wholes=True):
    values = {}
    for question in tree.questions:
        kind = question.answer_type
        if kind == AnswerType.PERCENT:
            continue
        if rng.random() < blank:
            continue
        if kind == AnswerType.COUNT:
            low = 0 if zero_wholes or question.count_role not in ("whole", "last_year") else 1
            values[question.pk] = rng.choice([n for n in (0, 0, 1, 2, 3, 5, 8, 13, 20) if n >= low])
        elif kind == AnswerType.SURVEY:
            values[question.pk] = f"{rng.uniform(0, 4):.2f}"
        else:
            values[question.pk] = rng.choice(question.choices)[0]
    return values


def edge_cases(tree):
    """Answer sets aimed at the "%" rules' corners."""
    counts = [q for q in tree.questions if q.answer_type == AnswerType.COUNT]
    everything = {q.pk: q.choices[0][0] for q in tree.questions if q.choices}
    everything |= {q.pk: "3.6" for q in tree.questions if q.answer_type == AnswerType.SURVEY}
    zeros = everything | {q.pk: 0 for q in counts}  # 0/0 everywhere, no disciplinary cases
    above = everything | {q.pk: (9 if q.count_role == "part" else 3) for q in counts}
    return [zeros, above, {}]


def fill(tree, values, path):
    book = openpyxl.load_workbook(TEMPLATE)
    sheet = book["LKE ZI"]
    for question in tree.questions:
        if question.pk in values and question.excel_row:
            value = values[question.pk]
            if question.answer_type == AnswerType.SURVEY:
                value = float(value)
            sheet[f"K{question.excel_row}"] = value
    book.save(path)


def recalculate(paths, out):
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    assert soffice, "LibreOffice is missing: run scripts/system-packages test"
    subprocess.run(
        [soffice, "--headless", "--norestore", f"-env:UserInstallation=file://{out}/profile",
         "--calc", "--convert-to", "xlsx", "--outdir", str(out), *map(str, paths)],
        check=True, capture_output=True, timeout=300,
    )  # fmt: skip
    return [openpyxl.load_workbook(out / p.name, data_only=True)["LKE ZI"] for p in paths]


def number(value):
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def close(app, workbook):
    return app is not None and abs(float(app) - workbook) < 1e-9


@pytest.fixture(scope="module")
def oracle(tmp_path_factory, django_db_setup, django_db_blocker):
    """The answer sets and LibreOffice's recalculated sheet of each."""
    with django_db_blocker.unblock():
        tree = load("90/2021")
        rng = random.Random(20211231)
        sets = [random_answers(tree, rng) for _ in range(ROUNDS)]
        sets += [random_answers(tree, rng, blank=0, zero_wholes=False) for _ in range(4)]
        sets += edge_cases(tree)
        folder = tmp_path_factory.mktemp("lke")
        paths = []
        for index, values in enumerate(sets):
            path = folder / f"lke-{index:02d}.xlsx"
            fill(tree, values, path)
            paths.append(path)
        out = folder / "out"
        out.mkdir()
        return tree, sets, recalculate(paths, out)


def test_every_node_and_question_matches_the_official_workbook(oracle):
    tree, sets, sheets = oracle
    quirk = node_named(tree, "Penyampaian Laporan Harta Kekayaan", under="REFORM")
    quirk_and_above = {quirk.pk}
    node = quirk.parent_node
    while node is not None:
        quirk_and_above.add(node.pk)
        node = node.parent_node
    compared = mismatches = 0
    for values, sheet in zip(sets, sheets, strict=True):
        result = score(tree, values)
        wb_quirk = sheet[f"L{quirk.excel_row}"].value
        app_quirk = result.of(quirk).score
        for node in tree.nodes:
            expected = sheet[f"L{node.excel_row}"].value
            got = result.of(node).score
            if not number(expected):
                assert got is None or result.of(node).errors or _has_blank(result, node)
                continue
            if node.pk in quirk_and_above:
                if not number(wb_quirk):
                    continue
                got = got - (app_quirk or 0) + Decimal(repr(wb_quirk))
            compared += 1
            mismatches += not close(got, expected)
            assert close(got, expected), (node, got, expected)
        for question in tree.questions:
            if not question.is_scored or question.answer_type == AnswerType.SURVEY:
                continue
            expected = sheet[f"L{question.excel_row}"].value
            if question.node_obj.kind == "weighted":
                expected = expected / float(question.weight) if number(expected) else expected
            outcome = result.questions[question.pk]
            if number(expected):
                compared += 1
                assert close(outcome.multiplier, expected), (question, outcome, expected)
            elif isinstance(expected, str) and expected.startswith("#DIV"):
                assert outcome.error, (question, expected)
            else:
                assert outcome.multiplier is None and not outcome.error, (question, expected)
    assert compared > 1000 and mismatches == 0


def _has_blank(result, node):
    """Some sub-area below the node has no answered question: Excel's AVERAGE fails there."""
    if node.kind in ("average", "weighted"):
        own = [result.questions[q.pk] for q in node.scored_questions]
        return not any(q.multiplier is not None for q in own) or any(
            q.multiplier is None for q in own
        )
    return any(_has_blank(result, child) for child in node.child_nodes)


def test_the_workbooks_grand_total_is_the_apps_total_apart_from_5_iii(oracle):
    tree, sets, sheets = oracle
    quirk = node_named(tree, "Penyampaian Laporan Harta Kekayaan", under="REFORM")
    checked = 0
    for values, sheet in zip(sets, sheets, strict=True):
        expected, wb_quirk = sheet["L208"].value, sheet[f"L{quirk.excel_row}"].value
        if not (number(expected) and number(wb_quirk)):
            continue
        result = score(tree, values)
        got = result.total - result.of(quirk).score + Decimal(repr(wb_quirk))
        assert close(got, expected)
        checked += 1
    assert checked >= 4
