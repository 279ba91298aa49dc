"""Write a plan's evidence bundle (ZIP) for evaluators.

python manage.py bundle_evidence pn-sarolangun 2021 -o bukti.zip [--all]
"""

import os
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from components.models import Plan
from reports.bundle import bundle_files, stream_bundle


class Command(BaseCommand):
    help = (
        "Bundle a plan's evidence files in a ZIP with a folder per component and indicator, "
        "an index and the signed matrix. Approved files only, unless --all."
    )

    def add_arguments(self, parser):
        parser.add_argument("satker")
        parser.add_argument("year", type=int)
        parser.add_argument("-o", "--output", required=True)
        parser.add_argument(
            "--all", action="store_true", help="also files awaiting review or returned"
        )

    def handle(self, satker, year, output, **options):
        plan = (
            Plan.objects.select_related("satker", "framework")
            .filter(satker__slug=satker, year=year)
            .first()
        )
        if plan is None:
            raise CommandError(f"No plan {satker} {year}.")
        files = list(bundle_files(plan, options["all"]))
        target = Path(output)
        partial = target.with_name(target.name + ".part")
        size = 0
        try:
            with partial.open("wb") as out:
                for chunk in stream_bundle(plan, files, plan.signed_version()):
                    out.write(chunk)
                    size += len(chunk)
            os.replace(partial, target)
        finally:
            partial.unlink(missing_ok=True)
        self.stdout.write(f"Wrote {output}: {len(files)} files, {size} bytes.")
