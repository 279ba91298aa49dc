"""python manage.py restore DIR: a backup back into an empty installation, then verified.

The whole backup is checked against its manifest before anything is written. An
installation that already has users, units or stored files is refused unless --force
(which replaces its database and overwrites files of the same name). The restored database
is migrated to this version of the app, and every restored file is read back and compared
with the manifest.
"""

from django.contrib.auth import get_user_model
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, connections

from components.models import Satker
from zi_tracker import backup
from zi_tracker.files import stored_names


class Command(BaseCommand):
    help = "Restore a backup made by `backup DIR` into an empty installation."

    def add_arguments(self, parser):
        parser.add_argument("directory")
        parser.add_argument(
            "--force", action="store_true", help="Replace an installation that is not empty."
        )
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS)

    def handle(self, *args, directory, force, database, **options):
        connection = connections[database]
        try:
            manifest = backup.read_backup(directory)
        except backup.BackupError as error:
            raise CommandError(str(error)) from None
        vendor = manifest["database"]["vendor"]
        if vendor != connection.vendor:
            raise CommandError(
                f"The backup holds a {vendor} database; this installation uses {connection.vendor}."
            )
        if not force and not self._is_empty(database):
            raise CommandError(
                "This installation is not empty (it has users, units or stored files); "
                "restore into a new one, or give --force to replace it."
            )
        try:
            backup.restore_files(directory, manifest, default_storage)
            backup.load_database(connection, f"{directory}/{manifest['database']['file']}")
        except backup.BackupError as error:
            raise CommandError(str(error)) from None
        call_command("migrate", database=database, interactive=False, verbosity=0)
        bad = backup.verify_restored(manifest, default_storage)
        if bad:
            raise CommandError(f"{len(bad)} restored file(s) differ from the manifest: {bad}")
        self.stdout.write(
            self.style.SUCCESS(
                f"Restored the database and {len(manifest['files'])} file(s) from {directory} "
                f"(backup of {manifest['created_at']}); every file matches the manifest."
            )
        )

    def _is_empty(self, database):
        return not (
            get_user_model().objects.using(database).exists()
            or Satker.objects.using(database).exists()
            or next(stored_names(default_storage), None)
        )
