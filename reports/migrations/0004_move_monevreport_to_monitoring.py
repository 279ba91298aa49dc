# MonevReport moves to the monitoring app without copying a row: the table is renamed
# to monitoring_monevreport here, and the model leaves reports' state; monitoring's
# 0001_initial takes the model over without touching the database.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('reports', '0003_plan_import'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.AlterModelTable(name='MonevReport', table='monitoring_monevreport'),
            ],
            state_operations=[
                migrations.DeleteModel(name='MonevReport'),
            ],
        ),
    ]
