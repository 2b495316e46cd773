from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StlConfig(AppConfig):
    name = "apertus.stl"
    label = "stl"
    verbose_name = _("Secretariados Técnicos Locales")

    def ready(self):
        from apertus.stl import datasets, rules  # noqa: F401
