from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    """PDF and Excel exports and evidence bundles: built by the report issues."""

    name = "reports"
    verbose_name = _("Reports")
