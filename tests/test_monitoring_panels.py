"""Apps above monitoring add cards to the dashboard and columns to the overview through
monitoring.panels, without monitoring importing them; each costs its own fixed queries."""

import pytest
from django.db.models import Count

from components.models import Plan
from evidence.models import Activity
from monitoring import panels
from tests.evidence_helpers import login
from tests.test_overview import small_plans

pytestmark = pytest.mark.django_db

DASHBOARD = "/plans/pn-sarolangun/2021/"
OVERVIEW = "/overview/"
from tests.test_dashboard import DASHBOARD_QUERIES  # noqa: E402
from tests.test_overview import OVERVIEW_QUERIES  # noqa: E402

CARD = (
    '<div class="card" data-card="test">{{ values.label }}: {{ values.count }} '
    "({{ plan.year }})</div>"
)


def activity_card(plan):
    """A test-only card: how many activity entries the plan has, if any. One query."""
    count = Activity.objects.filter(plan=plan).count()
    return {"label": "Entri aktivitas", "count": count} if count else None


def plans_so_far(satkers, year):
    """A test-only column: each unit's plans up to the year. One query for any number."""
    rows = (
        Plan.objects.filter(satker__in=satkers, year__lte=year)
        .values("satker")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {row["satker"]: row["n"] for row in rows}


@pytest.fixture
def registered(settings, tmp_path):
    (tmp_path / "test_card.html").write_text(CARD)
    engine = settings.TEMPLATES[0]
    settings.TEMPLATES = [{**engine, "DIRS": [*engine["DIRS"], tmp_path]}]
    panels.register_dashboard_card("test", template="test_card.html", values=activity_card)
    panels.register_overview_column("test", heading="Rencana s.d. tahun ini", values=plans_so_far)
    yield
    panels.unregister("test")


def test_a_registered_card_shows_on_the_dashboard(
    client, users, requirement, registered, django_assert_num_queries
):
    login(client, users["ketua_tim"])
    with django_assert_num_queries(DASHBOARD_QUERIES + 1):  # the card's count
        page = client.get(DASHBOARD).content.decode()
    assert '<div class="card" data-card="test">Entri aktivitas: 1 (2021)</div>' in page


def test_a_card_with_nothing_to_show_is_left_out(client, users, registered):
    login(client, users["ketua"])
    page = client.get(DASHBOARD).content.decode()
    assert 'data-card="test"' not in page


def test_a_registered_column_shows_on_the_overview_at_fixed_queries(
    client, users, plan, registered, django_assert_num_queries
):
    satkers, _plans = small_plans(10)
    Plan.objects.create(satker=satkers[0], year=2020, title="x", framework=plan.framework)
    login(client, users["admin"])
    with django_assert_num_queries(OVERVIEW_QUERIES + 1):  # the column's values
        response = client.get(OVERVIEW)
    page = response.content.decode()
    assert '<th scope="col">Rencana s.d. tahun ini</th>' in page
    extra = {row["plan"].satker.slug: row["extra"] for row in response.context["rows"]}
    assert extra["pn-000"][-1] == 2 and extra["pn-001"][-1] == 1
    assert extra["pn-sarolangun"][-1] == 1
    small_plans(200, prefix="pt")
    with django_assert_num_queries(OVERVIEW_QUERIES + 1):
        assert len(client.get(OVERVIEW).context["rows"]) == 211


def test_after_unregistering_the_pages_are_as_before(client, users, requirement):
    panels.register_dashboard_card("gone", template="none.html", values=activity_card)
    panels.register_overview_column("gone", heading="Hilang", values=plans_so_far)
    panels.unregister("gone")
    login(client, users["admin"])
    assert "none.html" not in client.get(DASHBOARD).content.decode()
    assert "Hilang" not in client.get(OVERVIEW).content.decode()
