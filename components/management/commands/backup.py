"""python manage.py backup DIR: the database and every stored file, with a SHA-256 manifest.

zi_tracker/backup.py describes the folder; `restore DIR` reads it back. Runs while the app
serves (SQLite's online backup API, pg_dump's snapshot).
"""

from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, connections

from zi_tracker.backup import BackupError, remove_partial, write_backup


class Command(BaseCommand):
    help = "Back up the database and the stored files into DIR (a new or empty folder)."

    def add_arguments(self, parser):
        parser.add_argument(
            "directory", help="A new or empty folder, e.g. /var/backups/zi/2026-12-03"
        )
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS)

    def handle(self, *args, directory, database, **options):
        try:
            manifest = write_backup(directory, connections[database], default_storage)
        except BackupError as error:
            raise CommandError(str(error)) from None
        except BaseException:
            remove_partial(directory)
            raise
        size = sum(entry["size"] for entry in manifest["files"])
        self.stdout.write(
            self.style.SUCCESS(
                f"Backed up the {manifest['database']['vendor']} database and "
                f"{len(manifest['files'])} file(s) ({size} bytes) to {directory}."
            )
        )
