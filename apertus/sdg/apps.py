from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SdgConfig(AppConfig):
    name = "apertus.sdg"
    label = "sdg"
    verbose_name = _("Alineación con los ODS")

    def ready(self):
        from apertus.sdg import rules  # noqa: F401
