"""Write a plan's matrix to a file: the signed PDF in force or a draft, or the workbook.

python manage.py export_matrix pn-sarolangun 2021 --format pdf -o matriks.pdf
python manage.py export_matrix pn-sarolangun 2021 --format xlsx -o matriks.xlsx
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from components.models import Plan
from reports.models import Paper
from reports.pdf import draft_pdf
from reports.xlsx import matrix_workbook, workbook_bytes


class Command(BaseCommand):
    help = (
        "Export a plan's matrix: as PDF (the signed version while one is in force, else a "
        "draft) or as an Excel workbook with the list of evidence files."
    )

    def add_arguments(self, parser):
        parser.add_argument("satker")
        parser.add_argument("year", type=int)
        parser.add_argument("--format", choices=["pdf", "xlsx"], default="pdf")
        parser.add_argument("--paper", choices=Paper.values, default=Paper.A4)
        parser.add_argument("--draft", action="store_true", help="render the current state")
        parser.add_argument("-o", "--output", required=True)

    def handle(self, satker, year, format, paper, draft, output, **options):
        plan = (
            Plan.objects.select_related("satker", "framework")
            .filter(satker__slug=satker, year=year)
            .first()
        )
        if plan is None:
            raise CommandError(f"No plan {satker} {year}.")
        if format == "xlsx":
            data = workbook_bytes(matrix_workbook(plan))
            Path(output).write_bytes(data)
            self.stdout.write(f"Wrote {output}: {plan} workbook, {len(data)} bytes.")
            return
        signed = None if draft else plan.signed_version()
        if signed is not None:
            with signed.file.open("rb") as stored:
                data = stored.read()
            what = f"signed version {signed.version} ({signed.paper})"
        else:
            data, _fingerprint = draft_pdf(plan, paper)
            what = f"draft ({paper})"
        Path(output).write_bytes(data)
        self.stdout.write(f"Wrote {output}: {plan} {what}, {len(data)} bytes.")
