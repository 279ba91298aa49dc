from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SurveysConfig(AppConfig):
    name = "surveys"
    verbose_name = _("Surveys")

    def ready(self):
        from zi_tracker.signals import demo_seeded

        from .demo import add_demo_survey

        demo_seeded.connect(add_demo_survey, dispatch_uid="surveys.demo")
