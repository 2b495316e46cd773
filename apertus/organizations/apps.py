from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from apertus.core.manifest import AppManifest, import_modules


class OrganizationsConfig(AppConfig):
    name = "apertus.organizations"
    label = "organizations"
    verbose_name = _("Organizaciones")
    manifest = AppManifest(
        modules=("datasets", "rules"),
        url_prefix="organizaciones/",
        urls="apertus.organizations.urls",
        api_prefix="/organizations",
        api_router="apertus.organizations.api.router",
        searchable=("apertus.organizations.searchable.ORGANIZATION",),
    )

    def ready(self):
        import_modules(self)
