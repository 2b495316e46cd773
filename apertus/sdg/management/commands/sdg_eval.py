from django.core.management.base import BaseCommand

from apertus.sdg.classifier import Classifier
from apertus.sdg.evaluation import evaluate, format_report


class Command(BaseCommand):
    help = "Mide el clasificador ODS con el conjunto de evaluación del repositorio (data/sdg_eval/)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--phrase-weight",
            type=float,
            default=None,
            help="peso de la señal de frases expertas (para comparar; por omisión el del modelo)",
        )

    def handle(self, *args, phrase_weight=None, **options):
        kwargs = {} if phrase_weight is None else {"phrase_weight": phrase_weight}
        classifier = Classifier(**kwargs)
        for lang in ("es", "en"):
            self.stdout.write(format_report(evaluate(classifier, lang)))
