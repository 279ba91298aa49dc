"""Oversight by level: an evaluator or overseer at a PT, Badilum or the MA sees every unit
below it, without a membership in each; the overview lists and rolls them up."""

import io

import pytest
from openpyxl import load_workbook

from assessment.models import Assessment, LkeFramework
from components.models import Framework, Membership, Plan, Role, Satker
from tests.evidence_helpers import login
from tests.factories import make_user

pytestmark = pytest.mark.django_db
PLAN = "/plans/pn-sarolangun/2021/"


@pytest.fixture
def tree(satker, other_satker):
    """MA -> Badilum -> PT Jambi -> {PN Sarolangun, PN Muara Bulian}; Badilum -> PT Medan
    -> PN Binjai."""
    ma = Satker.objects.create(slug="ma", name="Mahkamah Agung")
    badilum = Satker.objects.create(slug="badilum", name="Ditjen Badilum", parent=ma)
    jambi = Satker.objects.get(slug="pt-jambi")  # the seed's appeal court
    jambi.parent = badilum
    jambi.save()
    medan = Satker.objects.create(slug="pt-medan", name="Pengadilan Tinggi Medan", parent=badilum)
    binjai = Satker.objects.create(slug="pn-binjai", name="Pengadilan Negeri Binjai", parent=medan)
    for unit in (satker, other_satker):
        unit.parent = jambi
        unit.save()
    framework = Framework.objects.get(code="52/2014")
    for unit in (other_satker, binjai):
        Plan.objects.create(satker=unit, year=2021, title="Rencana", framework=framework)
    return {"ma": ma, "badilum": badilum, "jambi": jambi, "medan": medan, "binjai": binjai}


def member(satker, role, name):
    return make_user(name, satker, role)


def test_tree_paths_follow_saves_and_moves(tree, satker):
    satker.refresh_from_db()
    ids = [tree["ma"].pk, tree["badilum"].pk, tree["jambi"].pk, satker.pk]
    assert satker.ancestor_ids() == ids
    tree["jambi"].parent = tree["ma"]  # a PT moved: its courts move with it
    tree["jambi"].save()
    satker.refresh_from_db()
    assert satker.ancestor_ids() == [tree["ma"].pk, tree["jambi"].pk, satker.pk]
    assert set(Satker.objects.below(tree["badilum"])) == {
        tree["badilum"],
        tree["medan"],
        tree["binjai"],
    }


def test_a_pt_evaluator_reads_every_court_below_and_none_elsewhere(client, tree):
    evaluator = member(tree["jambi"], Role.PENILAI, "penilai-pt")
    login(client, evaluator)
    assert client.get(PLAN).status_code == 200
    assert client.get("/plans/pn-muara-bulian/2021/").status_code == 200
    assert client.get("/plans/pn-binjai/2021/").status_code == 404
    assert client.get("/assessment/pn-sarolangun/2021/").status_code == 200
    home = client.get("/").content.decode()
    assert "/overview/" in home


def test_an_inherited_evaluator_scores_the_tpi_tier_and_an_overseer_only_reads(
    client, tree, satker, plan, users
):
    framework = LkeFramework.newest("90/2021")
    lke = Assessment.objects.create(satker=satker, year=2021, framework=framework, plan=plan)
    lke.submit(by=users["ketua"])
    question = framework.nodes.get(name="Penyusunan Tim Kerja").questions.first()
    url = f"/assessment/pn-sarolangun/2021/q/{question.pk}/tpi/"
    login(client, member(tree["jambi"], Role.PENILAI, "penilai-pt"))
    assert client.post(url, {"value": "Ya", "version": 0}).status_code == 302
    overseer = member(tree["badilum"], Role.PENGAWAS, "pengawas-badilum")
    login(client, overseer)
    assert client.get(PLAN).status_code == 200
    assert client.get("/plans/pn-binjai/2021/").status_code == 200
    assert client.post(url, {"value": "Tidak", "version": 1}).status_code == 403
    assert lke.answers.get(tier="tpi").value == "Ya"


