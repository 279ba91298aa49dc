import pytest

from components.models import Cell, Requirement
from tests.factories import PASSWORD, make_plan, make_satker, make_user

pytestmark = pytest.mark.django_db

URL = "/plans/pn-sarolangun/2021/"


def login(client, user):
    assert client.login(username=user.username, password=PASSWORD)


def test_it_requires_login(client, plan):
    assert client.get(URL).url == f"/accounts/login/?next={URL}"


@pytest.mark.parametrize("role", ["staf", "ketua_tim", "ketua", "penilai", "admin"])
def test_it_shows_the_overview_to_each_role(client, users, role):
    login(client, users[role])
    html = client.get(URL).content.decode()
    assert "PermenPANRB 52/2014" in html
    assert "Sarolangun, 31 Desember 2021" in html
    assert 'href="/plans/pn-sarolangun/2021/matrix/"' in html


def test_it_refuses_an_outsider(client, users):
    login(client, users["outsider"])
    assert client.get(URL).status_code == 404


def test_it_refuses_post(client, users):
    login(client, users["ketua"])
    assert client.post(URL).status_code == 405


def test_it_counts_planned_and_realized_months_per_component(client, users, plan):
    cells = Cell.objects.filter(
        requirement__indicator__component__plan=plan, requirement__indicator__component__number=6
    )
    assert cells.count() == 53
    monthly = cells.filter(requirement__indicator__number=3, requirement__position=3)
    monthly.filter(month__lte=4).update(realized=True)  # 4 of the 53 planned months
    login(client, users["ketua"])
    response = client.get(URL)
    component6 = next(c for c in response.context["components"] if c.number == 6)
    assert (component6.indicator_count, component6.requirement_count) == (3, 9)
    assert (component6.planned_count, component6.realized_count) == (53, 4)
    assert "8% · 4/53" in response.content.decode()  # rounded


# session, user, plan, membership, components with their counts, signed version in force
def test_its_queries_do_not_grow_with_the_plan(client, users, django_assert_num_queries):
    login(client, users["ketua"])
    with django_assert_num_queries(6):
        client.get(URL)
    satker = make_satker("pn-besar")
    big = make_plan(satker, 2021, scale=10)
    login(client, make_user("big", satker, "ketua"))
    with django_assert_num_queries(6):
        assert client.get(big.get_absolute_url()).status_code == 200
    assert Requirement.objects.filter(indicator__component__plan=big).count() > 500
