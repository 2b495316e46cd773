from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from apertus.core.manifest import AppManifest, import_modules


class OpenDataConfig(AppConfig):
    name = "apertus.opendata"
    label = "opendata"
    verbose_name = _("Datos abiertos")
    manifest = AppManifest(
        modules=("rules", "version"),
        url_prefix="",
        urls="apertus.opendata.urls",
        api_prefix="/",
        api_router="apertus.opendata.api.router",
        without={
            "services.py": "it publishes other apps' data; its only writes are the data version (version.py) and "
            "a person's calendar token (calendar_views.py, still written in the view)",
            "selectors.py": "each dataset's rows come from its app's datasets.py",
            "admin.py": "its rows (data version, calendar tokens) are kept by the code, not edited by hand",
        },
    )

    def ready(self):
        import_modules(self)
        from apertus.opendata import version

        version.connect()