def test_only_evaluators_and_overseers_reach_down(client, tree):
    for role in (Role.STAF, Role.KETUA_TIM, Role.KETUA):
        login(client, member(tree["jambi"], role, f"{role}-pt"))
        assert client.get(PLAN).status_code == 404


def test_the_overview_lists_the_courts_below_and_rolls_them_up(client, tree, satker, plan):
    framework = LkeFramework.newest("90/2021")
    Assessment.objects.create(satker=satker, year=2021, framework=framework, plan=plan,
                              unit_verdict="WBK", unit_total=80)  # fmt: skip
    login(client, member(tree["jambi"], Role.PENILAI, "penilai-pt"))
    names = [row["name"] for row in client.get("/overview/").context["rows"]]
    assert names == ["Pengadilan Negeri Muara Bulian", "Pengadilan Negeri Sarolangun"]
    login(client, member(tree["badilum"], Role.PENGAWAS, "pengawas-badilum"))
    assert len(client.get("/overview/").context["rows"]) == 3
    response = client.get("/overview/?group=1")
    regions = {row["name"]: (row["units"], row["counts"]) for row in response.context["rows"]}
    assert regions == {"Pengadilan Tinggi Jambi": (2, [1, 0]),
                       "Pengadilan Tinggi Medan": (1, [0, 0])}  # fmt: skip
    assert "Ready for WBK" in str(response.context["extra_headings"][0]) or "WBK" in str(
        response.context["extra_headings"][0]
    )
    under = client.get("/overview/?under=pt-medan").context["rows"]
    assert [row["name"] for row in under] == ["Pengadilan Negeri Binjai"]
    assert [r["name"] for r in client.get("/overview/?q=sarol").context["rows"]] == [
        "Pengadilan Negeri Sarolangun"
    ]
    book = load_workbook(io.BytesIO(client.get("/overview/?group=1&format=xlsx").content))
    rows = [[c.value for c in row] for row in book.active.iter_rows(min_row=3)]
    assert sorted(row[0] for row in rows) == ["Pengadilan Tinggi Jambi", "Pengadilan Tinggi Medan"]
    login(client, member(tree["jambi"], Role.PENILAI, "penilai-pt-2"))
    assert client.get("/overview/?under=pt-medan").status_code == 404
    assert client.get("/overview/?under=ma").status_code == 404


# session, user, the plans with their subqueries, the LKE columns (unit, TPI), the units
# without a plan; grouped: + the regions' names and the two LKE counters
FLAT, GROUPED = 6, 9


def test_the_overview_costs_the_same_at_900_satkers_and_10000_plans(
    client, tree, django_assert_num_queries
):
    framework = Framework.objects.get(code="52/2014")
    pts = Satker.objects.bulk_create(
        Satker(slug=f"pt-{i:02d}", name=f"PT {i:02d}", parent=tree["badilum"]) for i in range(30)
    )
    pns = Satker.objects.bulk_create(
        Satker(slug=f"pn-{i:03d}", name=f"PN {i:03d}", parent=pts[i % 30]) for i in range(870)
    )
    Satker.objects.rebuild_paths()
    Plan.objects.bulk_create(
        Plan(satker=pn, year=year, title="x", framework=framework)
        for pn in pns
        for year in range(2010, 2022)
    )
    assert Plan.objects.count() > 10_000 and Satker.objects.count() > 900
    Membership.objects.create(user=make_user("pengawas-ma"), satker=tree["ma"],
                              role=Role.PENGAWAS)  # fmt: skip
    login(client, Membership.objects.get(role=Role.PENGAWAS).user)
    with django_assert_num_queries(FLAT):
        assert len(client.get("/overview/?year=2021").context["rows"]) == 873
    with django_assert_num_queries(GROUPED):
        rows = client.get("/overview/?year=2021&group=1").context["rows"]
    # grouped by what lies one level below all they share (Badilum): its 32 PTs
    assert len(rows) == 32 and sum(row["units"] for row in rows) == 873
