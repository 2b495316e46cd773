from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TaxonomyConfig(AppConfig):
    name = "apertus.taxonomy"
    label = "taxonomy"
    verbose_name = _("Taxonomía")

    def ready(self):
        from apertus.taxonomy import rules  # noqa: F401
