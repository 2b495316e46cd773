import time

from django.core.management.base import BaseCommand, CommandError

from apertus.search import index
from apertus.search.types import TYPES


class Command(BaseCommand):
    help = "Reconstruye el índice de búsqueda con todos los registros públicos."

    def add_arguments(self, parser):
        parser.add_argument("kinds", nargs="*", help="solo estos tipos: " + ", ".join(TYPES))

    def handle(self, *args, kinds=(), **options):
        unknown = sorted(set(kinds) - set(TYPES))
        if unknown:
            raise CommandError(f"Tipos desconocidos: {', '.join(unknown)}")
        started = time.monotonic()
        counts = index.rebuild(kinds or None)
        if options.get("verbosity", 1) > 0:
            for kind, n in counts.items():
                self.stdout.write(f"  {kind}: {n}")
            self.stdout.write(
                self.style.SUCCESS(f"Índice de búsqueda reconstruido en {time.monotonic() - started:.1f} s")
            )
