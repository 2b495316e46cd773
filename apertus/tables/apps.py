from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TablesConfig(AppConfig):
    name = "apertus.tables"
    label = "tables"
    verbose_name = _("Mesas de trabajo")

    def ready(self):
        from apertus.tables import rules  # noqa: F401
