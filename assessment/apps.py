from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssessmentConfig(AppConfig):
    """The LKE self-assessment: frameworks as data, the unit's and the evaluators' answers,
    the score as the evaluators compute it, and how far it is from WBK/WBBM."""

    name = "assessment"
    verbose_name = _("LKE self-assessment")
