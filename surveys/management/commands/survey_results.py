"""python manage.py survey_results SLUG PERIOD [--json]"""

import json

from django.core.management.base import BaseCommand, CommandError

from surveys.models import Survey
from surveys.periods import PeriodError, parse_period
from surveys.results import survey_results


class Command(BaseCommand):
    help = "Print a survey's respondents, NRR per element, IKM with its grade, IPKP and IPAK."

    def add_arguments(self, parser):
        parser.add_argument("satker", help="the satker's slug")
        parser.add_argument("period", help="2021-Q4, 2021-S1 or 2021")
        parser.add_argument("--json", action="store_true", help="unrounded figures as JSON")

    def handle(self, *args, satker, period, json: bool, **options):
        try:
            code = parse_period(period)[0]
        except PeriodError:
            raise CommandError("The period is written 2021-Q4, 2021-S1 or 2021.") from None
        survey = Survey.objects.filter(satker__slug=satker, period=code).first()
        if survey is None:
            raise CommandError(f"No survey of {satker!r} for {code}.")
        results = survey_results(survey)
        if json:
            self.stdout.write(_dumps(results.as_json()))
            return
        self.stdout.write(f"{survey}: {results.respondents} respondents")
        for element in results.elements:
            nrr = "-" if element.nrr is None else f"{element.nrr:.2f}"
            self.stdout.write(f"  U{element.item.number} {element.item.name}: {nrr}")
        ikm = "-" if results.ikm is None else f"{results.ikm:.2f} ({results.grade})"
        self.stdout.write(f"IKM {ikm}")
        for name, index in (("IPKP", results.ipkp), ("IPAK", results.ipak)):
            value = "-" if index.value is None else f"{index.value:.2f}"
            self.stdout.write(f"{name} {value}")


def _dumps(data):
    return json.dumps(data, ensure_ascii=False)
