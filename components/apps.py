from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ComponentsConfig(AppConfig):
    name = "components"
    verbose_name = _("Action plans")

    def ready(self):
        from . import logins, signals  # noqa: F401  (connect the login and tree signals)
