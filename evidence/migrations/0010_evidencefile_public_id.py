import uuid

from django.db import migrations, models

from zi_tracker.records import records_unlocked


def fill_public_ids(apps, schema_editor):
    """Each existing file gets its random public id once. The append-only triggers
    (0008) freeze public_id, so this one fill runs with them lifted."""
    EvidenceFile = apps.get_model("evidence", "EvidenceFile")
    with records_unlocked(schema_editor.connection.alias):
        missing = EvidenceFile.objects.filter(public_id__isnull=True)
        for pk in missing.values_list("pk", flat=True):
            EvidenceFile.objects.filter(pk=pk).update(public_id=uuid.uuid4())


class Migration(migrations.Migration):
    dependencies = [
        ("evidence", "0009_activity_action_labels"),
    ]

    operations = [
        migrations.AddField(
            model_name="evidencefile",
            name="public_id",
            field=models.UUIDField(editable=False, null=True),
        ),
        migrations.RunPython(fill_public_ids, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="evidencefile",
            name="public_id",
            field=models.UUIDField(default=uuid.uuid4, editable=False, unique=True),
        ),
    ]
