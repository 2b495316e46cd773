from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from apertus.core.manifest import AppManifest, import_modules


class SdgConfig(AppConfig):
    name = "apertus.sdg"
    label = "sdg"
    verbose_name = _("Alineación con los ODS")
    manifest = AppManifest(
        url_prefix="mapa-ods/",
        urls="apertus.sdg.urls",
        api_prefix="/sdg",
        api_router="apertus.sdg.api.router",
        without={
            "admin.py": "its rows are a person's dismissed suggestions and derived scores: nothing to edit by hand"
        },
    )

    def ready(self):
        import_modules(self)
