"""Benchmark: times the main pages and endpoints on a fresh database with the demo data.

Reports medians and ratios; asserts nothing (tests assert behaviour and query counts, this
measures). Run with `make bench`. Uses its own temporary SQLite database unless DATABASE_URL is set.
"""

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("APERTUS_ENV", "test")
os.environ["APERTUS_VAR_DIR"] = tempfile.mkdtemp(prefix="apertus-bench-")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "apertus.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, reset_queries  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from apertus.accounts.models import User  # noqa: E402


def timed(label, fn):
    started = time.perf_counter()
    result = fn()
    print(f"{label:<48} {time.perf_counter() - started:8.2f} s")
    return result


def measure(client, url, runs=15):
    times, queries = [], 0
    for _ in range(runs):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.get(url)
            if hasattr(response, "streaming_content"):
                b"".join(response.streaming_content)
            times.append((time.perf_counter() - started) * 1000)
        queries = len(captured)
        assert response.status_code == 200, (url, response.status_code)
    return statistics.median(times), max(times), queries


def proposals_with_comments():
    """Two demo proposals: one with 10 comments, one with 1,000 (bulk-created, as a busy consultation)."""
    from django.contrib.contenttypes.models import ContentType

    from apertus.comments.models import Comment
    from apertus.participation.selectors import public_proposals

    few, many = public_proposals().order_by("pk")[:2]
    author = User.objects.filter(is_demo=True).order_by("pk").first()
    for proposal, n in ((few, 10), (many, 1000)):
        kind = ContentType.objects.get_for_model(proposal)
        have = Comment.objects.filter(content_type=kind, object_id=proposal.pk).count()
        Comment.objects.bulk_create([Comment(content_type=kind, object_id=proposal.pk, author=author,
                                             body=f"Comentario de carga {i}") for i in range(max(0, n - have))])
    return few, many


def main():
    print("Apertus benchmark", "(PostgreSQL)" if os.environ.get("DATABASE_URL") else "(SQLite)")
    timed("migrate", lambda: call_command("migrate", verbosity=0))
    timed("load_reference (first)", lambda: call_command("load_reference", verbosity=0))
    timed("load_reference (again, idempotent)", lambda: call_command("load_reference", verbosity=0))
    timed("load_demo (first)", lambda: call_command("load_demo", quiet=True))
    timed("load_demo (again, idempotent)", lambda: call_command("load_demo", quiet=True))

    from apertus.plans.models import ActionPlan
    from apertus.plans.tests.conftest import build_plan

    plan = ActionPlan.objects.filter(state__code="20").first()
    commitment = plan.commitments.first()
    small = timed("build a plan with 2 commitments", lambda: build_plan("26", commitments=2, milestones=3, edition=90))
    big = timed("build a plan with 200 commitments", lambda: build_plan("26", commitments=200, milestones=3, edition=91))

    client = Client()
    pages = [
        ("/", "home"), ("/estados/oaxaca/", "state page"), ("/ods/16/", "SDG page"),
        (plan.get_absolute_url(), "plan page (demo)"), (commitment.get_absolute_url(), "commitment page (demo)"),
        (small.get_absolute_url(), "plan page, 2 commitments"), (big.get_absolute_url(), "plan page, 200 commitments"),
        ("/api/states/", "API states"), (f"/api/plans/{big.pk}/commitments?limit=100", "API 100 commitments"),
        ("/datos/municipios.csv", "CSV 2,478 municipalities (streamed)"), ("/datos/hitos.csv", "CSV all milestones"),
    ]
    pages.append(("/stl/oaxaca/", "STL page"))
    few, many = timed("build proposals with 10 and 1,000 comments", proposals_with_comments)
    pages += [(few.process.get_absolute_url(), "co-creation process page (demo)"),
              (few.get_absolute_url(), "proposal page, 10 comments"), (many.get_absolute_url(), "proposal page, 1,000 comments"),
              ("/convocatorias/", "calls list"), ("/formacion/2018/", "course outline 2018"),
              ("/programa/indicadores/", "program indicators (all cohorts)"), ("/programa/2017/oaxaca/", "cohort page 2017, Oaxaca"),
              ("/programa/indicadores.xlsx", "program indicators XLSX")]
    print(f"\n{'page':<48} {'median ms':>10} {'max ms':>8} {'queries':>8}")
    results = {}
    for url, label in pages:
        median, worst, queries = measure(client, url)
        results[label] = median
        print(f"{label:<48} {median:10.1f} {worst:8.1f} {queries:8d}")
    staff = Client()
    staff.force_login(User.objects.get(email="coordinacion@demo.apertus.mx"))
    for url, label in [("/formacion/2017/calificaciones/", "gradebook 2017 (20 fellows)"),
                       ("/formacion/2018/calificaciones/", "gradebook 2018 (40 fellows)"),
                       ("/formacion/2018/calificaciones.xlsx", "gradebook 2018 XLSX")]:
        median, worst, queries = measure(staff, url)
        results[label] = median
        print(f"{label:<48} {median:10.1f} {worst:8.1f} {queries:8d}")
    ratio = results["plan page, 200 commitments"] / results["plan page, 2 commitments"]
    print(f"\nplan page time ratio, 200 vs 2 commitments: {ratio:.1f}x (queries are equal; the rest is rendering rows)")
    ratio = results["proposal page, 1,000 comments"] / results["proposal page, 10 comments"]
    print(f"proposal page time ratio, 1,000 vs 10 comments: {ratio:.1f}x (comments are paginated)")
    ratio = results["gradebook 2018 (40 fellows)"] / results["gradebook 2017 (20 fellows)"]
    print(f"gradebook time ratio, 40 vs 20 fellows: {ratio:.1f}x")
    print()
    median, worst, queries = measure(client, "/buscar/?q=participacion+ciudadana")
    print(f"{'search page, «participacion ciudadana»':<48} {median:10.1f} {worst:8.1f} {queries:8d}")
    call_command("search_relevance", worst=5)  # precision at 5 and p50/p95 latency of the relevance set
    reset_queries()


if __name__ == "__main__":
    main()
