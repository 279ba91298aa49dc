"""Re-hash every stored file the app vouches for and report each one changed or missing.

That is every evidence file (monev reports attached as evidence among them) and every
signed matrix PDF: each has its SHA-256 recorded when it was stored. (Thumbnails and the
scanned signature have none: a thumbnail is a preview made from the checked photo, and the
signature is inside the signed PDF, which is checked.) Other apps' stored records register
a check with `register_check` in their AppConfig.ready.

Exits with status 1 if any file does not match its recorded SHA-256, so it can run from cron
and alert. Withdrawn files are checked too: they are kept, so they must stay intact. Files in
storage that no record points to (left by an upload cut off mid-way) are listed as orphans;
they lose nothing, so they do not fail the check.
"""

from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand, CommandError

from evidence.models import EvidenceFile
from evidence.uploads import STORED_RECORDS as CHECKS
from zi_tracker.files import sha256_of_stored


class Command(BaseCommand):
    help = "Re-hash every stored evidence file; report mismatches and missing files."

    def handle(self, *args, **options):
        checked, problems = 0, 0
        known = set()
        for description, stored, sha256, others in self._records():
            checked += 1
            known.update(name for name in (stored.name, *others) if name)
            problems += not self._check(description, stored, sha256)
        orphans = [name for name in self._stored_names() if name not in known]
        for name in orphans:
            self.stdout.write(f"ORPHAN   {name} (no record points to it)")
        summary = f"{checked} file(s) checked, {problems} problem(s), {len(orphans)} orphan(s)."
        if problems:
            raise CommandError(summary)
        self.stdout.write(self.style.SUCCESS(summary))

    def _records(self):
        files = EvidenceFile.objects.select_related(
            "cell__requirement__indicator__component__plan__satker"
        ).order_by("pk")
        for evidence in files.iterator(chunk_size=500):
            yield (
                self._describe(evidence),
                evidence.file,
                evidence.sha256,
                [evidence.thumbnail.name],
            )
        for _folders, records in CHECKS:
            yield from records()

    def _check(self, description, stored, sha256):
        """Whether one stored file is there with its recorded hash; reports it if not."""
        try:
            digest = sha256_of_stored(stored.storage, stored.name)
        except OSError:
            self.stdout.write(f"MISSING  {description}")
            return False
        if digest != sha256:
            self.stdout.write(
                f"CHANGED  {description}\n         recorded {sha256}\n         on disk  {digest}"
            )
            return False
        return True

    def _stored_names(self):
        """Every name under the folders stored records are written to (storage API)."""
        pending = ["evidence", "thumbnails", *(f for folders, _r in CHECKS for f in folders)]
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
