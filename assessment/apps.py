from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssessmentConfig(AppConfig):
    """The LKE self-assessment: frameworks as data, the unit's and the evaluators' answers,
    the score as the evaluators compute it, and how far it is from WBK/WBBM."""

    name = "assessment"
    verbose_name = _("LKE self-assessment")

    def ready(self):
        from evidence.uploads import register_stored_records
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
        register_stored_records(["lke"], lke_uploads)


def lke_uploads():
    """Every file uploaded as LKE evidence, for verify_evidence (removed ones included:
    removing takes it off the answer, the record and its file stay)."""
    from .models import QuestionEvidence

    uploads = QuestionEvidence.objects.filter(kind=QuestionEvidence.Kind.UPLOAD)
    uploads = uploads.select_related("assessment__satker", "question").order_by("pk")
    for item in uploads.iterator(chunk_size=500):
        where = f"{item.assessment.satker.slug} {item.assessment.year} q{item.question.position}"
        description = f"LKE evidence {item.file.name} ({item.original_name}, {where})"
        yield description, item.file, item.sha256, []
