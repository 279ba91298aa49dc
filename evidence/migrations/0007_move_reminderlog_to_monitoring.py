# ReminderLog moves to the monitoring app without copying a row: the table is renamed
# to monitoring_reminderlog here, and the model leaves evidence's state; monitoring's
# 0001_initial takes the model over without touching the database.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('evidence', '0006_activity_create'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.AlterModelTable(name='ReminderLog', table='monitoring_reminderlog'),
            ],
            state_operations=[
                migrations.DeleteModel(name='ReminderLog'),
            ],
        ),
    ]
