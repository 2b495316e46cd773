from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpenDataConfig(AppConfig):
    name = "apertus.opendata"
    label = "opendata"
    verbose_name = _("Datos abiertos")

    def ready(self):
        from apertus.opendata import rules, version  # noqa: F401

        version.connect()
