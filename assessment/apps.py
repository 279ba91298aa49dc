from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssessmentConfig(AppConfig):
    """The LKE self-assessment: frameworks as data, the unit's and the evaluators' answers,
    the score as the evaluators compute it, and how far it is from WBK/WBBM."""

    name = "assessment"
    verbose_name = _("LKE self-assessment")

    def ready(self):
        from monitoring import panels

        from .panels import (
            lke_card,
            lke_tpi_column,
            lke_unit_column,
            ready_for_wbbm,
            ready_for_wbk,
        )

        panels.register_dashboard_card(
            "lke", template="assessment/_dashboard_card.html", values=lke_card
        )
        panels.register_overview_column("lke_unit", heading=_("LKE (unit)"), values=lke_unit_column)
        panels.register_overview_column("lke_tpi", heading=_("LKE (TPI)"), values=lke_tpi_column)
        panels.register_overview_counter(
            "lke_wbk", heading=_("Ready for WBK"), values=ready_for_wbk
        )
        panels.register_overview_counter(
            "lke_wbbm", heading=_("Ready for WBBM"), values=ready_for_wbbm
        )
