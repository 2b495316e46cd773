from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from apertus.core.manifest import AppManifest, import_modules


class DashboardConfig(AppConfig):
    name = "apertus.dashboard"
    label = "dashboard"
    verbose_name = _("Mi panel")
    manifest = AppManifest(
        modules=("rules",),
        url_prefix="mi-panel/",
        urls="apertus.dashboard.urls",
        without={
            "api.py": "it only gathers what other apps' selectors say waits for the person",
            "services.py": "it writes nothing",
            "models.py": "it keeps nothing of its own",
            "admin.py": "it has no models",
        },
    )

    def ready(self):
        import_modules(self)
