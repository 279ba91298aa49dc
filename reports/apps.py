from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    """PDF and Excel exports and evidence bundles: built by the report issues."""

    name = "reports"
    verbose_name = _("Reports")

    def ready(self):
        from zi_tracker import records

        from .records import RULES

        records.register(self.label, "0007_signedmatrix_append_only_trigger", *RULES)
        post_migrate.connect(
            records.ensure_installed, sender=self, dispatch_uid="zi_records_reports"
        )
