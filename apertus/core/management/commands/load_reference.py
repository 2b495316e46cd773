import time

from django.conf import settings
from django.core.management.base import BaseCommand

from apertus.core.held import held
from apertus.core.manifest import reference_steps, resolve


class Command(BaseCommand):
    help = "Carga (o actualiza) los datos de referencia: entidades, municipios, ODS, valores, programa."

    def handle(self, *args, **options):
        data = settings.DATA_DIR
        started = time.monotonic()
        verbose = options.get("verbosity", 1) > 0
        # Each app declares its steps in its manifest (AppManifest.reference), in dependency order. When
        # one of them indexes every reference record again (the search's, last), the others do not index
        # each record they write: held() counts the cache and open-data bumps and writes them once.
        steps = reference_steps()
        with held(index_rebuilt=any(step.rebuilds_index for step in steps)):
            for step in steps:
                result = resolve(step.loader)(**{name: data / path for name, path in step.files.items()})
                if verbose:
                    self.stdout.write(f"  {step.label}: {len(result) if step.count else result}")
        if verbose:
            self.stdout.write(self.style.SUCCESS(f"Datos de referencia cargados en {time.monotonic() - started:.1f} s"))
