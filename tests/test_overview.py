"""The overview of many satkers, for evaluators and the administrator."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from components.models import (
    Cell,
    Component,
    Framework,
    Indicator,
    Membership,
    Plan,
    Requirement,
    Role,
    Satker,
)
from evidence.models import Activity
from tests.evidence_helpers import login

pytestmark = pytest.mark.django_db
URL = "/overview/"


def small_plans(count, year=2021, prefix="pn"):
    """`count` satkers, each with a one-row plan: planned JAN and FEB, JAN realized."""
    framework = Framework.objects.get(code="52/2014")
    satkers = Satker.objects.bulk_create(
        Satker(slug=f"{prefix}-{i:03d}", name=f"Pengadilan Negeri {prefix.upper()} {i:03d}")
        for i in range(count)
    )
    plans = Plan.objects.bulk_create(
        Plan(satker=s, year=year, title="x", framework=framework) for s in satkers
    )
    components = Component.objects.bulk_create(
        Component(plan=p, number=1, name="Manajemen Perubahan") for p in plans
    )
    indicators = Indicator.objects.bulk_create(
        Indicator(component=c, number=1, name="Tim") for c in components
    )
    requirements = Requirement.objects.bulk_create(
        Requirement(indicator=i, position=1, text="Undangan") for i in indicators
    )
    Cell.objects.bulk_create(
        Cell(requirement=r, month=m, planned=True, realized=m == 1)
        for r in requirements
        for m in (1, 2)
    )
    return satkers, plans


@time_machine.travel(datetime.datetime(2021, 3, 10, 9, tzinfo=ZoneInfo("Asia/Jakarta")))
def test_one_row_per_satker_with_progress_overdue_and_last_activity(client, users, plan):
    satkers, plans = small_plans(3)
    Activity.objects.create(plan=plans[1], user=users["admin"], action="tick")
    login(client, users["admin"])
    response = client.get(URL)
    rows = {row["plan"].satker.slug: row for row in response.context["rows"]}
    assert set(rows) == {"pn-sarolangun", "pn-000", "pn-001", "pn-002"}
    row = rows["pn-001"]
    assert (row["plan"].planned, row["plan"].realized, row["percent"]) == (2, 1, 50)
    assert row["overdue"] == 1  # February is over and not realized
    assert row["last_activity"] is not None and rows["pn-000"]["last_activity"] is None
    seed = rows["pn-sarolangun"]
    planned = Cell.objects.filter(requirement__indicator__component__plan=plan, planned=True)
    assert seed["plan"].planned == planned.filter(month__lte=3).count()
    assert seed["overdue"] == planned.filter(month__lte=2).count()


def test_it_sorts_by_each_column(client, users):
    satkers, plans = small_plans(3)
    Cell.objects.filter(requirement__indicator__component__plan=plans[2]).update(realized=True)
    login(client, users["admin"])
    names = [r["plan"].satker.slug for r in client.get(URL, {"sort": "name"}).context["rows"]]
    assert names == sorted(names)
    desc = client.get(URL, {"sort": "name", "dir": "desc"}).context["rows"]
    assert [r["plan"].satker.slug for r in desc] == sorted(names, reverse=True)
    by_progress = client.get(URL, {"sort": "progress", "dir": "desc"}).context["rows"]
    assert by_progress[0]["plan"].satker.slug == "pn-002"
    by_overdue = client.get(URL, {"sort": "overdue", "dir": "desc"}).context["rows"]
    assert by_overdue[0]["plan"].satker.slug == "pn-sarolangun"
    html = client.get(URL, {"sort": "overdue", "dir": "desc"}).content.decode()
    assert "sort=overdue&amp;dir=asc" in html


def test_an_evaluator_sees_only_the_satkers_assigned_to_them(client, users):
    satkers, _plans = small_plans(3)
    Membership.objects.create(user=users["penilai"], satker=satkers[0], role=Role.PENILAI)
    login(client, users["penilai"])
    slugs = {r["plan"].satker.slug for r in client.get(URL).context["rows"]}
    assert slugs == {"pn-sarolangun", "pn-000"}
    login(client, users["outsider"])
    assert {r["plan"].satker.slug for r in client.get(URL).context["rows"]} == set()


def test_the_year_can_be_chosen_and_junk_is_ignored(client, users):
    small_plans(2, year=2022, prefix="pt")
    login(client, users["admin"])
    assert client.get(URL).context["year"] == 2022  # the latest year with plans
    assert len(client.get(URL, {"year": "2021"}).context["rows"]) == 1
    assert client.get(URL, {"year": "abc"}).status_code == 200
    assert client.get(URL, {"sort": "nonsense"}).status_code == 200


def test_units_without_a_plan_are_listed_so_an_overseer_sees_who_has_not_started(client, users):
    small_plans(2)
    Satker.objects.create(slug="pn-baru", name="Pengadilan Negeri Baru")
    login(client, users["admin"])
    response = client.get(URL, {"year": "2021"})
    without = {s.slug for s in response.context["without_plan"]}
    with_plan = set(Plan.objects.filter(year=2021).values_list("satker__slug", flat=True))
    assert "pn-baru" in without and not without & with_plan
    assert without | with_plan == set(Satker.objects.values_list("slug", flat=True))
    page = " ".join(response.content.decode().split())
    assert f"{len(without)} satker belum memiliki rencana aksi 2021" in page
    assert "Pengadilan Negeri Baru" in page
    searched = client.get(URL, {"year": "2021", "q": "zzz"}).content.decode()
    assert "Tidak ada satker dengan rencana aksi 2021 yang cocok dengan “zzz”" in searched
    assert "belum memiliki rencana aksi" not in searched  # the search applies to both lists


def test_the_home_page_links_the_overview_for_those_who_oversee_several(client, users):
    satkers, _plans = small_plans(1)
    login(client, users["staf"])
    assert "/overview/" not in client.get("/").content.decode()
    Membership.objects.create(user=users["penilai"], satker=satkers[0], role=Role.PENILAI)
    login(client, users["penilai"])
    assert "/overview/" in client.get("/").content.decode()


# session, user, the latest year, the plans with their subqueries, the LKE columns (unit, TPI),
# the units without a plan
OVERVIEW_QUERIES = 7


def test_its_queries_do_not_grow_with_the_number_of_satkers(
    client, users, django_assert_num_queries
):
    small_plans(10)
    login(client, users["admin"])
    with django_assert_num_queries(OVERVIEW_QUERIES):
        assert len(client.get(URL).context["rows"]) == 11
    small_plans(390, prefix="pt")
    with django_assert_num_queries(OVERVIEW_QUERIES):
        response = client.get(URL)
    assert len(response.context["rows"]) == 401


def test_rows_without_a_value_stay_last_in_either_direction(client, users):
    _satkers, plans = small_plans(2)
    Activity.objects.create(plan=plans[1], user=users["admin"], action="tick")
    login(client, users["admin"])
    for direction in ("asc", "desc"):
        rows = client.get(URL, {"sort": "activity", "dir": direction}).context["rows"]
        assert rows[0]["plan"].satker.slug == "pn-001"
        assert all(row["last_activity"] is None for row in rows[1:])


@time_machine.travel(datetime.datetime(2021, 5, 20, 9, tzinfo=ZoneInfo("Asia/Jakarta")))
def test_the_overview_agrees_with_the_dashboard(client, users, plan):
    early = Cell.objects.filter(
        requirement__indicator__component__plan=plan, month__lte=2, planned=True
    ).values_list("pk", flat=True)[:4]
    Cell.objects.filter(pk__in=list(early)).update(realized=True)
    login(client, users["admin"])
    [row] = [r for r in client.get(URL).context["rows"] if r["plan"].pk == plan.pk]
    progress = client.get(plan.get_absolute_url()).context["progress"]
    assert (row["plan"].planned, row["plan"].realized) == (
        progress.total.planned,
        progress.total.realized,
    )
    assert row["percent"] == progress.total.percent
    assert row["overdue"] == progress.counts["overdue"]
