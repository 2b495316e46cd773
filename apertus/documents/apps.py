from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    name = "apertus.documents"
    label = "documents"
    verbose_name = _("Documentos")

    def ready(self):
        from apertus.documents import rules  # noqa: F401
