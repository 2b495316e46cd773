from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgramConfig(AppConfig):
    name = "apertus.program"
    label = "program"
    verbose_name = _("Programa")

    def ready(self):
        from apertus.program import rules  # noqa: F401
