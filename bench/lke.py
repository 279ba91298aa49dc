"""Time the LKE: the page and one answer change, at 127 and at 1,270 questions.

    .venv/bin/python bench/lke.py [repeats]

Prints medians and ratios measured in the same run (the machines are shared and noisy;
the query counts are pinned by the tests instead): the 1,270-question page against the
127-question one, and scoring 127 questions against rendering the page that shows them
(the score must not cost more than the page).
"""

import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ["DJANGO_SETTINGS_MODULE"] = "tests.settings"
os.environ["DATABASE_URL"] = "sqlite:///:memory:"

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

from assessment.models import Assessment, LkeFramework  # noqa: E402
from assessment.scoring import score  # noqa: E402
from assessment.tree import framework_tree  # noqa: E402
from tests.factories import make_satker, make_user  # noqa: E402
from tests.lke_helpers import best_answers  # noqa: E402


def median(action, repeats):
    action()  # warm up
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def ten_times(source):
    data = json.loads(source.read_text(encoding="utf-8"))

    def grow(node):
        soals = node.get("soals") or []
        if soals and not any(str(q["jenis_jawaban"]).lower() == "jumlah" for q in soals):
            node["soals"] = [dict(q, excel_baris=q["excel_baris"] * 100 + i)
                             for i in range(10) for q in soals]  # fmt: skip
        for child in node.get("children") or []:
            grow(child)

    for root in data["data"]:
        grow(root)
    path = Path(tempfile.mkdtemp()) / "lke-10x.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def setup(code, slug, lead):
    framework = LkeFramework.newest(code)
    satker = make_satker(slug)
    assessment = Assessment.objects.create(satker=satker, year=2026, framework=framework)
    tree = framework_tree(framework)
    from assessment.services import record_answer

    for pk, value in best_answers(tree).items():
        question = next(q for q in tree.questions if q.pk == pk)
        record_answer(assessment=assessment, question=question, tier="unit", value=str(value),
                      note="", by=lead, version=None, refresh=False)  # fmt: skip
    assessment.refresh_totals()
    from components.models import Membership

    Membership.objects.create(user=lead, satker=satker, role="ketua_tim")
    return assessment, tree


def main():
    repeats = int(sys.argv[1]) if len(sys.argv) > 1 else 9
    setup_test_environment()
    call_command("migrate", verbosity=0)
    call_command("load_lke_framework", builtin=True, verbosity=0)
    call_command("load_lke_framework", str(ten_times(ROOT / "fixtures/lke/lke-zi-2026.json")),
                 code="10x", verbosity=0)  # fmt: skip
    lead = make_user("bench-lead")
    client = Client()
    client.force_login(lead)
    results = {}
    for code, slug in (("2026", "pn-kecil"), ("10x", "pn-besar")):
        assessment, tree = setup(code, slug, lead)
        url = f"/assessment/{slug}/2026/"
        question = next(q for q in tree.questions if q.choices)
        first, second = question.choices[0][0], question.choices[1][0]
        values = iter([second, first] * (repeats + 2))
        page = median(lambda url=url: client.get(url), repeats)
        change = median(
            lambda url=url, q=question, values=values: client.post(
                f"{url}q/{q.pk}/unit/", {"value": next(values)}, HTTP_HX_REQUEST="true"),
            repeats,
        )  # fmt: skip
        answers = best_answers(tree)
        scoring = median(lambda tree=tree, answers=answers: score(tree, answers), repeats)
        results[code] = (len(tree.questions), page, change, scoring)
        print(f"{code:>5}: {len(tree.questions):5d} questions  page {page * 1000:7.1f} ms  "
              f"answer {change * 1000:7.1f} ms  score {scoring * 1000:6.2f} ms")  # fmt: skip
    small, large = results["2026"], results["10x"]
    print(f"page 1,270 / 127 questions:         {large[1] / small[1]:6.1f}x")
    print(f"answer change 1,270 / 127:          {large[2] / small[2]:6.1f}x")
    print(f"score of 127 / the page showing it: {small[3] / small[1]:6.2f}  (must stay below 1)")


if __name__ == "__main__":
    main()
