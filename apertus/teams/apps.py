from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TeamsConfig(AppConfig):
    name = "apertus.teams"
    label = "teams"
    verbose_name = _("Proyectos de equipo")

    def ready(self):
        from apertus.teams import rules  # noqa: F401
