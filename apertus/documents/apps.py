from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from apertus.core.manifest import AppManifest, import_modules


class DocumentsConfig(AppConfig):
    name = "apertus.documents"
    label = "documents"
    verbose_name = _("Documentos")
    manifest = AppManifest(
        url_prefix="documentos/",
        urls="apertus.documents.urls",
        api_prefix="/documents",
        api_router="apertus.documents.api.router",
    )

    def ready(self):
        import_modules(self)
