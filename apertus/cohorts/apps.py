from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from apertus.core.manifest import AppManifest, import_modules

WRITES_IN_PROGRAM = "the program's records and their writes (fellow profiles) live in apertus.program"


class CohortsConfig(AppConfig):
    """The program's public side: its page, each cohort and its states, the program indicators and the
    fellows' public profiles. It reads the program, calls, learning, surveys, stl and teams together,
    so it sits with the aggregators; the records it shows are the program app's (apertus.program)."""

    name = "apertus.cohorts"
    label = "cohorts"
    verbose_name = _("Generaciones del programa")
    manifest = AppManifest(
        modules=("datasets",),
        # The pages keep the program's URL names (program:index, program:cohort...) and its API paths.
        url_prefix="programa/",
        urls="apertus.cohorts.urls",
        api_prefix="/program",
        api_router="apertus.cohorts.api.router",
        without={
            "models.py": WRITES_IN_PROGRAM,
            "services.py": WRITES_IN_PROGRAM,
            "admin.py": WRITES_IN_PROGRAM,
            "rules.py": "its pages check the program's permissions (program.view_indicators, "
            "program.view_fellow_profile, program.change_fellow_profile)",
        },
    )

    def ready(self):
        import_modules(self)
