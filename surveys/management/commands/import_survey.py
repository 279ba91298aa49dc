"""python manage.py import_survey FILE --satker SLUG --period 2021-Q4"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from components.models import Satker
from reports.plan_import import ImportRefused
from surveys import importing
from surveys.models import Survey
from surveys.periods import PeriodError, parse_period


class Command(BaseCommand):
    help = (
        "Import survey responses from a CSV or XLSX file into the period's survey (created "
        "with the default items when there is none). A file with any problem imports nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--satker", required=True, help="the satker's slug")
        parser.add_argument("--period", required=True, help="2021-Q4, 2021-S1 or 2021")

    def handle(self, *args, file, satker, period, **options):
        try:
            code, year, start, end = parse_period(period)
        except PeriodError:
            raise CommandError("The period is written 2021-Q4, 2021-S1 or 2021.") from None
        unit = Satker.objects.filter(slug=satker).first()
        if unit is None:
            raise CommandError(f"No satker {satker!r}.")
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"No file {file}.")
        try:
            rows = importing.read_table(path.read_bytes(), path.name)
        except ImportRefused as refused:
            raise CommandError(str(refused)) from None
        with transaction.atomic():  # a survey created here goes again if the file fails
            survey = Survey.objects.filter(satker=unit, period=code).first()
            if survey is None:
                survey = Survey.create_with_defaults(
                    satker=unit, period=code, year=year, opens_on=start, closes_on=end
                )
            items = list(survey.items.all())
            mapping = importing.default_mapping(
                rows[0], items, importing.remembered_mapping(survey)
            )
            parsed = importing.parse(rows, mapping, items)
            if not parsed.ok:
                for row, message in parsed.problems:
                    self.stderr.write(f"row {row}: {message}" if row else message)
                raise CommandError("Nothing was imported: the file has problems.")
            count = importing.import_parsed(survey, parsed)
        self.stdout.write(self.style.SUCCESS(f"Imported {count} responses into {survey}."))
