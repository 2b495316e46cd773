from django.core.management.base import BaseCommand

from apertus.search import relevance


class Command(BaseCommand):
    help = "Mide la relevancia de la búsqueda (precisión en 5) y su latencia con las consultas de relevance.json."

    def add_arguments(self, parser):
        parser.add_argument("--worst", type=int, default=10, help="cuántas consultas peores mostrar")
        parser.add_argument("--repeat", type=int, default=3, help="veces que se corre el conjunto (latencia)")

    def handle(self, *args, worst=10, repeat=3, **options):
        runs = [relevance.run() for _ in range(max(1, repeat))]
        outcomes = runs[-1]
        timings = [o for run in runs[1:] or runs for o in run]  # the first run warms the caches
        figures = relevance.summary(outcomes)
        latency = relevance.summary(timings)
        self.stdout.write(
            f"search relevance: {figures['queries']} queries, precision@5 {figures['precision_at_5']:.3f}"
        )
        self.stdout.write(
            f"search latency (uncached): p50 {latency['p50_ms']:.1f} ms, p95 {latency['p95_ms']:.1f} ms ({len(timings)} searches)"
        )
        for outcome in sorted(outcomes, key=lambda o: o.precision)[:worst]:
            if outcome.precision < 1:
                self.stdout.write(f"  {outcome.precision:.2f}  {outcome.query!r}: {', '.join(outcome.top[:3])}")
