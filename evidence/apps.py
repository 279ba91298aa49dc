from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvidenceConfig(AppConfig):
    """Uploads, review and realization of evidence: built by the evidence issue."""

    name = "evidence"
    verbose_name = _("Evidence")

    def ready(self):
        from components import home

        from .worklist import home_card

        home.register_home_card("tasks", template="evidence/_home_tasks.html", values=home_card)
