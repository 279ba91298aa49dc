from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    """PDF and Excel exports and evidence bundles: built by the report issues."""

    name = "reports"
    verbose_name = _("Reports")

    def ready(self):
        from evidence.uploads import register_stored_records
        from zi_tracker import records

        from .records import RULES

        records.register(self.label, "0007_signedmatrix_append_only_trigger", *RULES)
        post_migrate.connect(
            records.ensure_installed, sender=self, dispatch_uid="zi_records_reports"
        )
        register_stored_records(["signed"], signed_records)


def signed_records():
    """Every signed matrix PDF for verify_evidence (its signature scan has no hash of its
    own: it is printed inside the PDF, which is checked)."""
    from .models import SignedMatrix

    versions = SignedMatrix.objects.select_related("plan__satker").order_by("pk")
    for signed in versions.iterator(chunk_size=500):
        plan = signed.plan
        where = f"{plan.satker.slug} {plan.year} v{signed.version}"
        description = f"signed matrix {signed.file.name} ({where})"
        yield description, signed.file, signed.sha256, [signed.signature_image.name]
