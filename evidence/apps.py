from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class EvidenceConfig(AppConfig):
    """Uploads, review and realization of evidence: built by the evidence issue."""

    name = "evidence"
    verbose_name = _("Evidence")

    def ready(self):
        from zi_tracker import records

        from .records import RULES

        records.register(self.label, "0008_records_append_only_triggers", *RULES)
        post_migrate.connect(
            records.ensure_installed, sender=self, dispatch_uid="zi_records_evidence"
        )

        from components import home

        from .worklist import home_card

        home.register_home_card("tasks", template="evidence/_home_tasks.html", values=home_card)
