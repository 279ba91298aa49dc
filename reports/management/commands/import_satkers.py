"""python manage.py import_satkers FILE [--dry-run]: satkers from a CSV or XLSX file."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from reports import onboarding


def report(command, rows):
    """Print each row's problems; raise CommandError when there is any."""
    bad = [row for row in rows if row.problems]
    for row in bad:
        for problem in row.problems:
            command.stderr.write(f"row {row.number}: {problem}")
    if bad:
        raise CommandError(f"{len(bad)} rows have problems; nothing was imported.")


def read(path):
    try:
        return Path(path).read_bytes()
    except OSError as error:
        raise CommandError(f"Cannot read {path}: {error.strerror}") from None


class Command(BaseCommand):
    help = "Import satkers (name, slug, class, parent, city) from a CSV or XLSX file."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--dry-run", action="store_true", help="check only, save nothing")

    def handle(self, *args, file, dry_run, **options):
        try:
            rows = onboarding.check_satkers(read(file))
        except onboarding.TableRefused as refused:
            raise CommandError(str(refused)) from None
        report(self, rows)
        if dry_run:
            self.stdout.write(f"{len(rows)} rows are fine (dry run: nothing saved).")
            return
        created, updated = onboarding.apply_satkers(rows)
        self.stdout.write(self.style.SUCCESS(f"{created} satkers created, {updated} updated."))
