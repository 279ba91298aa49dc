import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse
from django.utils.html import escape

from components.matrix import build_matrix
from components.models import Cell, Indicator, Requirement
from tests.factories import PASSWORD, make_plan, make_satker, make_user

pytestmark = pytest.mark.django_db

URL = "/plans/pn-sarolangun/2021/matrix/"


def login(client, user):
    assert client.login(username=user.username, password=PASSWORD)


def planned_marks(html):
    """Planned months not realized: shown as planned, or overdue once the month is over."""
    return html.count('class="zi-month planned"') + html.count('class="zi-month overdue"')


def test_the_url_is_the_documented_one(plan):
    assert reverse("plan_matrix", args=["pn-sarolangun", 2021]) == URL == plan.get_matrix_url()


def test_it_requires_login(client, plan):
    response = client.get(URL)
    assert response.status_code == 302
    assert response.url == f"/accounts/login/?next={URL}"


@pytest.mark.parametrize("role", ["staf", "ketua_tim", "ketua", "penilai", "admin"])
def test_it_shows_the_plan_to_each_role_of_the_satker(client, users, role):
    login(client, users[role])
    response = client.get(URL)
    assert response.status_code == 200
    assert "Manajemen Perubahan" in response.content.decode()


def test_it_hides_the_plan_from_an_outsider_of_another_satker(client, users):
    login(client, users["outsider"])
    response = client.get(URL)
    assert response.status_code == 404  # as if it did not exist: no list of who has plans
    assert "Manajemen Perubahan" not in response.content.decode()
    assert "bukan anggotanya" in response.content.decode()


def test_it_refuses_a_user_without_satker(client, db):
    login(client, make_user("lonely"))
    assert client.get(URL).status_code == 404


def test_it_says_not_found_for_a_missing_plan(client, users):
    login(client, users["staf"])
    assert client.get("/plans/pn-sarolangun/2019/matrix/").status_code == 404
    assert client.get("/plans/pn-nowhere/2021/matrix/").status_code == 404


def test_it_refuses_post(client, users):
    login(client, users["staf"])
    assert client.post(URL).status_code == 405


def test_it_shows_every_row_of_the_seed(client, users, plan):
    login(client, users["ketua"])
    html = client.get(URL).content.decode()
    for code in ["1.1", "1.4", "2.3", "3.6", "4.2", "5.3", "6.3", "6.5", "7.1", "7.2"]:
        assert f'<span class="zi-code">{code}</span>' in html
    for req in Requirement.objects.filter(indicator__component__plan=plan).exclude(text=""):
        assert escape(req.text) in html, req.text
    assert planned_marks(html) == 111


def test_it_shows_the_header_months_and_signature_in_indonesian(client, users):
    login(client, users["ketua"])
    html = client.get(URL).content.decode()
    for word in ["NO", "KOMPONEN", "INDIKATOR", "LANGKAH AKSI", "BUKTI FISIK", "REALISASI WAKTU"]:
        assert f">{word}</th>" in html
    months = ["JAN", "FEB", "MAR", "APR", "MEI", "JUN", "JUL", "AGS", "SEP", "OKT", "NOV", "DES"]
    assert [m for m in months if f'class="zi-month-head">{m}<' in html] == months
    assert "Ditetapkan di : Sarolangun" in html
    assert "Pada tanggal : 31 Desember 2021" in html
    assert "KETUA PENGADILAN NEGERI SAROLANGUN" in html
    assert "DEKI DIANK, S.H, M.H" in html
    assert "NIP. 19801208 200312 2 001" in html
    assert "Indikator hasil (40%)" in html
    assert "Target:</span> IPK &gt;= 3,6 dari skala 1-4" in html


def test_it_speaks_english_when_chosen(client, users):
    login(client, users["ketua"])
    client.post("/i18n/setlang/", {"language": "en", "next": URL})
    html = client.get(URL).content.decode()
    assert ">PHYSICAL EVIDENCE</th>" in html
    assert 'class="zi-month-head">DEC<' in html
    assert "On : 31 December 2021" in html


