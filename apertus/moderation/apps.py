from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from apertus.core.manifest import AppManifest, Event, import_modules


class ModerationConfig(AppConfig):
    name = "apertus.moderation"
    label = "moderation"
    verbose_name = _("Moderación")
    manifest = AppManifest(
        url_prefix="moderacion/",
        urls="apertus.moderation.urls",
        events=(Event("moderation", _("Avisos de moderación sobre mi contenido"), optional=False),),
        without={"api.py": "hiding and restoring are decisions made on the web; hidden content never reaches the API"},
    )

    def ready(self):
        import_modules(self)
        from apertus.moderation.registry import register_from_manifests

        register_from_manifests()
