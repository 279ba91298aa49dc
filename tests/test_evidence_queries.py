"""Query counts of the evidence pages do not grow with the data; each query is named."""

import pytest

from components.models import Cell, Indicator
from evidence.models import Assignment
from evidence.services import assign_pic
from tests.evidence_helpers import BASE, login, month_url
from tests.factories import make_files

pytestmark = pytest.mark.django_db


@pytest.fixture
def busy(plan, users, requirement):
    """Return a function that adds n files to every planned month of 1.x and n PIC rows."""

    def grow(n):
        cells = Cell.objects.filter(
            requirement__indicator__component__plan=plan,
            requirement__indicator__component__number=1,
            planned=True,
        ).select_related("requirement__indicator__component__plan")
        for cell in cells:
            make_files(cell, users["staf"], n)
        for indicator in Indicator.objects.filter(component__plan=plan)[: 4 * n]:
            assign_pic(
                plan=plan,
                indicator=indicator,
                step=None,
                person=users["staf"],
                user=users["ketua_tim"],
            )
            for step in indicator.steps.all()[:n]:
                assign_pic(
                    plan=plan,
                    indicator=indicator,
                    step=step,
                    person=users["ketua_tim"],
                    user=users["ketua_tim"],
                )

    return grow


def count_queries(client, url, django_assert_num_queries, expected):
    with django_assert_num_queries(expected):
        assert client.get(url).status_code == 200


# Every page starts with: session, user, plan with satker and framework, membership.
PAGES = {
    # + requirement, assigned rows (staf), cell with file counts, files, activity
    "cell": (lambda r: month_url(r), "staf", 9),
    # + requirement, cell with file counts, files, activity, signed version in force
    "cell (lead)": (lambda r: month_url(r), "ketua_tim", 9),
    # + requirement, cells with counts, files, PICs, activity
    "requirement": (lambda r: f"{BASE}evidence/{r.pk}/", "staf", 9),
    # + components and PICs (the filters' choices), pending files with their rows and
    # uploaders, the count of every waiting file
    "review": (lambda r: f"{BASE}review/", "ketua_tim", 8),
    # + count and page of activities
    "activity": (lambda r: f"{BASE}activity/", "penilai", 6),
    # + indicators, their PICs, steps, the steps' PICs, members
    "pics": (lambda r: f"{BASE}pics/", "ketua_tim", 9),
    # session, user; + cells with counts of the PIC rows, files returned for revision,
    # plans the user manages, waiting files per plan (no plan or membership: /tasks/ spans
    # every plan)
    "tasks": (lambda r: "/tasks/", "ketua_tim", 6),
    # the matrix stays at its ten queries (nine, and its cache key) with files on it
    "matrix": (lambda r: f"{BASE}matrix/", "ketua_tim", 10),
}


@pytest.mark.parametrize("view", PAGES)
def test_queries_stay_the_same_as_the_data_grows(
    client, users, requirement, busy, view, django_assert_num_queries
):
    url, role, expected = PAGES[view]
    login(client, users[role])
    busy(1)
    count_queries(client, url(requirement), django_assert_num_queries, expected)
    busy(5)
    assert Assignment.objects.count() > 20
    count_queries(client, url(requirement), django_assert_num_queries, expected)
