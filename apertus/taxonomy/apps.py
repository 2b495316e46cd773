from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from apertus.core.manifest import AppManifest, Reference, import_modules


class TaxonomyConfig(AppConfig):
    name = "apertus.taxonomy"
    label = "taxonomy"
    verbose_name = _("Taxonomía")
    manifest = AppManifest(
        modules=("datasets", "rules"),
        url_prefix="ods/",
        urls="apertus.taxonomy.urls",
        api_prefix="/terms",
        api_router="apertus.taxonomy.api.router",
        reference=(
            Reference(
                "ODS",
                "apertus.taxonomy.services.sdg_load",
                order=30,
                files={
                    "goals_csv": "sdg/sdg_goals.csv",
                    "targets_csv": "sdg/sdg_targets.csv",
                    "indicators_csv": "sdg/sdg_indicators.csv",
                },
            ),
            Reference("valores de gobierno abierto", "apertus.taxonomy.services.ogp_values_load", order=40),
            Reference("temas", "apertus.taxonomy.services.themes_load", order=50),
        ),
        searchable=(
            "apertus.taxonomy.searchable.GOAL",
            "apertus.taxonomy.searchable.TARGET",
            "apertus.taxonomy.searchable.INDICATOR",
        ),
        facet_labels={"goal": "apertus.taxonomy.searchable.goal_labels"},
    )

    def ready(self):
        import_modules(self)
