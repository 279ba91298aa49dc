"""Re-hash every stored evidence file and report each one changed or missing.

Exits with status 1 if any file does not match its recorded SHA-256, so it can run from cron
and alert. Withdrawn files are checked too: they are kept, so they must stay intact.
"""

from django.core.management.base import BaseCommand, CommandError

from evidence.models import EvidenceFile
from evidence.uploads import sha256_of_stored


class Command(BaseCommand):
    help = "Re-hash every stored evidence file; report mismatches and missing files."

    def handle(self, *args, **options):
        checked, problems = 0, 0
        files = EvidenceFile.objects.select_related(
            "cell__requirement__indicator__component__plan__satker"
        ).order_by("pk")
        for evidence in files.iterator(chunk_size=500):
            checked += 1
            try:
                digest = sha256_of_stored(evidence.file.storage, evidence.file.name)
            except OSError:
                problems += 1
                self.stdout.write(f"MISSING  {self._describe(evidence)}")
                continue
            if digest != evidence.sha256:
                problems += 1
                self.stdout.write(
                    f"CHANGED  {self._describe(evidence)}\n"
                    f"         recorded {evidence.sha256}\n         on disk  {digest}"
                )
        summary = f"{checked} file(s) checked, {problems} problem(s)."
        if problems:
            raise CommandError(summary)
        self.stdout.write(self.style.SUCCESS(summary))

    def _describe(self, evidence):
        cell = evidence.cell
        plan = cell.requirement.indicator.component.plan
        where = f"{plan.satker.slug} {plan.year}, {cell.requirement.indicator.code}"
        return (
            f"#{evidence.pk} {evidence.file.name} "
            f"({evidence.original_name}; {where}, month {cell.month})"
        )
