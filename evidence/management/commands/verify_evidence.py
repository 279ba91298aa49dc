"""Re-hash every stored evidence file and report each one changed or missing.

Exits with status 1 if any file does not match its recorded SHA-256, so it can run from cron
and alert. Withdrawn files are checked too: they are kept, so they must stay intact. Files in
storage that no record points to (left by an upload cut off mid-way) are listed as orphans;
they lose nothing, so they do not fail the check.
"""

from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand, CommandError

from evidence.models import EvidenceFile
from evidence.uploads import sha256_of_stored


class Command(BaseCommand):
    help = "Re-hash every stored evidence file; report mismatches and missing files."

    def handle(self, *args, **options):
        checked, problems = 0, 0
        known = set()
        files = EvidenceFile.objects.select_related(
            "cell__requirement__indicator__component__plan__satker"
        ).order_by("pk")
        for evidence in files.iterator(chunk_size=500):
            checked += 1
            known.update(name for name in (evidence.file.name, evidence.thumbnail.name) if name)
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
        orphans = [name for name in self._stored_names() if name not in known]
        for name in orphans:
            self.stdout.write(f"ORPHAN   {name} (no record points to it)")
        summary = f"{checked} file(s) checked, {problems} problem(s), {len(orphans)} orphan(s)."
        if problems:
            raise CommandError(summary)
        self.stdout.write(self.style.SUCCESS(summary))

    def _stored_names(self):
        """Every name under the folders evidence is written to, through the storage API."""
        pending = ["evidence", "thumbnails"]
        while pending:
            folder = pending.pop()
            try:
                folders, names = default_storage.listdir(folder)
            except (FileNotFoundError, NotImplementedError):
                continue
            pending.extend(f"{folder}/{sub}" for sub in folders)
            yield from (f"{folder}/{name}" for name in names)

    def _describe(self, evidence):
        cell = evidence.cell
        plan = cell.requirement.indicator.component.plan
        where = f"{plan.satker.slug} {plan.year}, {cell.requirement.indicator.code}"
        return (
            f"#{evidence.pk} {evidence.file.name} "
            f"({evidence.original_name}; {where}, month {cell.month})"
        )
