"""The plan's dashboard: a month's counts, progress, Kurva S, review queue, overdue, PIC load."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import timezone

from components.models import Cell, Indicator, Requirement
from monitoring.progress import default_month, plan_progress
from tests.evidence_helpers import login
from tests.factories import make_files, make_plan, make_satker, make_user

pytestmark = pytest.mark.django_db

URL = "/plans/pn-sarolangun/2021/"
WIB = ZoneInfo("Asia/Jakarta")


def at(*args):
    return time_machine.travel(datetime.datetime(*args, tzinfo=WIB), tick=False)


def planned(plan, **conditions):
    return Cell.objects.filter(
        requirement__indicator__component__plan=plan, planned=True, **conditions
    )


@pytest.mark.parametrize("role", ["staf", "ketua_tim", "ketua", "penilai", "admin"])
def test_members_see_the_dashboard_and_outsiders_do_not(client, users, role):
    login(client, users[role])
    response = client.get(URL)
    assert response.status_code == 200
    assert "Kurva S" in response.content.decode()
    login(client, users["outsider"])
    assert client.get(URL).status_code == 404


def test_it_refuses_post(client, users):
    login(client, users["ketua"])
    assert client.post(URL).status_code == 405


@at(2021, 3, 15, 10)
def test_the_months_counts(client, users, plan, requirement):
    march = Cell.objects.create(requirement=requirement, month=3, planned=True)
    make_files(march, users["staf"], 2)
    make_files(march, users["staf"], 1, status="returned")
    realized = planned(plan, month=3).exclude(pk=march.pk).first()
    Cell.objects.filter(pk=realized.pk).update(realized=True)
    login(client, users["ketua_tim"])
    progress = client.get(URL).context["progress"]
    assert progress.month == 3  # the current month by default
    assert progress.counts == {
        "planned": planned(plan, month=3).count(),
        "realized": 1,
        "submitted": 2,
        "returned": 1,
        "overdue": planned(plan, month__lte=2).count(),  # January and February are over
    }


@at(2021, 6, 10, 9)
def test_progress_per_component_and_the_whole_plan_up_to_the_month(client, users, plan):
    to_date = planned(plan, month__lte=4)
    first_three = list(to_date.filter(requirement__indicator__component__number=1)[:3])
    Cell.objects.filter(pk__in=[c.pk for c in first_three]).update(realized=True)
    login(client, users["ketua"])
    progress = client.get(URL, {"month": 4}).context["progress"]
    component1 = progress.components[0]
    assert component1["component"].number == 1
    planned1 = to_date.filter(requirement__indicator__component__number=1).count()
    assert (component1["tally"].planned, component1["tally"].realized) == (planned1, 3)
    assert (progress.total.planned, progress.total.realized) == (to_date.count(), 3)
    assert progress.total.percent == round(300 / to_date.count())
    indicator_tallies = {i.code: t for row in progress.components for i, t in row["indicators"]}
    assert sum(t.planned for t in indicator_tallies.values()) == to_date.count()


@at(2021, 6, 10, 9)
def test_the_kurva_s_is_cumulative_and_stops_at_the_current_month(users, plan):
    Cell.objects.filter(pk=planned(plan, month=1).first().pk).update(realized=True)
    progress = plan_progress(plan, 6, timezone.localdate())
    total = planned(plan).count()
    assert len(progress.curve) == 12
    names, planned_pcts, realized_pcts = zip(*progress.curve, strict=True)
    assert names[0] == "JAN" and names[11] == "DES"
    assert planned_pcts[0] == round(100 * planned(plan, month=1).count() / total)
    assert planned_pcts[11] == 100
    assert list(planned_pcts) == sorted(planned_pcts)  # never goes down
    assert realized_pcts[:6] == (round(100 / total),) * 6
    assert realized_pcts[6:] == (None,) * 6  # months not begun are not drawn


def test_the_kurva_s_is_drawn_on_the_server(client, users):
    login(client, users["ketua"])
    html = client.get(URL).content.decode()
    assert '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 640 280"' in html
    assert "<polyline" in html and "rencana (kumulatif)" in html


@at(2021, 3, 15, 10)
def test_overdue_items_name_their_pic_and_each_pics_load(client, users, plan, requirement):
    login(client, users["ketua_tim"])
    progress = client.get(URL).context["progress"]
    mine = [item for item in progress.overdue if item.requirement_id == requirement.pk]
    assert mine and mine[0].pics == [users["staf"]]
    unassigned = [item for item in progress.overdue if not item.pics]
    assert unassigned  # rows nobody is PIC of are shown as such
    load = {load.user: load for load in progress.pic_loads}[users["staf"]]
    expected_open = planned(
        plan, month__lte=3, requirement__indicator=requirement.indicator, realized=False
    ).count()
    assert load.open == expected_open
    assert (
        load.overdue
        == planned(plan, month__lte=2, requirement__indicator=requirement.indicator).count()
    )
    html = client.get(URL).content.decode()
    assert "Beban per PIC" in html and "belum ditunjuk" in html


def test_the_review_queue_is_shown_to_the_team_lead_only(client, users, requirement):
    cell = Cell.objects.get(requirement=requirement, month=1)
    make_files(cell, users["staf"], 1)
    login(client, users["ketua_tim"])
    assert "bukti-0.pdf" in client.get(URL).content.decode()
    login(client, users["penilai"])
    assert "bukti-0.pdf" not in client.get(URL).content.decode()


@pytest.mark.parametrize("value", ["13", "0", "abc", ""])
def test_a_bad_month_falls_back_to_the_default(client, users, value):
    login(client, users["ketua"])
    assert client.get(URL, {"month": value}).context["progress"].month == 12  # a past year


@pytest.mark.parametrize(
    ("now", "plan_year", "expected"),
    [
        ((2021, 1, 1, 0, 5), 2021, 1),
        ((2021, 7, 31, 23, 59), 2021, 7),
        ((2021, 12, 31, 23, 59), 2021, 12),
        ((2022, 1, 1, 0, 5), 2021, 12),  # the plan's year is over: its last month
        ((2020, 12, 31, 23, 0), 2021, 1),  # not begun: its first month
    ],
)
def test_the_default_month_follows_the_calendar_in_wib(now, plan_year, expected, plan):
    with at(*now):
        plan.year = plan_year
        assert default_month(plan, timezone.localdate()) == expected


def test_a_month_is_overdue_from_the_first_moment_of_the_next_in_wib(plan):
    january = planned(plan, month=1).first()
    with at(2021, 1, 31, 23, 59):  # 16.59 UTC: still January in Sarolangun
        assert not january.is_overdue(2021, timezone.localdate())
    with at(2021, 2, 1, 0, 1):  # 17.01 UTC on 31 January, but February in WIB
        assert january.is_overdue(2021, timezone.localdate())
    december = planned(plan, month=12).first()
    with at(2021, 12, 31, 23, 59):
        assert not december.is_overdue(2021, timezone.localdate())
    with at(2022, 1, 1, 0, 1):
        assert december.is_overdue(2021, timezone.localdate())


def test_january_items_count_as_overdue_on_the_dashboard_from_1_february(client, users, plan):
    login(client, users["ketua"])
    with at(2021, 1, 31, 22):
        assert client.get(URL).context["progress"].counts["overdue"] == 0
    with at(2021, 2, 1, 8):
        assert (
            client.get(URL).context["progress"].counts["overdue"] == planned(plan, month=1).count()
        )


# session, user, plan, membership, indicators, cells with file counts, PICs, the oldest files
# awaiting review and their number, signed version, the LKE card (assessment.panels)
DASHBOARD_QUERIES = 11


def test_its_queries_do_not_grow_with_the_plan(
    client, users, requirement, django_assert_num_queries
):
    make_files(Cell.objects.get(requirement=requirement, month=1), users["staf"], 3)
    login(client, users["ketua_tim"])
    with django_assert_num_queries(DASHBOARD_QUERIES):
        assert client.get(URL).status_code == 200
    satker = make_satker("pn-besar")
    big = make_plan(satker, 2021, scale=10)
    lead = make_user("besar", satker, "ketua_tim")
    for cell in Cell.objects.filter(requirement__indicator__component__plan=big)[:30]:
        make_files(cell, lead, 2)
    from evidence.models import Assignment

    for indicator in Indicator.objects.filter(component__plan=big)[:40]:
        Assignment.objects.create(indicator=indicator, user=lead)
    login(client, lead)
    with django_assert_num_queries(DASHBOARD_QUERIES):
        assert client.get(big.get_absolute_url()).status_code == 200
    assert Requirement.objects.filter(indicator__component__plan=big).count() > 500


@at(2021, 1, 20, 9)
def test_the_two_measures_of_progress_are_labelled_and_the_year_one_is_the_kurva_s(
    client, users, plan
):
    Cell.objects.filter(pk=planned(plan, month=1).first().pk).update(realized=True)
    login(client, users["ketua"])
    response = client.get(URL, {"month": 1})
    progress = response.context["progress"]
    to_date, year = planned(plan, month=1).count(), planned(plan).count()
    assert (progress.total.realized, progress.total.planned) == (1, to_date)
    assert (progress.year.realized, progress.year.planned) == (1, year)
    assert progress.curve[0][2] == progress.year.percent  # the Kurva S's January point
    assert progress.total.percent != progress.year.percent  # 3% and 1% in the seed
    html = response.content.decode()
    assert f"{progress.total.percent}% · 1/{to_date}" in html
    assert f"{progress.year.percent}% · 1/{year}" in html
    assert "terhadap bulan yang direncanakan s.d. JAN" in html
    assert "terhadap seluruh bulan yang direncanakan dalam setahun (Kurva S)" in html
    assert 'id="progress-definition"' in html


def test_the_monev_report_states_both_measures(client, users, plan):
    from monitoring.monev import report_context

    Cell.objects.filter(pk=planned(plan, month=1).first().pk).update(realized=True)
    from django.template.loader import render_to_string

    context = report_context(plan, 1)
    html = render_to_string("monitoring/monev_document.html", context)
    assert "terhadap seluruh rencana tahun 2021" in html and "titik realisasi Kurva S" in html
