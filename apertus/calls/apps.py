from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CallsConfig(AppConfig):
    name = "apertus.calls"
    label = "calls"
    verbose_name = _("Convocatorias")

    def ready(self):
        from apertus.calls import rules  # noqa: F401
