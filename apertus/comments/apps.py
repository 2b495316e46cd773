from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommentsConfig(AppConfig):
    name = "apertus.comments"
    label = "comments"
    verbose_name = _("Comentarios")

    def ready(self):
        from apertus.comments import rules  # noqa: F401