def test_it_ignores_the_browsers_language_until_one_is_chosen(client, users):
    login(client, users["ketua"])
    html = client.get(URL, HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert ">BUKTI FISIK</th>" in html


def test_it_shows_realized_months_differently(client, users, plan):
    req = Requirement.objects.get(
        indicator__component__plan=plan,
        indicator__component__number=1,
        indicator__number=2,
        position=1,
    )
    Cell.objects.filter(requirement=req, month=1).update(realized=True)
    Cell.objects.create(requirement=req, month=5, realized=True)
    login(client, users["ketua"])
    html = client.get(URL).content.decode()
    assert html.count('class="zi-month realized"') == 1
    assert html.count('class="zi-month realized-unplanned"') == 1
    assert planned_marks(html) == 110


@time_machine.travel(datetime.datetime(2021, 6, 15, 9, tzinfo=ZoneInfo("Asia/Jakarta")))
def test_months_past_their_end_are_overdue(client, users, plan):
    login(client, users["ketua"])
    html = client.get(URL).content.decode()
    planned = Cell.objects.filter(requirement__indicator__component__plan=plan, planned=True)
    assert html.count('class="zi-month overdue"') == planned.filter(month__lte=5).count() > 0
    assert html.count('class="zi-month planned"') == planned.filter(month__gte=6).count() > 0


def test_spans_cover_exactly_the_rows_of_each_component_and_indicator(plan):
    rows = build_matrix(plan)
    starts = [i for i, row in enumerate(rows) if row.component]
    assert len(starts) == 7
    for start, end in zip(starts, [*starts[1:], len(rows)], strict=True):
        assert rows[start].component_rowspan == end - start
    assert sum(row.indicator_rowspan for row in rows) == len(rows)
    # every row has its step cell or lies under one, except 7.2, one cell across three columns
    spanned = sum(row.step_rowspan for row in rows if row.step_cell)
    assert spanned + sum(row.indicator_only for row in rows) == len(rows)
    [only] = [row for row in rows if row.indicator_only]
    assert only.indicator.code == "7.2"
    assert len([row for row in rows if row.requirement]) == 55
    first = rows[0]
    assert first.component.number == 1 and first.indicator.code == "1.1"
    # 1.1: four steps; evidence 5 sits under step 4, which spans two rows
    assert [row.step_rowspan for row in rows[:5] if row.step_cell] == [1, 1, 1, 2]


# Queries: session, user, plan with satker and framework, membership check, the cache
# key (newest activity and admin change), components, indicators, steps, requirements, cells.
MATRIX_QUERIES = 10
# From the shared cache: session, user, plan, membership, the cache key, the cache read
# (a process that served the table already keeps a copy: one query fewer).
CACHED_MATRIX_QUERIES = 6


def test_its_queries_do_not_grow_with_the_plan(client, django_assert_num_queries, users):
    login(client, users["ketua"])
    with django_assert_num_queries(MATRIX_QUERIES):
        assert client.get(URL).status_code == 200

    big_satker = make_satker("pn-besar", "Pengadilan Negeri Besar")
    big = make_plan(big_satker, 2021, scale=10)
    big_user = make_user("big", big_satker, "ketua")
    login(client, big_user)
    with django_assert_num_queries(MATRIX_QUERIES):
        response = client.get(big.get_matrix_url())
    assert response.status_code == 200
    assert response.content.decode().count('class="zi-evidence"') >= 500


@pytest.fixture
def shared_cache(settings):
    """The default database cache, as production runs it (its table is made by migrate)."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "zi_cache",
        },
        "local": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"},
    }
    from django.core.cache import cache

    cache.clear()
    yield cache
    cache.clear()


def test_a_cached_matrix_costs_six_queries_at_any_size(
    client, django_assert_num_queries, users, shared_cache
):
    login(client, users["ketua"])
    first = client.get(URL).content.decode()
    with django_assert_num_queries(CACHED_MATRIX_QUERIES):
        again = client.get(URL).content.decode()
    assert again.count('class="zi-evidence"') == first.count('class="zi-evidence"') > 50
    big = make_plan(make_satker("pn-besar", "Pengadilan Negeri Besar"), 2021, scale=10)
    login(client, make_user("big", big.satker, "ketua"))
    client.get(big.get_matrix_url())
    with django_assert_num_queries(CACHED_MATRIX_QUERIES):
        assert client.get(big.get_matrix_url()).status_code == 200


def test_every_logged_change_shows_at_once(client, users, plan, requirement, shared_cache):
    from evidence import services

    login(client, users["ketua_tim"])
    marker = f'id="m-{requirement.pk}-1"'
    before = client.get(URL).content.decode()
    assert "✓" not in before.split(marker)[1][:200]
    services.set_realized(
        requirement=requirement, month=1, user=users["ketua_tim"], realized=True,
        note="Rapat sudah dilaksanakan", expected=False,
    )  # fmt: skip
    after = client.get(URL).content.decode()
    assert "✓" in after.split(marker)[1][:200]


def test_an_admin_edit_shows_at_once(client, users, plan, shared_cache):
    from django.contrib.admin.models import CHANGE, LogEntry
    from django.contrib.contenttypes.models import ContentType

    login(client, users["admin"])
    client.get(URL)
    indicator = Indicator.objects.filter(component__plan=plan).first()
    indicator.name = "Nama indikator diperbaiki"
    indicator.save()
    LogEntry.objects.create(  # what the admin records with every save
        user=users["admin"],
        content_type=ContentType.objects.get_for_model(indicator),
        object_id=str(indicator.pk),
        object_repr=str(indicator),
        action_flag=CHANGE,
    )
    assert "Nama indikator diperbaiki" in client.get(URL).content.decode()


def test_the_cached_table_follows_the_language_and_the_day(client, users, shared_cache):
    login(client, users["ketua"])
    with time_machine.travel("2021-03-10 10:00 +0700"):
        indonesian = client.get(URL).content.decode()
        client.post("/i18n/setlang/", {"language": "en", "next": URL})
        english = client.get(URL).content.decode()
    assert "terlambat" in indonesian and "overdue" in english
    with time_machine.travel("2021-07-10 10:00 +0700"):
        later = client.get(URL).content.decode()
    assert later.count("overdue") > english.count("overdue")  # a new day, a new table


def test_a_process_keeps_its_copy_and_still_sees_every_change(
    client, django_assert_num_queries, users, requirement, settings
):
    from evidence import services

    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "zi_cache",
        },
        "local": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "t"},
    }
    login(client, users["ketua_tim"])
    client.get(URL)
    with django_assert_num_queries(CACHED_MATRIX_QUERIES - 1):
        client.get(URL)
    services.set_realized(
        requirement=requirement, month=1, user=users["ketua_tim"], realized=True,
        note="Rapat sudah dilaksanakan", expected=False,
    )  # fmt: skip
    marker = f'id="m-{requirement.pk}-1"'
    assert "✓" in client.get(URL).content.decode().split(marker)[1][:200]
