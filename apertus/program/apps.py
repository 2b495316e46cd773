from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from apertus.core.manifest import AppManifest, Demo, Reference, import_modules

# The program's pages and API read the courses, calls, surveys and teams too: they are an aggregator's.
PAGES_IN_COHORTS = "the program's pages and API are in apertus.cohorts, which reads the other apps with it"


class ProgramConfig(AppConfig):
    name = "apertus.program"
    label = "program"
    verbose_name = _("Programa")
    manifest = AppManifest(
        modules=("datasets", "personal_data", "rules"),
        reference=(
            Reference("fases", "apertus.program.services.phases_load", order=60, count=True),
            Reference("aliados", "apertus.program.services.partners_load", order=70),
            Reference(
                "entidades participantes",
                "apertus.program.services.participations_load",
                order=80,
                files={
                    "exercises_csv": "program/local_exercises.csv",
                    "institutions_csv": "program/stl_member_institutions.csv",
                },
            ),
            Reference(
                "órganos garantes",
                "apertus.program.services.guarantors_load",
                order=90,
                files={"guarantors_json": "program/agentes_inai_data_organos_garantes.json"},
            ),
        ),
        demo=(
            # Right after the demo people (order 10): the later demos need the fellows.
            Demo("apertus.program.demo.fellows_demo_load", "", order=11),
            Demo("apertus.program.demo.program_demo_load", "perfiles públicos de fellows", order=110),
        ),
        personal_data={"perfil_publico_fellow": "apertus.program.personal_data.personal_data"},
        account_deletion=("apertus.program.personal_data.forget",),
        facet_labels={"phase": "apertus.program.searchable.phase_labels"},
        # Profiles declare no state for moderation: only coordination may hide one, not a state's STL.
        without={
            "views.py": PAGES_IN_COHORTS,
            "urls.py": PAGES_IN_COHORTS,
            "api.py": PAGES_IN_COHORTS,
        },
    )

    def ready(self):
        import_modules(self)
