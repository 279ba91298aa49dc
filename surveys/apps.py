from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class SurveysConfig(AppConfig):
    name = "surveys"
    verbose_name = _("Surveys")

    def ready(self):
        from zi_tracker import records
        from zi_tracker.signals import demo_seeded

        from .demo import add_demo_survey
        from .records import RULES

        records.register(self.label, "0003_responses_append_only_triggers", *RULES)
        post_migrate.connect(
            records.ensure_installed, sender=self, dispatch_uid="zi_records_surveys"
        )

        demo_seeded.connect(add_demo_survey, dispatch_uid="surveys.demo")
