"""Create a plan from an .xlsx workbook laid out like the printed matrix.

python manage.py import_plan matriks-2021.xlsx --satker pn-sarolangun --year 2022
python manage.py import_plan matriks.xlsx --satker pn-sarolangun --year 2022 --dry-run

All or nothing: any problem in the workbook (listed with sheet, row and column) and no
plan is created. A year that already has a plan is never replaced.
"""

from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from components.models import Framework, Satker
from components.plandata import PlanExists
from evidence.services import create_logged_plan
from reports.plan_import import MAX_BYTES, read_plan


class Command(BaseCommand):
    help = (
        "Create a satker's plan for a year from an .xlsx workbook "
        "(our export, or a workbook laid out like the printed matrix)."
    )

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--satker", required=True, help="the satker's slug, pn-sarolangun")
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument(
            "--framework", help="LKE framework code (default: the workbook's, else the newest)"
        )
        parser.add_argument("--user", help="username recorded in the plan's activity log")
        parser.add_argument("--dry-run", action="store_true", help="check and show, save nothing")

    def handle(self, file, satker, year, framework, user, dry_run, **options):
        unit = Satker.objects.filter(slug=satker).first()
        if unit is None:
            raise CommandError(f"No satker {satker}.")
        if not 2010 <= year <= 2100:
            raise CommandError("The year must be between 2010 and 2100.")
        chosen = None
        if framework:
            chosen = Framework.objects.filter(code=framework).first()
            if chosen is None:
                raise CommandError(f"No framework {framework}.")
        person = None
        if user:
            person = get_user_model().objects.filter(username=user).first()
            if person is None:
                raise CommandError(f"No user {user}.")
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"No file {file}.")
        if path.stat().st_size > MAX_BYTES:
            raise CommandError(f"{file} is larger than {MAX_BYTES // 2**20} MB.")
        with translation.override(settings.LANGUAGE_CODE):  # problems as the court reads them
            result = read_plan(path.read_bytes(), framework=chosen)
            problems = [str(problem) for problem in result.problems]
        for note in result.notes:
            self.stdout.write(f"note: {note}")
        if problems:
            for problem in problems:
                self.stderr.write(problem)
            raise CommandError(f"{len(problems)} problem(s); nothing was imported.")
        if not result.data.framework:
            raise CommandError("No LKE framework: load fixtures/frameworks.json first.")
        data = result.data.with_year(result.year, year)
        counts = data.counts()
        summary = (
            f"{counts[0]} components, {counts[1]} indicators, {counts[2]} steps, "
            f"{counts[3]} evidence requirements, {counts[4]} planned months"
        )
        if dry_run:
            self.stdout.write(f"{file} reads as: {summary}. Nothing saved (--dry-run).")
            return
        try:
            plan = create_logged_plan(
                satker=unit,
                year=year,
                data=data,
                framework=Framework.objects.get(code=data.framework),
                user=person,
                note=f"Imported from {path.name}.",
            )
        except PlanExists:
            raise CommandError(
                f"{unit.slug} already has a plan for {year}; nothing was imported."
            ) from None
        self.stdout.write(f"Created {plan}: {summary}.")
