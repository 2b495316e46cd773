from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from apertus.core.manifest import AppManifest, import_modules


class PortalConfig(AppConfig):
    name = "apertus.portal"
    label = "portal"
    verbose_name = _("Portal público")
    manifest = AppManifest(
        url_prefix="",
        urls="apertus.portal.urls",
        # The state pages too (namespace "territories": State.get_absolute_url and the templates reverse it).
        more_urls=(("estados/", "apertus.portal.state_urls"),),
        without={
            "api.py": "the home page and the about pages have no data of their own to serve",
            "services.py": "it writes nothing",
            "admin.py": "it has no models",
            "models.py": "its pages show other apps' records",
        },
    )

    def ready(self):
        import_modules(self)
