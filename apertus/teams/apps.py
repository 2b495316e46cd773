from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TeamsConfig(AppConfig):
    name = "apertus.teams"
    label = "teams"
    verbose_name = _("Proyectos de equipo")

    def ready(self):
        from apertus.notifications.events import register_event
        from apertus.teams import datasets, rules  # noqa: F401
        from apertus.teams.services import FEEDBACK_EVENT, SUBMISSION_EVENT

        register_event(FEEDBACK_EVENT, _("Retroalimentación a los entregables de mi equipo"))
        register_event(SUBMISSION_EVENT, _("Entregas de los equipos que acompaño"))
