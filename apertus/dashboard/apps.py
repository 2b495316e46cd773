from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DashboardConfig(AppConfig):
    name = "apertus.dashboard"
    label = "dashboard"
    verbose_name = _("Mi panel")

    def ready(self):
        from apertus.dashboard import rules  # noqa: F401
