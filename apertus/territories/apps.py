from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TerritoriesConfig(AppConfig):
    name = "apertus.territories"
    label = "territories"
    verbose_name = _("Territorio")

    def ready(self):
        from apertus.territories import rules  # noqa: F401
