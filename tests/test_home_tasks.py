"""The home page shows a PIC their tasks in a card: this month, overdue, needs revision."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from components.models import Indicator
from evidence import services
from evidence.models import Assignment, EvidenceFile
from tests.evidence_helpers import login, upload
from tests.factories import make_files

pytestmark = pytest.mark.django_db

MARCH = datetime.datetime(2021, 3, 10, 10, tzinfo=ZoneInfo("Asia/Jakarta"))


def card(client):
    cards = client.get("/").context["cards"]
    return dict(cards).get("evidence/_home_tasks.html")


@time_machine.travel(MARCH)
def test_a_pic_sees_the_counts_of_their_task_list(client, users, plan, requirement):
    monthly = Indicator.objects.get(component__plan=plan, component__number=6, number=3)
    Assignment.objects.create(indicator=monthly, user=users["staf"])
    login(client, users["staf"])
    upload(client, requirement)
    services.review_file(
        evidence_file=EvidenceFile.objects.get(),
        user=users["ketua_tim"],
        approve=False,
        note="Buram",
    )
    tasks = client.get("/tasks/").context["tasks"]
    counts = card(client)
    assert counts == {
        "current": sum(t["timing"] == "current" for t in tasks),
        "overdue": sum(t["timing"] == "overdue" for t in tasks),
        "to_revise": 1,
    }
    assert counts["current"] and counts["overdue"]
    html = client.get("/").content.decode()
    assert 'href="/tasks/#to-revise"' in html and 'data-count="to-revise">1<' in html


def test_someone_without_tasks_gets_no_card(client, users, requirement):
    login(client, users["penilai"])
    assert card(client) is None
    assert "zi-home-tasks" not in client.get("/").content.decode()


def test_the_card_costs_two_queries(client, users, plan, requirement, django_assert_num_queries):
    login(client, users["staf"])
    for n in (1, 10):
        for indicator in Indicator.objects.filter(component__plan=plan)[: 4 * n]:
            Assignment.objects.get_or_create(indicator=indicator, user=users["staf"], step=None)
        for cell in requirement.cells.all()[:n]:
            make_files(cell, users["staf"], n, status="returned")
        # session, user, satkers, their plans with frameworks, team-lead memberships; the
        # card: open planned months of the PIC rows by timing, files returned for revision
        with django_assert_num_queries(7):
            assert client.get("/").context["cards"]
