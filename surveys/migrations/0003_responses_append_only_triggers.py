# A visitor's answers are kept by the database too: no UPDATE, no DELETE.
# See zi_tracker.records; the triggers are re-created after every migrate.

from django.db import migrations

from surveys.records import RULES
from zi_tracker.records import migration_operations

forward, backward = migration_operations(*RULES)


class Migration(migrations.Migration):

    dependencies = [
        ('surveys', '0002_survey_import_drafts'),
    ]

    operations = [migrations.RunPython(forward, backward, elidable=False)]
