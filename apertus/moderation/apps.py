from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ModerationConfig(AppConfig):
    name = "apertus.moderation"
    label = "moderation"
    verbose_name = _("Moderación")

    def ready(self):
        from apertus.moderation import rules  # noqa: F401
        from apertus.moderation.registry import register_builtin_resolvers

        register_builtin_resolvers()
