from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from apertus.core.manifest import AppManifest, Demo, import_modules


class StlConfig(AppConfig):
    name = "apertus.stl"
    label = "stl"
    verbose_name = _("Secretariados Técnicos Locales")
    manifest = AppManifest(
        searchable=(
            "apertus.stl.searchable.SESSION",
            "apertus.stl.searchable.AGREEMENT",
            "apertus.stl.searchable.STL_RECORDS",
        ),
        modules=("datasets", "rules"),
        url_prefix="stl/",
        urls="apertus.stl.urls",
        api_prefix="/stl",
        api_router="apertus.stl.api.router",
        demo=(Demo("apertus.stl.demo.stl_demo_load", "STL de demostración", order=20),),
    )

    def ready(self):
        import_modules(self)
