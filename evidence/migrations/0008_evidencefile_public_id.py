import uuid

from django.db import migrations, models


def fill_public_ids(apps, schema_editor):
    EvidenceFile = apps.get_model("evidence", "EvidenceFile")
    for pk in EvidenceFile.objects.filter(public_id__isnull=True).values_list("pk", flat=True):
        EvidenceFile.objects.filter(pk=pk).update(public_id=uuid.uuid4())


class Migration(migrations.Migration):
    dependencies = [
        ("evidence", "0007_move_reminderlog_to_monitoring"),
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
