"""Print a satker's LKE score for a year: `python manage.py lke_score SLUG YEAR --json`."""

import json

from django.core.management.base import BaseCommand, CommandError

from assessment.models import Assessment, Tier
from assessment.report import as_json


class Command(BaseCommand):
    help = "Print the LKE score (unrounded) of a satker's year, per tier."

    def add_arguments(self, parser):
        parser.add_argument("satker", help="the satker's slug, such as pn-sarolangun")
        parser.add_argument("year", type=int)
        parser.add_argument("--tier", choices=Tier.values, default=Tier.UNIT)
        parser.add_argument("--json", action="store_true", help="print JSON (the default form)")

    def handle(self, *args, satker, year, tier, **options):
        assessment = (
            Assessment.objects.select_related("framework")
            .filter(satker__slug=satker, year=year)
            .first()
        )
        if assessment is None:
            raise CommandError(f"No LKE for {satker} {year}.")
        self.stdout.write(json.dumps(as_json(assessment, tier), ensure_ascii=False, indent=1))
