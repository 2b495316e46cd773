"""Rows per second of the open-data exports.

python scripts/bench_exports.py [number of commitments, default 6000]
    the commitments export (CSV, JSON) on generated data, in a temporary SQLite database (or DATABASE_URL)
python scripts/bench_exports.py --existing [slug ...]
    every dataset (or the ones named) on the database already in DATABASE_URL (for instance one filled by
    ``generate_scale``), read only: rows, MB, seconds, rows/s and the growth of the peak RSS while streaming
"""

import os
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("APERTUS_ENV", "test")
if "--existing" not in sys.argv:
    os.environ["APERTUS_VAR_DIR"] = tempfile.mkdtemp(prefix="apertus-bench-exports-")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "apertus.settings")

import django  # noqa: E402

django.setup()

from datetime import date  # noqa: E402

from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402


def generate(total: int) -> None:
    from apertus.organizations.models import Organization
    from apertus.plans.models import ActionPlan, Commitment, PlanStatus
    from apertus.taxonomy.models import Term
    from apertus.territories.models import State

    goal = Term.objects.get(scheme="sdg_goal", code="16")
    targets = list(Term.objects.filter(scheme="sdg_target", code__in=["16.6", "16.10"]))
    states = list(State.objects.order_by("code"))
    per_state = total // len(states)
    for state in states:
        org = Organization.objects.create(
            name=f"Gobierno de {state.short_name}", slug=f"gob-{state.code}", type="gobierno", state=state
        )
        plan = ActionPlan.objects.create(
            state=state,
            edition=1,
            title=f"Plan {state.short_name}",
            period_start=date(2025, 1, 1),
            period_end=date(2027, 12, 31),
            status=PlanStatus.IMPLEMENTATION,
        )
        Commitment.objects.bulk_create(
            [
                Commitment(
                    plan=plan,
                    number=n + 1,
                    title=f"Compromiso {n + 1}",
                    problem="Problema público " * 20,
                    objective="Objetivo " * 20,
                    baseline="Línea base",
                    primary_goal=goal,
                    lead_institution=org,
                    start_date=date(2025, 1, 1),
                    end_date=date(2027, 12, 31),
                )
                for n in range(per_state)
            ]
        )
        through = Commitment.targets.through
        through.objects.bulk_create(
            [
                through(commitment_id=c, term_id=t.pk)
                for c in plan.commitments.values_list("pk", flat=True)
                for t in targets
            ]
        )


def measure(client, url: str, rows: int) -> None:
    tracemalloc.start() if os.environ.get("TRACE_MEMORY") else None
    started = time.perf_counter()
    size = sum(len(chunk) for chunk in client.get(url).streaming_content)
    seconds = time.perf_counter() - started
    _, peak = tracemalloc.get_traced_memory() if tracemalloc.is_tracing() else (0, 0)
    tracemalloc.stop() if tracemalloc.is_tracing() else None
    print(
        f"{url:<28} {rows:>7} rows {seconds:6.2f} s {rows / seconds:>9,.0f} rows/s "
        f"{size / 1e6:6.1f} MB peak Python memory {peak / 1e6:5.1f} MB"
    )


def measure_existing(slugs: list[str]) -> None:
    import csv
    import io
    import resource

    from apertus.core.datasets import DATASETS

    client = Client()
    client.get("/datos/entidades.csv")  # load the URL map and middleware before the clock starts
    for slug in slugs or list(DATASETS):
        for fmt in ("csv", "json"):
            before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
            started = time.perf_counter()
            size, tail, rows = 0, "", 0
            for chunk in client.get(f"/datos/{slug}.{fmt}").streaming_content:
                size += len(chunk)
                if fmt == "csv":  # count records, not lines: text fields may hold line breaks
                    text = tail + chunk.decode("utf-8")
                    cut = text.rfind("\n") + 1
                    rows += sum(1 for _ in csv.reader(io.StringIO(text[:cut]))) if cut else 0
                    tail = text[cut:]
            seconds = time.perf_counter() - started
            growth = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
            if fmt == "csv":
                rows -= 1  # the header
                print(
                    f"{slug:<26} csv  {rows:>8} rows {size / 1e6:7.1f} MB {seconds:7.2f} s "
                    f"{rows / seconds if seconds else 0:>10,.0f} rows/s  peak RSS growth {growth:5.0f} MB"
                )
            else:
                print(
                    f"{slug:<26} json {rows:>8} rows {size / 1e6:7.1f} MB {seconds:7.2f} s "
                    f"{rows / seconds if seconds else 0:>10,.0f} rows/s  peak RSS growth {growth:5.0f} MB"
                )


if __name__ == "__main__":
    if sys.argv[1:2] == ["--existing"]:
        measure_existing(sys.argv[2:])
        sys.exit()
    total = int(sys.argv[1]) if len(sys.argv) > 1 else 6000
    call_command("migrate", verbosity=0)
    call_command("load_reference", verbosity=0)
    generate(total)
    from apertus.plans.models import Commitment

    rows = Commitment.objects.count()
    client = Client()
    for fmt in ("csv", "json"):
        measure(client, f"/datos/compromisos.{fmt}", rows)
