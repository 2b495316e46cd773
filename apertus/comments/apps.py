from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommentsConfig(AppConfig):
    name = "apertus.comments"
    label = "comments"
    verbose_name = _("Comentarios")

    def ready(self):
        from apertus.comments import datasets, rules  # noqa: F401
        from apertus.comments.registry import register_builtin_targets

        register_builtin_targets()
