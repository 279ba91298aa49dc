"""Files uploaded before evidence files had public ids keep working: the migration gives
each a random id of its own, although the append-only triggers (installed two migrations
earlier) freeze that column, and afterwards the database keeps it frozen."""

import dataclasses
import datetime
import uuid

import pytest
from django.core.management import call_command
from django.db import DatabaseError, IntegrityError, connection, transaction
from django.db.migrations.executor import MigrationExecutor

from evidence.models import EvidenceFile
from evidence.records import EVIDENCE_FILE
from zi_tracker import records

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE_PUBLIC_IDS = [("evidence", "0009_activity_action_labels")]


def migrate(targets):
    MigrationExecutor(connection).migrate(targets)
    return MigrationExecutor(connection).loader.project_state(targets).apps


@pytest.fixture
def before_public_ids():
    """Evidence at 0009, with that day's triggers: migrating back rebuilt the table on
    SQLite (and dropped them), so they are put back as 0008 left them."""
    apps = migrate(BEFORE_PUBLIC_IDS)
    frozen = tuple(c for c in EVIDENCE_FILE.frozen if c != "public_id")
    records.install_rules(connection, dataclasses.replace(EVIDENCE_FILE, frozen=frozen))
    yield apps
    MigrationExecutor(connection).migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())


def old_files(apps, count):
    User = apps.get_model("auth", "User")
    Framework = apps.get_model("components", "Framework")
    Satker = apps.get_model("components", "Satker")
    Plan = apps.get_model("components", "Plan")
    Component = apps.get_model("components", "Component")
    Indicator = apps.get_model("components", "Indicator")
    Requirement = apps.get_model("components", "Requirement")
    Cell = apps.get_model("components", "Cell")
    OldFile = apps.get_model("evidence", "EvidenceFile")
    staff = User.objects.create(username="staf-lama")
    framework = Framework.objects.create(code="uji/2021", name="Kerangka uji", year=2021)
    satker = Satker.objects.create(slug="pn-lama", name="Pengadilan Negeri Lama")
    plan = Plan.objects.create(satker=satker, year=2021, title="Rencana", framework=framework)
    component = Component.objects.create(plan=plan, number=1, name="Manajemen Perubahan")
    indicator = Indicator.objects.create(component=component, number=1, name="Tim kerja")
    requirement = Requirement.objects.create(indicator=indicator, text="SK Tim", position=1)
    cell = Cell.objects.create(requirement=requirement, month=1, planned=True)
    return [
        OldFile.objects.create(
            cell=cell, file=f"evidence/sk-{n}.pdf", original_name=f"sk-{n}.pdf", size=10,
            content_type="application/pdf", sha256="0" * 64, description="SK",
            activity_date=datetime.date(2021, 1, 5), uploaded_by=staff, submission=uuid.uuid4(),
        ).pk
        for n in range(count)
    ]  # fmt: skip


def test_existing_files_get_distinct_public_ids_under_the_triggers(before_public_ids):
    pks = old_files(before_public_ids, 3)
    with pytest.raises((IntegrityError, DatabaseError)), transaction.atomic():
        EvidenceFile.objects.filter(pk=pks[0]).update(sha256="1" * 64)  # the triggers hold

    call_command("migrate", verbosity=0)  # as the server's migrate: post_migrate too

    ids = dict(EvidenceFile.objects.filter(pk__in=pks).values_list("pk", "public_id"))
    assert set(ids) == set(pks)
    assert None not in ids.values() and len(set(ids.values())) == 3
    # Filled once; from now on the database refuses to change a file's address.
    with pytest.raises((IntegrityError, DatabaseError)), transaction.atomic():
        EvidenceFile.objects.filter(pk=pks[0]).update(public_id=ids[pks[1]].__class__(int=1))
    assert EvidenceFile.objects.get(pk=pks[0]).public_id == ids[pks[0]]
