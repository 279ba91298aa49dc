"""The LKE score as the evaluators compute it: the published figures, and the usual mistakes."""

from decimal import Decimal

import pytest

from assessment.readiness import readiness
from assessment.scoring import score
from tests.lke_helpers import answer, best_answers, best_counts, load, node_named

pytestmark = pytest.mark.django_db
D = Decimal


def q2(value):
    return value.quantize(D("0.01"))


@pytest.fixture
def tree():
    return load("90/2021")


def pemenuhan_mp(tree):
    """PN Serang 2022's answers to Manajemen Perubahan (pemenuhan)."""
    mp = "MANAJEMEN PERUBAHAN"
    values = answer(node_named(tree, "Penyusunan Tim Kerja"), "Ya", "A")
    values |= answer(node_named(tree, "Rencana Pembangunan Zona Integritas"), "Ya", "C", "A")
    values |= answer(node_named(tree, "Pemantauan dan Evaluasi", under=mp), "A", "A", "A")
    values |= answer(node_named(tree, "Perubahan pola pikir"), "Ya", "A", "A", "A")
    return values


def test_pn_serang_penyusunan_tim_kerja_and_rencana_pembangunan(tree):
    result = score(tree, pemenuhan_mp(tree))
    team = result.of(node_named(tree, "Penyusunan Tim Kerja"))
    plan = result.of(node_named(tree, "Rencana Pembangunan Zona Integritas"))
    assert team.score == D("0.5")
    assert q2(plan.score) == D("0.67") and q2(plan.percent) == D("66.67")
    assert plan.score == D(2) / D(3)  # not rounded before it is shown


def test_pn_serang_manajemen_perubahan_pemenuhan(tree):
    result = score(tree, pemenuhan_mp(tree))
    area = result.of(node_named(tree, "MANAJEMEN PERUBAHAN", under="PEMENUHAN"))
    assert q2(area.score) == D("3.67") and q2(area.percent) == D("91.67")


def test_pn_sawahlunto_every_answer_at_its_best_gives_pengungkit_60(tree):
    result = score(tree, best_answers(tree))
    assert result.pengungkit == D(60)
    assert result.total == D(100)


@pytest.mark.parametrize(
    ("question", "survey", "expected"),
    [("Persepsi Korupsi", "3.60", "15.75"), ("Kualitas Pelayanan", "3.20", "14.00"),
     ("Kualitas Pelayanan", "3.60", "15.75")],
)  # fmt: skip
def test_badilum_letter_293_survey_values(tree, question, survey, expected):
    target = next(q for q in tree.questions if question in q.text)
    result = score(tree, {target.pk: survey})
    assert result.questions[target.pk].multiplier * target.weight == D(expected)


def test_an_unanswered_question_is_left_out_of_its_sub_areas_mean(tree):
    plan = node_named(tree, "Rencana Pembangunan Zona Integritas")
    result = score(tree, answer(plan, "Ya", None, None))
    assert result.of(plan).score == D(1)  # not 1/3: blanks are not zeros
    assert result.of(plan).answered == 1


def test_a_zero_whole_is_an_error_on_its_question_never_a_score(tree):
    agents = next(q for q in tree.questions if q.text.startswith("Agen perubahan telah"))
    values = best_counts(agents, whole=0)
    result = score(tree, values)
    assert result.questions[agents.pk].multiplier is None
    assert "0" in result.questions[agents.pk].error
    assert result.of(agents.node_obj).errors == 1


def test_no_disciplinary_cases_either_year_scores_1_and_more_cases_score_0(tree):
    discipline = next(q for q in tree.questions if q.text.startswith("Penurunan pelanggaran"))
    last, this, sanctioned = discipline.counts_in_order
    none = score(tree, {last.pk: 0, this.pk: 0, sanctioned.pk: 0})
    assert none.questions[discipline.pk].multiplier == 1
    worse = score(tree, {last.pk: 2, this.pk: 5, sanctioned.pk: 5})
    assert worse.questions[discipline.pk].multiplier == 0
    better = score(tree, {last.pk: 4, this.pk: 1, sanctioned.pk: 1})
    assert better.questions[discipline.pk].multiplier == D("0.75")
    missing = score(tree, {last.pk: 4, this.pk: 1})  # the sanctions count is asked too
    assert missing.questions[discipline.pk].multiplier is None


def test_a_part_above_its_whole_is_capped_and_the_lhkpn_whole_is_a_sum(tree):
    lhkpn = next(q for q in tree.questions if q.text == "Persentase penyampaian LHKPN")
    wholes = [c for c in lhkpn.counts_in_order if c.count_role == "whole"]
    part = next(c for c in lhkpn.counts_in_order if c.count_role == "part")
    values = {wholes[0].pk: 1, wholes[1].pk: 2, wholes[2].pk: 1, part.pk: 3}
    assert score(tree, values).questions[lhkpn.pk].multiplier == D(3) / D(4)
    values[part.pk] = 9
    assert score(tree, values).questions[lhkpn.pk].multiplier == 1


