from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LearningConfig(AppConfig):
    name = "apertus.learning"
    label = "learning"
    verbose_name = _("Formación")

    def ready(self):
        from apertus.learning import rules  # noqa: F401
        from apertus.notifications.events import EVENTS, register_event

        if "assignment_graded" not in EVENTS:
            register_event("assignment_graded", _("Calificaciones de mis tareas y entregables"))
