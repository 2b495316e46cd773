from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from apertus.core.manifest import AppManifest, import_modules


class OpenDataConfig(AppConfig):
    name = "apertus.opendata"
    label = "opendata"
    verbose_name = _("Datos abiertos")
    manifest = AppManifest(
        modules=("rules", "version"),
        url_prefix="", urls="apertus.opendata.urls",
        api_prefix="/", api_router="apertus.opendata.api.router",
    )

    def ready(self):
        import_modules(self)
        from apertus.opendata import version

        version.connect()
