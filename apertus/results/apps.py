from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ResultsConfig(AppConfig):
    name = "apertus.results"
    label = "results"
    verbose_name = _("Resultados del programa")

    def ready(self):
        from apertus.notifications.events import register_event
        from apertus.results import datasets, rules  # noqa: F401

        register_event(REPORT_READY_EVENT, _("Reportes para donantes listos para descargar"), optional=False)


REPORT_READY_EVENT = "funder_report_ready"
