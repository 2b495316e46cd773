from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LearningConfig(AppConfig):
    name = "apertus.learning"
    label = "learning"
    verbose_name = _("Formación")

    def ready(self):
        from apertus.learning import rules  # noqa: F401
