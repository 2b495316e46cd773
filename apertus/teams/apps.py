from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from apertus.core.manifest import AppManifest, Demo, Event, import_modules


class TeamsConfig(AppConfig):
    name = "apertus.teams"
    label = "teams"
    verbose_name = _("Proyectos de equipo")
    manifest = AppManifest(
        searchable=("apertus.teams.searchable.PROJECT",),
        modules=("datasets", "rules"),
        url_prefix="proyectos/",
        urls="apertus.teams.urls",
        api_prefix="/teams",
        api_router="apertus.teams.api.router",
        demo=(Demo("apertus.teams.demo.teams_demo_load", "proyectos de equipo", order=90),),
        events=(
            Event("team_feedback", _("Retroalimentación a los entregables de mi equipo")),
            Event("team_submission", _("Entregas de los equipos que acompaño")),
        ),
    )

    def ready(self):
        import_modules(self)
