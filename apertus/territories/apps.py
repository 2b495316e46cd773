from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from apertus.core.manifest import AppManifest, Reference, import_modules


class TerritoriesConfig(AppConfig):
    name = "apertus.territories"
    label = "territories"
    verbose_name = _("Territorio")
    manifest = AppManifest(
        modules=("datasets", "rules"),
        api_prefix="/states",
        api_router="apertus.territories.api.router",
        reference=(
            Reference(
                "entidades",
                "apertus.territories.services.states_load",
                order=10,
                files={"states_csv": "mexico/entidades_federativas.csv", "map_json": "geo/svgmaps_mexico_states.json"},
            ),
            Reference(
                "municipios",
                "apertus.territories.services.municipalities_load",
                order=20,
                files={"municipalities_csv": "mexico/municipios.csv"},
            ),
        ),
        followable={"territories.state": "apertus.territories.selectors.states_visible_to"},
        searchable=("apertus.territories.searchable.STATE",),
        facet_labels={"state": "apertus.territories.searchable.state_labels"},
        without={
            "views.py": "the state pages show the program and plans: they are the portal's (portal/state_urls.py)",
            "urls.py": "the state pages are the portal's (portal/state_urls.py)",
        },
    )

    def ready(self):
        import_modules(self)
