"""Find stored files no record points to, and remove them; report records whose file is gone.

Files are written before the transaction that records them (zi_tracker.files), and removed
again if it fails; a server killed in between (mid-upload, mid-signature) leaves the file
without its row. Such an orphan holds nothing the app shows or vouches for.

Every file field of every model counts, so a new app's attachments are known without a
change here. Files younger than --min-age minutes are left alone: they may belong to an
upload whose transaction has not committed yet. A record whose file is missing is only
reported (exit status 1): records are never deleted.
"""

from datetime import timedelta

from django.apps import apps
from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand, CommandError
from django.db import models
from django.utils import timezone

from zi_tracker.files import stored_names


def recorded_files():
    """(model, pk, field name, stored name) of every non-empty file field, one query a field."""
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if isinstance(field, models.FileField) and field.storage is default_storage:
                rows = model._default_manager.exclude(**{field.name: ""}).values_list(
                    "pk", field.attname
                )
                for pk, name in rows.iterator(chunk_size=2000):
                    yield model, pk, field.name, name


class Command(BaseCommand):
    help = "Remove stored files that no record points to; report records whose file is missing."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="List the orphans without removing them."
        )
        parser.add_argument(
            "--min-age",
            type=int,
            default=60,
            help="Leave files younger than this many minutes (uploads in progress). Default 60.",
        )

    def handle(self, *args, dry_run=False, min_age=60, **options):
        storage = default_storage
        known, missing = set(), 0
        for model, pk, field, name in recorded_files():
            known.add(name)
            if not storage.exists(name):
                missing += 1
                self.stdout.write(f"MISSING  {model._meta.label} #{pk} {field}: {name}")
        orphans = self._orphans(storage, known, timedelta(minutes=min_age))
        verb = "would remove" if dry_run else "removed"
        for name in orphans:
            if not dry_run:
                storage.delete(name)
            self.stdout.write(f"ORPHAN   {name} ({verb})")
        summary = f"{len(orphans)} orphan file(s) {verb}, {missing} record(s) missing their file."
        if missing:
            raise CommandError(summary)
        self.stdout.write(self.style.SUCCESS(summary))

    def _orphans(self, storage, known, min_age):
        cutoff = timezone.now() - min_age
        return sorted(
            name
            for name in stored_names(storage)
            if name not in known and storage.get_modified_time(name) < cutoff
        )
