"""Moving MonevReport (from reports) and ReminderLog (from evidence) into monitoring keeps
every row: a database at the migrations before the move, with reports and reminder logs in
it, migrated forward still has each row with its values, and new rows continue after them."""

import datetime

import pytest
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from monitoring.models import MonevReport, ReminderLog

pytestmark = pytest.mark.django_db(transaction=True)

# The latest migrations of the apps the models left, before the move (main before issue 10).
BEFORE_THE_MOVE = [("reports", "0003_plan_import"), ("evidence", "0006_activity_create")]
UTC = datetime.UTC


def migrate(targets):
    """Migrate the test database to `targets`; return the apps of that state."""
    MigrationExecutor(connection).migrate(targets)
    nodes = [target for target in targets if target[1] is not None]
    return MigrationExecutor(connection).loader.project_state(nodes).apps


def latest():
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


@pytest.fixture
def before_the_move():
    """The database as today's main leaves it; migrated fully forward again afterwards,
    whatever the test did, for the tests that run after it."""
    apps = migrate([*BEFORE_THE_MOVE, ("monitoring", None)])
    yield apps
    migrate(latest())


def old_rows(apps):
    """Reports and reminder logs written through main's models, returned as plain values."""
    User = apps.get_model("auth", "User")
    Framework = apps.get_model("components", "Framework")
    Satker = apps.get_model("components", "Satker")
    Plan = apps.get_model("components", "Plan")
    lead = User.objects.create(username="lead-before-the-move", email="lead@example.go.id")
    staff = User.objects.create(username="staff-before-the-move", email="staff@example.go.id")
    framework = Framework.objects.create(code="test/2021", name="Kerangka uji", year=2021)
    satker = Satker.objects.create(slug="pn-sebelum", name="Pengadilan Negeri Sebelum")
    plan = Plan.objects.create(satker=satker, year=2021, title="Rencana 2021", framework=framework)

    MonevReport = apps.get_model("reports", "MonevReport")
    ReminderLog = apps.get_model("evidence", "ReminderLog")
    reports = [
        MonevReport.objects.create(
            plan=plan, month=month, notes=f"Catatan rapat bulan {month}",
            follow_ups="Rapat lanjutan\nSurat edaran", updated_by=lead if month > 1 else None,
        )
        for month in (1, 2, 12)
    ]  # fmt: skip
    logs = [
        ReminderLog.objects.create(
            user=staff, kind="pic", period="2021-03-24", items=3,
            sent_at=datetime.datetime(2021, 3, 24, 0, 5, tzinfo=UTC),
        ),
        ReminderLog.objects.create(
            user=lead, kind="digest", period="2021-W12", items=7,
            sent_at=datetime.datetime(2021, 3, 22, 0, 5, tzinfo=UTC),
        ),
    ]  # fmt: skip
    monev_values = {
        r.pk: (r.plan_id, r.month, r.notes, r.follow_ups, r.updated_by_id, r.updated_at)
        for r in reports
    }
    log_values = {
        log.pk: (log.user_id, log.kind, log.period, log.items, log.sent_at) for log in logs
    }
    return monev_values, log_values


def test_monev_reports_and_reminder_logs_survive_the_move(before_the_move):
    monev_values, log_values = old_rows(before_the_move)

    migrate(latest())

    assert {
        r.pk: (r.plan_id, r.month, r.notes, r.follow_ups, r.updated_by_id, r.updated_at)
        for r in MonevReport.objects.all()
    } == monev_values
    assert {
        log.pk: (log.user_id, log.kind, log.period, log.items, log.sent_at)
        for log in ReminderLog.objects.all()
    } == log_values
    # The tables were renamed, not copied: new rows take the next ids.
    report = MonevReport.objects.first()
    added = MonevReport.objects.create(plan_id=report.plan_id, month=6, notes="Juni")
    assert added.pk > max(monev_values)
    log = ReminderLog.objects.first()
    added = ReminderLog.objects.create(user_id=log.user_id, kind="pic", period="2021-04-24")
    assert added.pk > max(log_values)


def test_the_permissions_given_before_the_move_still_hold(before_the_move):
    ContentType.objects.clear_cache()
    old = {
        model: ContentType.objects.get_or_create(app_label=app, model=model)[0].pk
        for app, model in [("reports", "monevreport"), ("evidence", "reminderlog")]
    }
    ContentType.objects.filter(app_label="monitoring").delete()  # as on main: no such app
    change, _created = Permission.objects.get_or_create(
        content_type_id=old["monevreport"], codename="change_monevreport"
    )
    group = Group.objects.create(name="Ketua Tim ZI (uji)")
    group.permissions.add(change)

    migrate(latest())

    ContentType.objects.clear_cache()
    moved = ContentType.objects.get_for_model(MonevReport)
    assert moved.pk == old["monevreport"]
    assert ContentType.objects.get_for_model(ReminderLog).pk == old["reminderlog"]
    assert list(group.permissions.values_list("content_type__app_label", "codename")) == [
        ("monitoring", "change_monevreport")
    ]
