"""Import a filled official LKE workbook into a satker's year.

    python manage.py import_lke FILE --satker SLUG --year YEAR [--framework CODE]
                                [--tier unit|tpi] [--dry-run]

Starts the year's LKE with the framework when there is none (the newest version of
--framework, 90/2021 by default). Nothing is imported if any row cannot be read.
"""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from assessment.models import Assessment, LkeFramework, Tier
from assessment.services import import_answers, start_assessment
from assessment.workbook import read_answers
from components.models import Plan, Satker
from reports.plan_import import ImportRefused


class Command(BaseCommand):
    help = "Import the answers of a filled official LKE workbook (all or nothing)."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--satker", required=True)
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--framework", default="90/2021")
        parser.add_argument("--tier", choices=Tier.values, default=Tier.UNIT)
        parser.add_argument("--dry-run", action="store_true")
        parser.add_argument("--user", help="whose name the log gives (default: the first admin)")

    def handle(self, *args, file, satker, year, framework, tier, dry_run, user, **options):
        unit = Satker.objects.filter(slug=satker).first()
        if unit is None:
            raise CommandError(f"No satker {satker}.")
        by = self._user(user)
        assessment = Assessment.objects.filter(satker=unit, year=year).first()
        if assessment is None:
            chosen = LkeFramework.newest(framework)
            if chosen is None:
                raise CommandError(f"No LKE framework {framework}; load it first.")
            plan = Plan.objects.filter(satker=unit, year=year).first()
            assessment = Assessment(satker=unit, year=year, framework=chosen, plan=plan)
        try:
            result = read_answers(Path(file).read_bytes(), assessment, tier)
        except (OSError, ImportRefused) as error:
            raise CommandError(str(error)) from None
        for row, problem in result.problems:
            self.stderr.write(f"baris {row}: {problem}")
        if result.problems:
            raise CommandError(f"{len(result.problems)} masalah; tidak ada yang diimpor.")
        if dry_run:
            self.stdout.write(f"{len(result.answers)} jawaban terbaca (dry run: tidak disimpan).")
            return
        if assessment.pk is None:
            assessment = start_assessment(satker=unit, year=year, framework=assessment.framework,
                                          wbk_held=False, plan=assessment.plan, by=by)  # fmt: skip
        count = import_answers(assessment=assessment, tier=tier, answers=result.answers, by=by,
                               file_name=Path(file).name)  # fmt: skip
        self.stdout.write(f"{count} jawaban diimpor ke LKE {unit.name} {year} ({tier}).")

    def _user(self, username):
        users = get_user_model().objects
        by = (
            users.filter(username=username).first()
            if username
            else users.filter(is_superuser=True).order_by("pk").first()
        )
        if by is None:
            raise CommandError("Give --user: the import is logged under a user.")
        return by