def test_5_iii_reform_is_lhkpn_plus_lhkasn_as_the_regulation_weighs_it(tree):
    node = node_named(tree, "Penyampaian Laporan Harta Kekayaan", under="REFORM")
    assert [child.weight for child in node.child_nodes] == [1, 1] and node.weight == 2
    lhkpn, lhkasn = (child.scored_questions[0] for child in node.child_nodes)
    values = best_counts(lhkpn) | best_counts(lhkasn, whole=4)
    part = next(c for c in lhkasn.counts_in_order if c.count_role == "part")
    values[part.pk] = 2
    result = score(tree, values)
    assert result.of(node).score == D(1) + D("0.5")
    assert "LHKASN" in node.note


# --- the ways other ZI apps get it wrong -----------------------------------------------


def test_wbbm_uses_its_own_higher_bars_not_wbks(tree):
    values = best_answers(tree, survey="3.6")
    capaian = next(q for q in tree.questions if q.hasil_role == "capaian")
    values[capaian.pk] = "B"  # 0.75 x 5 = 3.75
    result = score(tree, values)
    ready = readiness(tree, result, wbk_held=True)
    bars = {c.key: c.bar for c in ready.wbbm.criteria}
    assert bars["bersih"] == D("19.50") and bars["capaian"] == D("3.75")
    assert bars["ipkp"] == D("15.75") and bars["pengungkit"] == 48
    values[capaian.pk] = "C"  # 2.50: enough for WBK, not for WBBM
    ready = readiness(tree, score(tree, values), wbk_held=True)
    assert ready.wbk.met and not ready.wbbm.met and ready.verdict == "WBK"
    assert {c.key for c in ready.wbbm.failing} == {"capaian", "bersih"}


def test_a_total_of_60_does_not_pass_wbk(tree):
    values = best_answers(tree, survey="0")
    capaian = next(q for q in tree.questions if q.hasil_role == "capaian")
    values[capaian.pk] = "E"
    result = score(tree, values)
    assert result.total == 60
    ready = readiness(tree, result)
    assert not ready.wbk.met and ready.verdict == ""
    total = next(c for c in ready.wbk.criteria if c.key == "total")
    assert total.gap == 15


def test_wbbm_needs_wbk_already_held(tree):
    result = score(tree, best_answers(tree))
    assert readiness(tree, result, wbk_held=False).verdict == "WBK"
    assert readiness(tree, result, wbk_held=True).verdict == "WBBM"


def test_what_would_help_most_is_sorted_by_gain_and_names_the_criteria_it_closes(tree):
    values = best_answers(tree)
    ipak = next(q for q in tree.questions if q.hasil_role == "ipak")
    values[ipak.pk] = "3"  # 13.125 < 15.75
    team = node_named(tree, "Penyusunan Tim Kerja")
    values[team.scored_questions[0].pk] = "Tidak"
    ready = readiness(tree, score(tree, values))
    first = ready.helps[0]
    assert first.question == ipak and "ipak" in first.closes and first.best == "4"
    assert first.gain == D("4.375")
    gains = [h.gain for h in ready.helps if not h.closes]
    assert gains == sorted(gains, reverse=True)
    assert any(h.question == team.scored_questions[0] for h in ready.helps)


def test_the_2026_list_loads_with_its_127_items_and_scores_the_same_way():
    tree = load("2026")
    entered = [q for q in tree.questions if q.answer_type != "percent"]
    assert len(entered) == 127
    result = score(tree, best_answers(tree))
    assert result.pengungkit == 60 and result.total == 100


def test_lke_score_prints_the_unrounded_score_as_json(tree, satker, capsys):
    import json

    from django.core.management import call_command

    from assessment.models import Answer, Assessment

    assessment = Assessment.objects.create(satker=satker, year=2021, framework=tree.framework)
    plan = node_named(tree, "Rencana Pembangunan Zona Integritas")
    for question, value in zip(plan.scored_questions, ["Ya", "C", "A"], strict=True):
        Answer.objects.create(assessment=assessment, question=question, tier="unit", value=value)
    call_command("lke_score", "pn-sarolangun", "2021", "--json")
    data = json.loads(capsys.readouterr().out)
    assert set(data) == {"framework", "tier", "total", "pengungkit", "hasil", "nodes", "readiness"}
    assert data["framework"] == "90/2021" and data["tier"] == "unit"
    node = next(n for n in data["nodes"] if n["path"][-1].startswith("ii. Rencana Pembangunan"))
    assert node["path"][:3] == ["A. PENGUNGKIT", "I. PEMENUHAN", "1. MANAJEMEN PERUBAHAN"]
    assert node["weight"] == 1 and abs(node["score"] - 2 / 3) < 1e-12  # unrounded
    team = next(n for n in data["nodes"] if n["path"][-1].startswith("i. Penyusunan Tim"))
    assert team["score"] is None  # unanswered
    assert data["readiness"]["verdict"] is None
    total = next(c for c in data["readiness"]["wbk"]["criteria"] if c["key"] == "total")
    assert total["bar"] == 75 and total["met"] is False
    call_command("lke_score", "pn-sarolangun", "2021", "--tier", "tpi", "--json")
    assert json.loads(capsys.readouterr().out)["total"] is None
