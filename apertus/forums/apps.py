from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ForumsConfig(AppConfig):
    name = "apertus.forums"
    label = "forums"
    verbose_name = _("Foros y mensajes")

    def ready(self):
        from apertus.forums import rules  # noqa: F401
