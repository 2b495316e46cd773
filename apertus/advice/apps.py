from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AdviceConfig(AppConfig):
    name = "apertus.advice"
    label = "advice"
    verbose_name = _("Asesoría técnica")

    def ready(self):
        from apertus.advice import datasets, hooks, rules  # noqa: F401

        hooks.connect()
