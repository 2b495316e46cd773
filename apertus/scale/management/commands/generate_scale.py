import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from apertus.core.cache import bump
from apertus.scale import generator


class Command(BaseCommand):
    help = (
        "Agrega el conjunto de datos a escala nacional sobre la demostración (32 planes, 6,000 compromisos, "
        "50,000 propuestas, 500,000 comentarios, 2,000,000 de apoyos con --scale 1.0). Nunca en producción."
    )

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=float, default=1.0, help="fracción del tamaño nacional (0.1 = una décima)")
        parser.add_argument("--seed", type=int, default=2026, help="semilla: la misma da los mismos datos")
        parser.add_argument("--quiet", action="store_true", help="sin barra de progreso")

    def handle(self, *args, seed: int, quiet: bool, **options):
        factor = options["scale"]
        if not settings.DEMO_ALLOWED:
            raise CommandError("Los datos a escala no se generan en producción (APERTUS_ENV=production).")
        if not 0 < factor <= 5:
            raise CommandError("--scale debe estar entre 0 y 5.")
        if generator.already_generated():
            raise CommandError(
                "Los datos a escala ya están en esta base de datos; usa una base nueva para otra escala."
            )
        bar = generator.Bar(stream=self.stderr._out, quiet=quiet)
        started = time.perf_counter()
        counts = generator.generate(scale=factor, seed=seed, bar=bar)
        search = generator.rebuild_search_index(bar)
        bump()  # the bulk writes bypass the connection's write watch: cached pages must go
        elapsed = time.perf_counter() - started
        for key, value in counts.items():
            self.stdout.write(f"  {key}: {value:,}")
        self.stdout.write(f"  índice de búsqueda: {search}")
        self.stdout.write(f"Datos a escala {factor} generados en {elapsed:.1f} s")
