# A signed version is frozen in the database too: only its one reopening passes.
# See zi_tracker.records; the trigger is re-created after every migrate.

from django.db import migrations

from reports.records import RULES
from zi_tracker.records import migration_operations

forward, backward = migration_operations(*RULES)


class Migration(migrations.Migration):

    dependencies = [
        ('reports', '0006_planimport_edit_version'),
    ]

    operations = [migrations.RunPython(forward, backward, elidable=False)]
