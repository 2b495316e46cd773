import json

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from apertus.advice.irm_report import irm_report
from apertus.plans.ogp_import import read_ogp


class Command(BaseCommand):
    help = "Compara la revisión automática de calidad con las calificaciones del IRM (archivo en formato de OGP); imprime JSON."

    def add_arguments(self, parser):
        parser.add_argument(
            "--against-irm",
            required=True,
            metavar="FILE.csv",
            help="exportación de compromisos de OGP con las calificaciones del IRM",
        )

    def handle(self, *args, against_irm, **options):
        try:
            _header, records = read_ogp(against_irm)
        except (OSError, ValidationError) as exc:
            raise CommandError(str(getattr(exc, "messages", [exc])[0])) from exc
        self.stdout.write(json.dumps(irm_report(records), indent=2, ensure_ascii=False))
