"""'Baris saya': the matrix with only the rows the user is PIC of."""

import pytest

from components.matrix import build_matrix
from evidence.models import assigned_requirement_ids
from tests.evidence_helpers import BASE, login

pytestmark = pytest.mark.django_db

MINE = f"{BASE}matrix/mine/"


def row_ids(html):
    import re

    return {int(pk) for pk in re.findall(r'class="zi-row-link" href="[^"]*/evidence/(\d+)/"', html)}


def test_it_shows_only_the_pics_rows(client, users, plan, requirement):
    login(client, users["staf"])
    html = client.get(MINE).content.decode()
    mine = assigned_requirement_ids(users["staf"], plan)
    assert mine and row_ids(html) == mine
    assert 'aria-current="page">Baris saya' in html or 'aria-current="page">My rows' in html
    everything = row_ids(client.get(f"{BASE}matrix/").content.decode())
    assert everything > mine


def test_its_rows_keep_the_printed_spans(plan, users, requirement):
    mine = assigned_requirement_ids(users["staf"], plan)
    rows = build_matrix(plan, only=mine)
    assert {r.requirement.pk for r in rows} == mine
    assert rows[0].component and rows[0].component_rowspan == len(rows)
    assert sum(r.indicator_rowspan for r in rows) == len(rows)


def test_someone_without_rows_is_told(client, users, requirement):
    login(client, users["ketua_tim"])
    response = client.get(MINE)
    assert response.status_code == 200 and row_ids(response.content.decode()) == set()
    assert response.context["mine_count"] == 0


def test_the_switch_is_offered_to_those_who_upload(client, users, requirement):
    for role, offered in [("staf", True), ("ketua_tim", True), ("penilai", False)]:
        login(client, users[role])
        assert (MINE in client.get(f"{BASE}matrix/").content.decode()) is offered


def test_outsiders_get_404_and_it_is_read_only(client, users, requirement):
    login(client, users["outsider"])
    assert client.get(MINE).status_code == 404
    login(client, users["staf"])
    assert client.post(MINE).status_code == 405


def test_its_queries_are_pinned(client, users, requirement, django_assert_num_queries):
    login(client, users["staf"])
    # session, user, plan, membership, the user's rows; components, indicators, steps,
    # requirements, cells
    with django_assert_num_queries(10):
        assert client.get(MINE).status_code == 200
