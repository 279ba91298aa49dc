# The shared cache's table (CACHE_URL=db, the default) is made by migrate, so a server
# needs no extra set-up step. It is made whatever CACHE_URL says (an unused table is a
# few kilobytes), so switching to the database cache later needs nothing either.

from django.core.management.commands.createcachetable import Command as CreateCacheTable
from django.db import migrations

TABLE = "zi_cache"  # CACHES["default"]["LOCATION"] in zi_tracker/settings.py


def create_cache_table(apps, schema_editor):
    command = CreateCacheTable()
    command.verbosity = 0
    command.create_table(schema_editor.connection.alias, TABLE, dry_run=False)


def drop_cache_table(apps, schema_editor):
    schema_editor.execute(f"DROP TABLE IF EXISTS {schema_editor.quote_name(TABLE)}")


class Migration(migrations.Migration):
    dependencies = [("components", "0004_plan_monev_requirement_profile")]

    operations = [migrations.RunPython(create_cache_table, drop_cache_table)]
