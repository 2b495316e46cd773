from django.core.management.base import BaseCommand

from apertus.sdg.training import build


class Command(BaseCommand):
    help = "Reconstruye el modelo de sugerencias ODS (apertus/sdg/model/) a partir de data/ del repositorio."

    def handle(self, *args, **options):
        build(log=lambda line: self.stdout.write(line))
        self.stdout.write("OK")
