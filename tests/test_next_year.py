"""Next year's plan: the same structure, PICs and planned months; nothing realized."""

import pytest

from components.models import Cell, Indicator, Plan
from components.plandata import plan_data
from evidence.models import Activity, Assignment
from evidence.services import assign_pic
from tests.evidence_helpers import login, messages_of
from tests.factories import make_files

pytestmark = pytest.mark.django_db

URL = "/plans/pn-sarolangun/2021/next-year/"


def test_the_team_lead_copies_the_plan_to_next_year(client, users, plan, requirement):
    cell = Cell.objects.get(requirement=requirement, month=1)
    make_files(cell, users["staf"], 1, status="approved")
    Cell.objects.filter(pk=cell.pk).update(realized=True, realized_by=users["ketua_tim"])
    step = requirement.indicator.steps.get(position=2)
    assign_pic(plan=plan, indicator=requirement.indicator, step=step, person=users["ketua_tim"],
               user=users["ketua_tim"])  # fmt: skip

    login(client, users["ketua_tim"])
    page = client.get(URL).content.decode()
    assert "TAHUN 2022" in page and "7 komponen, 23 indikator" in page

    response = client.post(URL)
    new = Plan.objects.get(satker=plan.satker, year=2022)
    assert response.status_code == 302 and response["Location"] == new.get_absolute_url()
    assert new.title == plan.title.replace("2021", "2022")
    assert new.adopted_on is None and new.adopted_place == plan.adopted_place
    assert new.signatory_name == plan.signatory_name and new.framework == plan.framework

    old_data, new_data = plan_data(plan), plan_data(new)
    assert new_data.components == old_data.components
    assert new_data.monev_requirement == old_data.monev_requirement
    new_cells = Cell.objects.filter(requirement__indicator__component__plan=new)
    assert (
        new_cells.count()
        == Cell.objects.filter(requirement__indicator__component__plan=plan, planned=True).count()
    )
    assert not new_cells.filter(realized=True).exists()
    assert not new_cells.filter(files__isnull=False).exists()

    pics = {
        (a.indicator.code, a.step.position if a.step else None, a.user.username)
        for a in Assignment.objects.filter(indicator__component__plan=new).select_related(
            "indicator__component", "step", "user"
        )
    }
    assert pics == {("1.2", None, "staf"), ("1.2", 2, "ketua-tim")}
    assert Activity.objects.filter(plan=new, action="create").count() == 1
    # The old plan is untouched.
    assert Cell.objects.filter(pk=cell.pk, realized=True).exists()


def test_a_year_that_has_a_plan_is_never_replaced(client, users, plan):
    login(client, users["ketua_tim"])
    client.post(URL)
    new = Plan.objects.get(satker=plan.satker, year=2022)
    Indicator.objects.filter(component__plan=new, number=1, component__number=1).update(
        name="Diubah untuk 2022"
    )
    response = client.post(URL, follow=True)
    assert "sudah ada rencana 2022" in " ".join(messages_of(response)).lower()
    assert Indicator.objects.filter(component__plan=new, name="Diubah untuk 2022").exists()
    assert Plan.objects.filter(satker=plan.satker, year=2022).count() == 1


@pytest.mark.parametrize("role", ["staf", "ketua", "penilai", "outsider"])
def test_only_the_team_lead_copies(client, users, role):
    login(client, users[role])
    assert client.post(URL).status_code == (404 if role == "outsider" else 403)
    assert client.get(URL).status_code == (404 if role == "outsider" else 403)
    assert not Plan.objects.filter(year=2022).exists()


def test_people_who_left_the_satker_are_not_copied_as_pics(client, users, plan, requirement):
    users["staf"].memberships.all().delete()
    login(client, users["ketua_tim"])
    client.post(URL)
    assert not Assignment.objects.filter(indicator__component__plan__year=2022).exists()


def test_the_page_counts_only_the_pics_that_are_copied(client, users, plan, requirement):
    users["staf"].memberships.all().delete()
    login(client, users["ketua_tim"])
    assert "0 penugasan" in client.get(URL).content.decode()


# session, user, plan, membership, the next year's plan, plan_data's five, copied PICs
def test_the_page_queries_are_pinned(client, users, plan, django_assert_num_queries):
    login(client, users["ketua_tim"])
    with django_assert_num_queries(11):
        client.get(URL)
