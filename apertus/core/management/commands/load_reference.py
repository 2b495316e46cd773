import time

from django.conf import settings
from django.core.management.base import BaseCommand

from apertus.program import services as program
from apertus.results import loaders as results
from apertus.search import index as search_index
from apertus.taxonomy import services as taxonomy
from apertus.territories import services as territories


class Command(BaseCommand):
    help = "Carga (o actualiza) los datos de referencia: entidades, municipios, ODS, valores, programa."

    def handle(self, *args, **options):
        data = settings.DATA_DIR
        started = time.monotonic()
        steps = [
            ("entidades", lambda: territories.states_load(
                states_csv=data / "mexico/entidades_federativas.csv", map_json=data / "geo/svgmaps_mexico_states.json")),
            ("municipios", lambda: territories.municipalities_load(municipalities_csv=data / "mexico/municipios.csv")),
            ("ODS", lambda: taxonomy.sdg_load(
                goals_csv=data / "sdg/sdg_goals.csv", targets_csv=data / "sdg/sdg_targets.csv",
                indicators_csv=data / "sdg/sdg_indicators.csv")),
            ("valores de gobierno abierto", taxonomy.ogp_values_load),
            ("temas", taxonomy.themes_load),
            ("fases", lambda: len(program.phases_load())),
            ("aliados", program.partners_load),
            ("entidades participantes", lambda: program.participations_load(
                exercises_csv=data / "program/local_exercises.csv",
                institutions_csv=data / "program/stl_member_institutions.csv")),
            ("órganos garantes", lambda: program.guarantors_load(
                guarantors_json=data / "program/agentes_inai_data_organos_garantes.json")),
            ("metas del programa", lambda: results.targets_load(targets_csv=data / "program/results_targets.csv")),
            ("series ODS estatales", lambda: results.series_load(
                series_csv=data / "program/ppi4sd_mx_state_sdg_indicators_2006_2018.csv")),
            ("fichas estatales", lambda: results.facts_load(
                data_csv=data / "program/agentes_fichas_estados_datos.csv",
                dictionary_csv=data / "program/agentes_fichas_estados_diccionario.csv")),
            ("índice de búsqueda", lambda: sum(search_index.rebuild(search_index.REFERENCE_KINDS).values())),
        ]
        verbose = options.get("verbosity", 1) > 0
        for label, step in steps:
            result = step()
            if verbose:
                self.stdout.write(f"  {label}: {result}")
        if verbose:
            self.stdout.write(self.style.SUCCESS(f"Datos de referencia cargados en {time.monotonic() - started:.1f} s"))
