# The database refuses what the app never does to its records: a changed provenance, a
# review moved outside the model's methods, any UPDATE of the activity log, any DELETE.
# zi_tracker.records explains; after every migrate the triggers are re-created
# (a later table rebuild on SQLite drops them).

from django.db import migrations

from evidence.records import RULES
from zi_tracker.records import migration_operations

forward, backward = migration_operations(*RULES)


class Migration(migrations.Migration):

    dependencies = [
        ('evidence', '0007_move_reminderlog_to_monitoring'),
    ]

    operations = [migrations.RunPython(forward, backward, elidable=False)]
