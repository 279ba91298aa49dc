"""python manage.py import_members FILE [--dry-run] [--no-invite]: members from a file."""

from django.core.management.base import BaseCommand, CommandError

from reports import onboarding

from .import_satkers import read, report


class Command(BaseCommand):
    help = (
        "Import members (name, NIP, e-mail, satker, role) from a CSV or XLSX file and e-mail "
        "each new member a one-time link to set their password."
    )

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--dry-run", action="store_true", help="check only, save nothing")
        parser.add_argument("--no-invite", action="store_true", help="send no invitations")

    def handle(self, *args, file, dry_run, no_invite, **options):
        try:
            rows = onboarding.check_members(read(file))
        except onboarding.TableRefused as refused:
            raise CommandError(str(refused)) from None
        report(self, rows)
        if dry_run:
            self.stdout.write(f"{len(rows)} rows are fine (dry run: nothing saved).")
            return
        users = onboarding.apply_members(rows)
        sent = 0 if no_invite else onboarding.invite(users)
        self.stdout.write(self.style.SUCCESS(
            f"{len(rows)} memberships saved, {len(users)} new accounts, {sent} invitations sent."
        ))  # fmt: skip
