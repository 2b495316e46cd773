from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ParticipationConfig(AppConfig):
    name = "apertus.participation"
    label = "participation"
    verbose_name = _("Participación ciudadana")

    def ready(self):
        from apertus.participation import datasets, hooks, rules  # noqa: F401

        hooks.connect()
