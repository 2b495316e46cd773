from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    name = "apertus.plans"
    label = "plans"
    verbose_name = _("Planes de acción")

    def ready(self):
        from apertus.plans import datasets, rules  # noqa: F401
