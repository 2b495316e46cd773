from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from apertus.core.manifest import AppManifest, Demo, Event, import_modules


class LearningConfig(AppConfig):
    name = "apertus.learning"
    label = "learning"
    verbose_name = _("Formación")
    manifest = AppManifest(
        url_prefix="formacion/",
        urls="apertus.learning.urls",
        api_prefix="/learning",
        api_router="apertus.learning.api.router",
        demo=(Demo("apertus.learning.demo.learning_demo_load", "formación", order=70),),
        events=(Event("assignment_graded", _("Calificaciones de mis tareas y entregables")),),
    )

    def ready(self):
        import_modules(self)
