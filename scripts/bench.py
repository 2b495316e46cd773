"""`make bench`: the main pages and API lists under gunicorn, side by side with a Django hello-world.

On the database in DATABASE_URL (a SQLite file under var/bench/ otherwise) it loads the reference
data, the demo and the national dataset (`generate_scale --scale $BENCH_SCALE`, 0.1 by default)
when they are missing, then serves the platform with production settings (DEBUG off, the
production middleware and static storage) under gunicorn with 2 workers. It loads each page with
wrk, interleaved with a hello-world view served by the same process, middleware and settings, and
prints requests/s, p50/p99 and the ratio to the hello-world; the number of queries of each page
(counted in-process); and rows/s and peak memory of every open-data export (each in its own
process). Results go to docs/bench/latest.md with the machine they ran on.

Environment: BENCH_SCALE (0.1), BENCH_DURATION (5s per wrk run), BENCH_CONNECTIONS (16),
BENCH_EXPORT_TIMEOUT (120 s per dataset), BENCH_SKIP_EXPORTS=1, BENCH_ONLY=<label substring>,
BENCH_EXPORTS_ONLY=1 (only the exports, on the database as it is: nothing loaded, served or written but
docs/bench/exports-latest.md), BENCH_DATASETS=<slug,slug> (only these exports),
BENCH_EXISTING=1 (measure the database in DATABASE_URL as it is: no migrate, no reference, demo or
scale data loaded, the query counts taken inside a transaction that is rolled back, and the one
session the signed-in pages use deleted afterwards; BENCH_SCALE then only labels the run).
Besides wrk's figures under load, each page's server time is taken in-process: BENCH_SERIAL (20)
requests one after another through the same middleware, their p95 reported.
It measures; it asserts nothing (tests assert behaviour and query counts).
"""

from __future__ import annotations

import json
import os
import platform
import re
import secrets
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
SCALE = os.environ.get("BENCH_SCALE", "0.1")
DURATION = os.environ.get("BENCH_DURATION", "5s")
CONNECTIONS = os.environ.get("BENCH_CONNECTIONS", "16")
OUT = ROOT / "docs" / "bench"


def _database_url() -> str:
    if os.environ.get("DATABASE_URL"):
        return os.environ["DATABASE_URL"]
    folder = ROOT / "var" / "bench"
    folder.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{folder / 'apertus.sqlite3'}"


DATABASE_URL = _database_url()
VAR_DIR = ROOT / "var" / "bench"
BASE_ENV = {
    **os.environ,
    "DATABASE_URL": DATABASE_URL,
    "APERTUS_VAR_DIR": str(VAR_DIR),
    "DJANGO_SETTINGS_MODULE": "apertus.settings",
    "PYTHONPATH": str(ROOT),
}
# Production settings, as far as a local run allows: no TLS in front, so no HTTPS redirect.
SERVE_ENV = {
    **BASE_ENV,
    "APERTUS_ENV": "production",
    "DJANGO_DEBUG": "false",
    "SECURE_SSL_REDIRECT": "false",
    "SECRET_KEY": os.environ.get("BENCH_SECRET_KEY") or secrets.token_urlsafe(64),
    "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
    "APERTUS_BENCH_HELLO": "true",
    "LOG_LEVEL": "WARNING",
}


def manage(*args, env_name: str = "development") -> None:
    subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, check=True, env={**BASE_ENV, "APERTUS_ENV": env_name})


EXISTING = os.environ.get("BENCH_EXISTING", "") not in ("", "0", "false")
SERIAL = int(os.environ.get("BENCH_SERIAL", "20"))


