from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from apertus.core.manifest import AppManifest, Event, Reference, import_modules

REPORT_READY_EVENT = "funder_report_ready"


class ResultsConfig(AppConfig):
    name = "apertus.results"
    label = "results"
    verbose_name = _("Resultados del programa")
    manifest = AppManifest(
        modules=("datasets", "rules"),
        url_prefix="resultados/",
        urls="apertus.results.urls",
        api_prefix="/results",
        api_router="apertus.results.api.router",
        reference=(
            Reference(
                "metas del programa",
                "apertus.results.loaders.targets_load",
                order=100,
                files={"targets_csv": "program/results_targets.csv"},
            ),
            Reference(
                "series ODS estatales",
                "apertus.results.loaders.series_load",
                order=110,
                files={"series_csv": "program/ppi4sd_mx_state_sdg_indicators_2006_2018.csv"},
            ),
            Reference(
                "fichas estatales",
                "apertus.results.loaders.facts_load",
                order=120,
                files={
                    "data_csv": "program/agentes_fichas_estados_datos.csv",
                    "dictionary_csv": "program/agentes_fichas_estados_diccionario.csv",
                },
            ),
        ),
        events=(Event(REPORT_READY_EVENT, _("Reportes para donantes listos para descargar"), optional=False),),
    )

    def ready(self):
        import_modules(self)
