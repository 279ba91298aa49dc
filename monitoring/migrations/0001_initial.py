# The monitoring app takes over MonevReport (from reports) and ReminderLog (from evidence).
# Their tables were renamed by reports 0004 and evidence 0007; here the models only enter
# monitoring's state, and their content types (with the permissions and admin log entries
# that point at them) are relabelled rather than created anew.

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

MOVED = {'monevreport': 'reports', 'reminderlog': 'evidence'}


def relabel_content_types(apps, schema_editor, forwards=True):
    ContentType = apps.get_model('contenttypes', 'ContentType')
    for model, old in MOVED.items():
        source, target = (old, 'monitoring') if forwards else ('monitoring', old)
        if not ContentType.objects.filter(app_label=target, model=model).exists():
            ContentType.objects.filter(app_label=source, model=model).update(app_label=target)


def relabel_content_types_back(apps, schema_editor):
    relabel_content_types(apps, schema_editor, forwards=False)


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('components', '0004_plan_monev_requirement_profile'),
        ('contenttypes', '0002_remove_content_type_name'),
        ('evidence', '0007_move_reminderlog_to_monitoring'),
        ('reports', '0004_move_monevreport_to_monitoring'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='MonevReport',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('month', models.PositiveSmallIntegerField(verbose_name='month')),
                        ('notes', models.TextField(blank=True, verbose_name='notes of the meeting')),
                        ('follow_ups', models.TextField(blank=True, help_text='One per line: what is done, by whom, by when.', verbose_name='follow-ups (tindak lanjut)')),
                        ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated at')),
                        ('plan', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='monev_reports', to='components.plan', verbose_name='plan')),
                        ('updated_by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'verbose_name': 'monev report',
                        'verbose_name_plural': 'monev reports',
                        'constraints': [models.UniqueConstraint(fields=('plan', 'month'), name='monevreport_unique_month'), models.CheckConstraint(condition=models.Q(('month__gte', 1), ('month__lte', 12)), name='monevreport_month_1_12')],
                    },
                ),
                migrations.CreateModel(
                    name='ReminderLog',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('kind', models.CharField(choices=[('pic', "PIC's items"), ('digest', "team lead's weekly digest")], max_length=10)),
                        ('period', models.CharField(help_text='2026-11-27, or 2026-W48 for digests', max_length=10)),
                        ('items', models.PositiveIntegerField(default=0)),
                        ('sent_at', models.DateTimeField(default=django.utils.timezone.now)),
                        ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='reminder_logs', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'verbose_name': 'reminder sent',
                        'verbose_name_plural': 'reminders sent',
                        'constraints': [models.UniqueConstraint(fields=('user', 'kind', 'period'), name='reminderlog_once_per_period')],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(relabel_content_types, relabel_content_types_back),
    ]