def prepare() -> dict[str, float]:
    timings = {}
    if EXISTING:
        subprocess.run([PYTHON, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, check=True, env=SERVE_ENV)
        return timings
    for label, args in [
        ("migrate", ("migrate", "--noinput", "-v0")),
        ("load_reference", ("load_reference",)),
        ("load_demo", ("load_demo", "--quiet")),
    ]:
        started = time.perf_counter()
        manage(*args)
        timings[label] = time.perf_counter() - started
    started = time.perf_counter()
    probe = subprocess.run(
        [
            PYTHON,
            "-c",
            "import django; django.setup(); from apertus.scale.generator import already_generated;"
            "print(already_generated())",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**BASE_ENV, "APERTUS_ENV": "development"},
        check=True,
    )
    if probe.stdout.strip() != "True":
        manage("generate_scale", "--scale", SCALE)
        timings[f"generate_scale --scale {SCALE}"] = time.perf_counter() - started
    subprocess.run([PYTHON, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, check=True, env=SERVE_ENV)
    return timings


def setup_django() -> None:
    os.environ.update(SERVE_ENV)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def targets() -> tuple[list[tuple[str, str]], list[tuple[str, str]], object]:
    """(label, url) of the anonymous pages and API lists, the signed-in pages, and the citizen signed in."""
    from django.contrib.contenttypes.models import ContentType
    from django.db.models import Count, OuterRef, Subquery

    from apertus.accounts.models import User
    from apertus.comments.models import Comment
    from apertus.participation.models import Process, Proposal
    from apertus.participation.selectors import public_proposals
    from apertus.plans.models import ActionPlan, Commitment
    from apertus.plans.selectors import public_plans

    def busiest(model, queryset):
        kind = ContentType.objects.get_for_model(model)
        counted = (
            Comment.objects.filter(content_type=kind, object_id=OuterRef("pk"))
            .values("object_id")
            .annotate(n=Count("id"))
            .values("n")
        )
        return queryset.annotate(n=Subquery(counted)).filter(n__isnull=False).order_by("-n", "pk").first()

    plan = public_plans().annotate(n=Count("commitments")).order_by("-n", "pk").first()
    commitment = busiest(Commitment, Commitment.objects.filter(plan__in=public_plans()))
    process = (
        Process.objects.filter(plan__in=public_plans()).annotate(n=Count("proposals")).order_by("-n", "pk").first()
    )
    proposal = busiest(Proposal, public_proposals())
    state = plan.state
    api_plan = ActionPlan.objects.get(pk=plan.pk)
    pages = [
        ("home", "/"),
        ("plans list", "/planes/"),
        (f"largest plan ({plan.n} commitments)", plan.get_absolute_url()),
        (f"commitment ({commitment.n} comments)", commitment.get_absolute_url()),
        (f"proposals of a consultation ({process.n})", process.get_absolute_url()),
        (f"proposal ({proposal.n} comments)", proposal.get_absolute_url()),
        ("state page", state.get_absolute_url()),
        ("SDG page", "/ods/16/"),
        ('search "transparencia"', "/buscar/?q=transparencia"),
        ("API commitments, page 1", f"/api/plans/{api_plan.pk}/commitments"),
        ("API proposals, page 1", "/api/participation/proposals"),
    ]
    citizen = (
        User.objects.filter(email__endswith="@escala.apertus.mx").order_by("pk").first()
        or User.objects.filter(is_demo=True).order_by("pk").first()
    )
    signed_in = [
        ("home (signed in)", "/"),
        (f"proposal ({proposal.n} comments, signed in)", proposal.get_absolute_url()),
        (f"commitment ({commitment.n} comments, signed in)", commitment.get_absolute_url()),
    ]
    return pages, signed_in, citizen


def session_cookie(user) -> str:
    """A signed-in session for ``user``, as the login view would leave it."""
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY

    store = import_module(settings.SESSION_ENGINE).SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "apertus.accounts.backends.AuthenticationBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.save()
    return f"{settings.SESSION_COOKIE_NAME}={store.session_key}"


def count_queries(url: str, user=None) -> tuple[int, int]:
    """Queries of a first (cold cache) request, and the status."""
    from django.core.cache import cache
    from django.db import connection, transaction
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    cache.clear()
    # Rolled back: logging in (last_login, the session) leaves nothing behind in the database.
    with transaction.atomic():
        client = Client()
        if user is not None:
            client.force_login(user)
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
            if hasattr(response, "streaming_content"):
                for _chunk in response.streaming_content:
                    pass
        client.logout()  # a session kept outside the database (a file, the cache) goes too
        transaction.set_rollback(True)
    return len(captured), response.status_code


def server_p95(url: str, cookie: str = "") -> float:
    """Milliseconds: the 95th percentile of SERIAL requests in a row, in-process, after one to warm up."""
    from django.test import Client

    client = Client()
    if cookie:
        name, value = cookie.split("=", 1)
        client.cookies[name] = value
    times = []
    for _ in range(SERIAL + 1):
        started = time.perf_counter()
        response = client.get(url)
        if hasattr(response, "streaming_content"):
            for _chunk in response.streaming_content:
                pass
        times.append((time.perf_counter() - started) * 1000)
    times = sorted(times[1:])
    return times[min(len(times) - 1, int(round(0.95 * len(times))) - 1)]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def serve(port: int) -> subprocess.Popen:
    server = subprocess.Popen(
        [
            str(Path(PYTHON).parent / "gunicorn"),
            "apertus.wsgi",
            "--workers",
            "2",
            "--bind",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=SERVE_ENV,
    )
    for _ in range(100):
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return server
        except OSError:
            time.sleep(0.2)
    server.terminate()
    raise SystemExit("gunicorn did not start")


def warm_up(base: str, urls: list[str], cookie: str) -> None:
    """One request to each page on each worker first: wrk measures serving, not the first render."""
    import urllib.request

    for url in urls:
        for _ in range(4):
            request = urllib.request.Request(base + url, headers={"Cookie": cookie})
            with urllib.request.urlopen(request, timeout=120) as response:  # noqa: S310 (our own server)
                response.read()


_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}


def _ms(text: str) -> float:
    number, unit = re.match(r"([\d.]+)(us|ms|s|m)", text).groups()
    return float(number) * _UNITS[unit]


def wrk(url: str, cookie: str = "") -> dict:
    command = ["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{DURATION}", "--latency", url]
    if cookie:
        command[1:1] = ["-H", f"Cookie: {cookie}"]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    result = {"rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))}
    for pct in ("50", "99"):
        found = re.search(rf"^\s+{pct}(?:\.000)?%\s+(\S+)", output, re.MULTILINE)
        result[f"p{pct}"] = _ms(found.group(1)) if found else float("nan")
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    result["non2xx"] = int(errors.group(1)) if errors else 0
    return result


EXPORT_PROBE = r"""
import os, resource, sys, tempfile, time
slug, path = sys.argv[1], sys.argv[2]
# "view": the download built as served (COPY on PostgreSQL where it can); "kept": the file kept for the data
# version (opendata/files.py), timed on the second download; "python": the rows formatted by Python.
os.environ["EXPORT_FILES"] = "true" if path == "kept" else "false"
if path == "kept":
    os.environ["APERTUS_VAR_DIR"] = tempfile.mkdtemp(prefix="apertus-bench-kept-")
import django
django.setup()
from django.test import Client
from django.utils import translation
from apertus.core.exports import stream_csv
from apertus.core import copy
from apertus.core.datasets import DATASETS
dataset = DATASETS[slug]
Client().get("/__bench__/hello/")  # load the URL map and middleware before the clock starts
# A server worker pays the first download's imports once (the export modules, the CSV writer, COPY's
# client): pay them here on another, small dataset, so the clock times this dataset's own work.
warm = "entidades" if slug != "entidades" else "planes"
for _ in Client().get(f"/datos/{warm}.csv").streaming_content:
    pass
if path == "kept":  # the first download builds and keeps the file
    for _ in Client().get(f"/datos/{slug}.csv").streaming_content:
        pass
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
started = time.perf_counter()
if path == "python":  # the rows formatted by Python (what SQLite and the other formats read)
    translation.activate("es")
    response = stream_csv(f"{slug}.csv", dataset.header(), dataset.iter_rows())
else:  # the download as served: COPY on PostgreSQL for the datasets with a query
    response = Client().get(f"/datos/{slug}.csv")
size = 0
for chunk in response.streaming_content:
    size += len(chunk)
elapsed = time.perf_counter() - started
after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
# Records, counted after the clock stops (a text cell may hold line breaks, so lines are not records).
rows = dataset.query().count() if dataset.query is not None else sum(1 for _ in dataset.iter_rows())
used = "kept" if path == "kept" else "copy" if path == "view" and copy.supported(dataset) else "python"
if path == "kept":
    import shutil
    shutil.rmtree(os.environ["APERTUS_VAR_DIR"], ignore_errors=True)
print(response.status_code, rows, size, elapsed, before, after, used)
"""


def export(slug: str, path: str = "view") -> dict:
    timeout = float(os.environ.get("BENCH_EXPORT_TIMEOUT", "120"))
    try:
        done = subprocess.run(
            [PYTHON, "-c", EXPORT_PROBE, slug, path],
            cwd=ROOT,
            env=SERVE_ENV,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=True,
        )
    except subprocess.TimeoutExpired:
        return {"slug": slug, "path": path, "timeout": timeout}
    status, rows, size, elapsed, before, after, used = done.stdout.split()[-7:]
    return {
        "slug": slug,
        "path": used,
        "status": int(status),
        "rows": int(rows),
        "bytes": int(size),
        "seconds": float(elapsed),
        "rss_mb": int(after) / 1024,
        "growth_mb": (int(after) - int(before)) / 1024,
    }


def exports_measured() -> list[dict]:
    """Every dataset's CSV as served (COPY on PostgreSQL) and, where COPY serves it, the Python path too."""
    from apertus.core.datasets import DATASETS
    from apertus.core import copy

    wanted = [s for s in os.environ.get("BENCH_DATASETS", "").split(",") if s]
    results = []
    for slug in wanted or DATASETS:
        paths = ["view", "python", "kept"] if copy.supported(DATASETS[slug]) else ["view", "kept"]
        for path in paths:
            results.append(export(slug, path))
            print(f"  export {slug}: {results[-1]}", flush=True)
    return results


def machine() -> str:
    from django.db import connection

    memory = ""
    try:
        with open("/proc/meminfo") as info:
            kb = int(info.readline().split()[1])
            memory = f"{kb / 1024 / 1024:.1f} GiB"
    except OSError:
        pass
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SHOW server_version")
            database = f"PostgreSQL {cursor.fetchone()[0]}"
        else:
            cursor.execute("select sqlite_version()")
            database = f"SQLite {cursor.fetchone()[0]}"
    return (
        f"{os.cpu_count()} CPU ({platform.processor() or platform.machine()}), {memory} memory, "
        f"Python {platform.python_version()}, {database}, Linux {platform.release()}"
    )


def main() -> None:
    if not shutil.which("wrk"):
        raise SystemExit("wrk is not installed (Debian: apt-get install wrk)")
    print(f"Apertus benchmark on {DATABASE_URL.split('@')[-1].split(':')[0] if '@' in DATABASE_URL else DATABASE_URL}")
    timings = prepare()
    setup_django()
    from apertus.scale.generator import sizes

    pages, signed_in, citizen = targets()
    only = os.environ.get("BENCH_ONLY")
    if only:
        pages = [p for p in pages if only in p[0]]
        signed_in = [p for p in signed_in if only in p[0]]
    scale_key = f"scale {SCALE}"
    queries_file = OUT / "queries.json"
    queries = json.loads(queries_file.read_text()) if queries_file.exists() else {}
    for label, url in pages:
        queries.setdefault(_key(label), {})[scale_key] = count_queries(url)[0]
    for label, url in signed_in:
        queries.setdefault(_key(label), {})[scale_key] = count_queries(url, citizen)[0]
    cookie = session_cookie(citizen)
    serial = {}
    for label, url in pages:
        serial[label] = server_p95(url)
    for label, url in signed_in:
        serial[label] = server_p95(url, cookie)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = serve(port)
    rows, hello_runs = [], []
    try:
        wrk(base + "/__bench__/hello/")  # warm up both workers
        warm_up(base, [u for _l, u in pages] + [u for _l, u in signed_in], cookie)
        for index, (label, url, signed) in enumerate(
            [(lbl, u, False) for lbl, u in pages] + [(lbl, u, True) for lbl, u in signed_in]
        ):
            if index % 3 == 0:
                hello_runs.append(wrk(base + "/__bench__/hello/"))
            result = wrk(base + url, cookie if signed else "")
            rows.append((label, url, signed, result))
            print(
                f"  {label:<48} {result['rps']:8.1f} req/s  p50 {result['p50']:7.1f} ms  p99 {result['p99']:7.1f} ms",
                flush=True,
            )
        hello_runs.append(wrk(base + "/__bench__/hello/"))
    finally:
        server.terminate()
        server.wait(timeout=20)
        if EXISTING:
            from importlib import import_module

            from django.conf import settings

            import_module(settings.SESSION_ENGINE).SessionStore().delete(cookie.split("=", 1)[1])
    hello = sum(r["rps"] for r in hello_runs) / len(hello_runs)
    exports = [] if os.environ.get("BENCH_SKIP_EXPORTS") else exports_measured()
    OUT.mkdir(parents=True, exist_ok=True)
    queries_file.write_text(json.dumps(queries, indent=1, sort_keys=True) + "\n")
    report = render(timings, sizes(float(SCALE)), hello, hello_runs, rows, queries, exports, serial)
    (OUT / "latest.md").write_text(report)
    print("\n" + report)


def export_table(exports) -> list[str]:
    lines = [
        "| export | path | rows | MB | seconds | rows/s | peak RSS | RSS growth while streaming |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for e in exports:
        if "timeout" in e:
            lines.append(f"| {e['slug']} | {e['path']} | – | – | > {e['timeout']:.0f} | – | – | – |")
            continue
        rate = e["rows"] / e["seconds"] if e["seconds"] else 0
        lines.append(
            f"| {e['slug']} | {e['path']} | {e['rows']:,} | {e['bytes'] / 1e6:.1f} | {e['seconds']:.2f} | "
            f"{rate:,.0f} | {e['rss_mb']:.0f} MB | {e['growth_mb']:.0f} MB |"
        )
    return lines


def exports_only() -> None:
    """BENCH_EXPORTS_ONLY=1: only the exports, on the database as it is (nothing served, nothing written)."""
    setup_django()
    exports = exports_measured()
    report = "\n".join([f"Machine: {machine()}.", "", *export_table(exports)]) + "\n"
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "exports-latest.md").write_text(report)
    print("\n" + report)


def _server(ms) -> str:
    if ms is None:
        return "–"
    return f"{ms:.1f} ms" + ("" if ms <= 50 else " (over 50)")


def _key(label: str) -> str:
    # The query counts of a page are kept across scales under its label without its numbers.
    return re.sub(r"\s*\(\d[\d,]*\)|\d[\d,]* ", "", label).strip()


def render(timings, size, hello, hello_runs, rows, queries, exports, serial=None) -> str:
    serial = serial or {}
    lines = [
        "# Benchmark",
        "",
        f"Machine: {machine()}.",
        "",
        f"Data: demo + `generate_scale --scale {SCALE}` ({', '.join(f'{v:,} {k}' for k, v in size.items())}).",
        f"Served by gunicorn, 2 sync workers, production settings; load by `wrk -t2 -c{CONNECTIONS} -d{DURATION}`,"
        " pages interleaved with the hello-world.",
        "",
        f"Hello-world: {hello:,.0f} req/s (runs: {', '.join(format(r['rps'], '.0f') for r in hello_runs)}).",
        "",
        f"Server time: p95 of {SERIAL} requests in a row, in-process, same settings (goal ≤ 50 ms).",
        "",
        "| page | req/s | p50 | p99 | ratio to hello-world | goal | server p95 | queries at 0.1 | queries at 1.0 |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for label, _url, signed, result in rows:
        ratio = result["rps"] / hello if hello else 0
        goal = 0.2 if signed else 0.5
        counted = queries.get(_key(label), {})
        errors = f" ({result['non2xx']} non-2xx)" if result["non2xx"] else ""
        lines.append(
            f"| {label}{errors} | {result['rps']:.1f} | {result['p50']:.1f} ms | {result['p99']:.1f} ms | "
            f"{ratio:.3f} | {'met' if ratio >= goal else 'not met'} (≥ {goal}) | "
            f"{_server(serial.get(label))} | "
            f"{counted.get('scale 0.1', '–')} | {counted.get('scale 1.0', '–')} |"
        )
    if exports:
        lines += [
            "",
            "CSV exports, each in its own process: `copy` is the file PostgreSQL writes (`COPY … TO STDOUT`), as"
            " the first download after a change builds it; `python` the same file formatted by Python (SQLite's"
            " path); `kept` a later download at the same data version, the file kept by the first"
            " (opendata/files.py). Goal: ≥ 50,000 rows/s, memory flat.",
            "",
        ]
        lines += export_table(exports)
    if timings:
        lines += ["", "Preparation: " + ", ".join(f"{k} {v:.1f} s" for k, v in timings.items()) + "."]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    exports_only() if os.environ.get("BENCH_EXPORTS_ONLY") else main()
