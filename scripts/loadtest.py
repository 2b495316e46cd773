"""Load and fault test (`make loadtest`): bounded in time and traffic, on the loopback only.

Starts its own PostgreSQL (initdb in a temporary folder, port 55432) and its own Redis (port
56379), never the machine's. Migrates, loads the reference and demo data, serves Apertus with
gunicorn (2 workers) plus the background worker, then runs N simulated people for a fixed time:
they browse, sign in, support proposals, comment and report progress (API, personal tokens).
Meanwhile Redis is stopped once, the worker is killed once in the middle of a task and
PostgreSQL is restarted once (immediate shutdown: a crash, then recovery). It reports requests,
errors by kind and p50/p95/p99, then checks invariants against the database: every support
counted once, no acknowledged write lost, no e-mail sent twice, every task finished or retried.
Exit status 1 when an invariant fails or a 5xx came outside the seconds PostgreSQL was down.
"""

# ruff: noqa: S603, S607 - it runs the programs it names (initdb, pg_ctl, psql, redis-server, gunicorn)
from __future__ import annotations

import argparse
import email
import json
import os
import random
import re
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import uuid
from collections import Counter, defaultdict
from http.client import HTTPConnection
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PG_BIN = Path(os.environ.get("PG_BIN_DIR", "/usr/lib/postgresql/15/bin"))
HOST = "127.0.0.1"
DB_NAME = "apertus_load"
PASSWORD = "carga-" + secrets.token_urlsafe(12)
GRACE = 3.0  # seconds after PostgreSQL is back during which 5xx still count as "while down"
started_at = time.monotonic()


def log(message: str) -> None:
    print(f"[{time.monotonic() - started_at:7.1f}s] {message}", flush=True)


# --- Our own PostgreSQL and Redis ---------------------------------------------------------------


class Postgres:
    def __init__(self, base: Path, port: int):
        self.data, self.port, self.logfile = base / "pg", port, base / "pg.log"
        self.socket_dir = base / "pgsock"

    def _as_owner(self, args: list[str]) -> list[str]:
        # initdb and postgres refuse to run as root: run them as the postgres account.
        return ["runuser", "-u", "postgres", "--", *args] if os.geteuid() == 0 else args

    def init(self) -> None:
        for folder in (self.data, self.socket_dir):
            folder.mkdir(mode=0o700)
            if os.geteuid() == 0:
                shutil.chown(folder, "postgres", "postgres")
        self.logfile.touch()
        if os.geteuid() == 0:
            shutil.chown(self.logfile, "postgres", "postgres")
            os.chmod(self.data.parent, 0o755)  # noqa: S103 - postgres must reach its folder inside ours
        subprocess.run(
            self._as_owner(
                [
                    str(PG_BIN / "initdb"),
                    "-D",
                    str(self.data),
                    "-U",
                    "postgres",
                    "-A",
                    "trust",
                    "-E",
                    "UTF8",
                    "--no-sync",
                ]
            ),
            check=True,
            capture_output=True,
        )

    def start(self) -> None:
        # fsync off: the test crashes the server process, not the machine, so the OS keeps every
        # write; it spares a shared disk a full sync at each start.
        options = f"-p {self.port} -c listen_addresses={HOST} -k {self.socket_dir} -c max_connections=100 -c fsync=off"
        subprocess.run(
            self._as_owner(
                [
                    str(PG_BIN / "pg_ctl"),
                    "-D",
                    str(self.data),
                    "-l",
                    str(self.logfile),
                    "-w",
                    "-t",
                    "60",
                    "-o",
                    options,
                    "start",
                ]
            ),
            check=True,
            capture_output=True,
        )

    def stop(self, mode: str = "fast") -> None:
        subprocess.run(
            self._as_owner([str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-m", mode, "-w", "stop"]),
            check=False,
            capture_output=True,
        )

    def psql(self, sql: str) -> str:
        done = subprocess.run(
            [str(PG_BIN / "psql"), "-h", HOST, "-p", str(self.port), "-U", "postgres", "-d", "postgres", "-tAc", sql],
            check=True,
            capture_output=True,
            text=True,
        )
        return done.stdout.strip()


class Redis:
    def __init__(self, base: Path, port: int):
        self.base, self.port, self.process = base, port, None

    def start(self) -> None:
        self.process = subprocess.Popen(
            [
                "redis-server",
                "--port",
                str(self.port),
                "--bind",
                HOST,
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.base),
                "--logfile",
                str(self.base / "redis.log"),
            ],
            stdout=subprocess.DEVNULL,
        )
        for _ in range(50):
            if _port_open(self.port):
                return
            time.sleep(0.1)
        raise RuntimeError("redis-server did not start")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(10)


def _port_open(port: int) -> bool:
    import socket

    with socket.socket() as sock:
        sock.settimeout(0.5)
        return sock.connect_ex((HOST, port)) == 0


# --- The platform: gunicorn and a supervised background worker -----------------------------------


class Platform:
    def __init__(self, base: Path, env: dict, port: int):
        self.base, self.env, self.port = base, env, port
        self.gunicorn = self.worker = None
        self.worker_starts, self.requeued = 0, 0
        self.stopping = threading.Event()

    def manage(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "manage.py", *args], cwd=ROOT, env=self.env, check=check, capture_output=True, text=True
        )

    def start(self) -> None:
        self.gunicorn = subprocess.Popen(
            [
                str(Path(sys.executable).parent / "gunicorn"),
                "apertus.wsgi:application",
                "--bind",
                f"{HOST}:{self.port}",
                "--workers",
                "2",
                "--threads",
                "4",
                "--timeout",
                "30",
                "--graceful-timeout",
                "5",
                "--error-logfile",
                str(self.base / "gunicorn.log"),
            ],
            cwd=ROOT,
            env=self.env,
            stdout=open(self.base / "app.log", "a"),
            stderr=subprocess.STDOUT,
        )  # noqa: SIM115
        self._start_worker()
        threading.Thread(target=self._supervise, daemon=True).start()
        for _ in range(300):
            try:
                if request("GET", self.port, "/")[0] == 200:
                    return
            except OSError:
                pass
            time.sleep(0.2)
        raise RuntimeError("gunicorn did not answer")

    def _start_worker(self) -> None:
        out = open(self.base / "worker.log", "a")  # noqa: SIM115 - kept open by the child
        self.worker = subprocess.Popen(
            [sys.executable, "manage.py", "db_worker", "--interval", "0.2", "--no-startup-delay", "-v", "0"],
            cwd=ROOT,
            env=self.env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
        self.worker_starts += 1

    def _supervise(self) -> None:
        """Restart the worker whenever it exits, as systemd's Restart=always would; its tasks left
        running go back to the queue first (manage.py requeue_tasks)."""
        while not self.stopping.is_set():
            if self.worker.poll() is not None:
                while not self.stopping.is_set():
                    done = self.manage("requeue_tasks", check=False)
                    if done.returncode == 0:
                        self.requeued += int(re.findall(r"\d+", done.stdout)[-1])
                        break
                    time.sleep(0.5)  # the database may be down: try again
                if not self.stopping.is_set():
                    self._start_worker()
            time.sleep(0.2)

    def stop(self) -> None:
        self.stopping.set()
        for process in (self.worker, self.gunicorn):
            if process and process.poll() is None:
                process.terminate()
                try:
                    process.wait(15)
                except subprocess.TimeoutExpired:
                    process.kill()


# --- HTTP ----------------------------------------------------------------------------------------


def request(
    method: str, port: int, path: str, *, body: bytes | None = None, headers: dict | None = None, timeout: float = 30
) -> tuple[int, dict, bytes]:
    connection = HTTPConnection(HOST, port, timeout=timeout)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        return (
            response.status,
            {k.lower(): v for k, v in response.getheaders()}
            | {"set-cookie-all": response.msg.get_all("Set-Cookie") or []},
            response.read(),
        )
    finally:
        connection.close()


class Recorder:
    def __init__(self):
        self.lock = threading.Lock()
        self.rows: list[tuple[float, str, str, float]] = []  # (time, action, outcome, ms)

    def add(self, action: str, outcome: str, ms: float) -> None:
        with self.lock:
            self.rows.append((time.monotonic(), action, outcome, ms))


class Person:
    """One simulated person with their own cookies, signing in and acting at random."""

    def __init__(self, port: int, recorder: Recorder, email_address: str, world: dict, token: str | None):
        self.port, self.recorder, self.email, self.world, self.token = port, recorder, email_address, world, token
        self.cookies: dict[str, str] = {}
        self.random = random.Random(email_address)
        self.supports: list[int] = []
        self.comments: list[str] = []
        self.reports: list[int] = []

    def call(
        self,
        action: str,
        method: str,
        path: str,
        form: dict | None = None,
        json_body: dict | None = None,
        headers: dict | None = None,
    ) -> tuple[int, dict, bytes]:
        headers = dict(headers or {})
        body = None
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if form is not None:
            form = {**form, "csrfmiddlewaretoken": self.cookies.get("csrftoken", "")}
            body = urllib.parse.urlencode(form).encode()
            headers |= {
                "Content-Type": "application/x-www-form-urlencoded",
                "Referer": f"http://{HOST}:{self.port}{path}",
            }
        if json_body is not None:
            body = json.dumps(json_body).encode()
            headers["Content-Type"] = "application/json"
        begun = time.monotonic()
        try:
            status, response_headers, content = request(method, self.port, path, body=body, headers=headers)
        except TimeoutError:
            self.recorder.add(action, "timeout", (time.monotonic() - begun) * 1000)
            return 0, {}, b""
        except OSError as exc:
            self.recorder.add(action, f"connection:{type(exc).__name__}", (time.monotonic() - begun) * 1000)
            return 0, {}, b""
        self.recorder.add(action, str(status), (time.monotonic() - begun) * 1000)
        for cookie in response_headers.get("set-cookie-all", []):
            name, _, rest = cookie.partition("=")
            self.cookies[name.strip()] = rest.split(";", 1)[0]
        return status, response_headers, content

    def sign_in(self) -> bool:
        self.cookies.clear()
        self.call("sign-in page", "GET", "/cuentas/login/")
        status, headers, _ = self.call(
            "sign in", "POST", "/cuentas/login/", form={"login": self.email, "password": PASSWORD}
        )
        return status == 302 and "sessionid" in self.cookies

    def run(self, deadline: float) -> None:
        signed_in = False
        while time.monotonic() < deadline:
            if not signed_in:
                signed_in = self.sign_in()
                if not signed_in:
                    time.sleep(0.5)
                    continue
            choice = self.random.random()
            if choice < 0.55:
                self.browse()
            elif choice < 0.7:
                self.support()
            elif choice < 0.85:
                self.comment()
            elif self.token:
                self.report()
            else:
                self.browse()
            time.sleep(self.random.uniform(0.05, 0.3))  # thinking time

    def browse(self) -> None:
        path = self.random.choice(self.world["pages"])
        self.call("browse", "GET", path)

    def support(self) -> None:
        pk = self.random.choice(self.world["proposals"])
        status, headers, _ = self.call("support", "POST", f"/participa/propuestas/{pk}/apoyar/", form={})
        if status == 302 and "/cuentas/login" not in headers.get("location", ""):
            self.supports.append(pk)

    def comment(self) -> None:
        pk = self.random.choice(self.world["proposals"])
        token = uuid.uuid4().hex
        status, headers, _ = self.call(
            "comment",
            "POST",
            "/comentarios/nuevo/",
            form={
                "content_type": "participation.proposal",
                "object_id": pk,
                "body": f"Comentario de prueba de carga {token}: ¿cuándo se publica el avance?",
            },
        )
        if status == 302 and "/cuentas/login" not in headers.get("location", ""):
            self.comments.append(token)

    def report(self) -> None:
        pk = self.random.choice(self.world["milestones"][self.email])
        auth = {"Authorization": f"Bearer {self.token}"}
        status, _, content = self.call("progress (read)", "GET", f"/api/plans/milestones/{pk}", headers=auth)
        if status != 200:
            return
        milestone = json.loads(content)
        progress = min(100, int(milestone.get("progress") or 0) + 1)
        status, _, content = self.call(
            "progress report",
            "POST",
            f"/api/plans/milestones/{pk}/progress",
            headers=auth,
            json_body={
                "progress": progress,
                "status": "en_proceso" if progress < 100 else "completado",
                "version": milestone.get("version"),
                "note": "Avance de la prueba de carga",
            },
        )
        if 200 <= status < 300:
            self.reports.append(json.loads(content)["id"])


# --- Set-up and checks, in this process through Django ----------------------------------------------


def django_setup(env: dict) -> None:
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def prepare(users: int, reporters: int) -> tuple[dict, list[str], dict[str, str]]:  # noqa: C901
    from django.core.management import call_command

    log("migrate + load_reference + load_demo")
    call_command("migrate", verbosity=0)
    call_command("load_reference", verbosity=0)
    call_command("load_demo", quiet=True)

    from apertus.accounts.models import Role
    from apertus.accounts.services import email_mark_verified, role_assign, user_create
    from apertus.accounts.tokens import token_create
    from apertus.core.permissions import has_perm
    from apertus.notifications.services import follow
    from apertus.participation.models import Action, Proposal
    from apertus.participation.services.common import require_phase
    from apertus.plans.models import Milestone

    people = []
    for i in range(users):
        user = user_create(email=f"carga{i:02d}@loadtest.apertus.mx", password=PASSWORD, first_name=f"Carga {i}")
        email_mark_verified(user=user)
        people.append(user)
    proposals = []
    for proposal in Proposal.objects.select_related("process__plan").order_by("pk"):
        try:
            require_phase(proposal.process, Action.SUPPORT)
        except Exception:  # noqa: S112 - closed phase: not a target
            continue
        if has_perm(people[0], "participation.support_proposal", proposal) and has_perm(
            people[0], "comments.add_comment", proposal
        ):
            proposals.append(proposal.pk)
    milestones = list(Milestone.objects.select_related("commitment__plan__state").order_by("pk"))
    tokens, assigned = {}, {}
    for user in people[:reporters]:
        for milestone in milestones:
            state = milestone.commitment.plan.state
            role_assign(actor=None, user=user, role=Role.STL_MEMBER, state=state, sector="sociedad_civil")
            if has_perm(user, "plans.report_progress", milestone):
                mine = [
                    m.pk
                    for m in milestones
                    if m.commitment.plan.state_id == state.pk and has_perm(user, "plans.report_progress", m)
                ][:6]
                assigned[user.email] = mine
                tokens[user.email] = token_create(user=user, name="prueba de carga")[1]
                milestones = [m for m in milestones if m.pk not in mine]
                break
    # Everyone follows the milestones' commitments: each report then e-mails people (background tasks).
    for user in people:
        for pks in assigned.values():
            commitment = Milestone.objects.get(pk=pks[0]).commitment
            try:
                follow(user=user, obj=commitment)
            except Exception:  # noqa: S112 - not followable for this person
                continue
    pages = [
        "/",
        "/planes/",
        "/participa/",
        "/estados/",
        "/ods/",
        "/datos/",
        "/api/plans/",
        "/api/participation/proposals",
    ] + [f"/participa/propuestas/{pk}/" for pk in proposals[:10]]
    world = {"pages": pages, "proposals": proposals, "milestones": assigned}
    log(f"{len(people)} people ({len(tokens)} reporting progress), {len(proposals)} proposals open to support")
    if not proposals or not assigned:
        raise SystemExit("the demo data offers no proposal open to support or no milestone to report on")
    return world, [u.email for u in people], tokens


def check_invariants(persons: list[Person], outbox: Path) -> dict:
    from django.db import connection
    from django.db.models import Count
    from django_tasks_db.models import DBTaskResult

    from apertus.comments.models import Comment
    from apertus.notifications.models import EmailState, Notification
    from apertus.participation.models import Proposal, Support
    from apertus.plans.models import ProgressReport

    connection.close()
    found = {}
    counts = dict(Support.objects.values("proposal").annotate(n=Count("id")).values_list("proposal", "n"))
    wrong_counts = [
        pk for pk, stored in Proposal.objects.values_list("pk", "support_count") if stored != counts.get(pk, 0)
    ]
    found["proposals whose support_count differs from their supports"] = len(wrong_counts)
    pairs = set(Support.objects.values_list("proposal_id", "user__email"))
    acknowledged = {(pk, p.email) for p in persons for pk in p.supports}
    found["acknowledged supports"] = len(acknowledged)
    found["acknowledged supports missing"] = len(acknowledged - pairs)
    tokens = [t for p in persons for t in p.comments]
    bodies = set(
        Comment.objects.filter(body__startswith="Comentario de prueba de carga").values_list("body", flat=True)
    )
    stored_tokens = {b.split()[5].rstrip(":") for b in bodies}
    found["acknowledged comments"] = len(tokens)
    found["acknowledged comments missing"] = len(set(tokens) - stored_tokens)
    report_ids = [r for p in persons for r in p.reports]
    found["acknowledged progress reports"] = len(report_ids)
    found["acknowledged progress reports missing"] = len(
        set(report_ids) - set(ProgressReport.objects.filter(pk__in=report_ids).values_list("pk", flat=True))
    )
    delivered = Counter()
    for path in outbox.glob("*.eml"):
        message = email.message_from_bytes(path.read_bytes())
        delivered[message.get("X-Apertus-Notification") or f"digest:{path.name}"] += 1
    found["e-mails written"] = sum(delivered.values())
    found["e-mails sent twice"] = sum(1 for n in delivered.values() if n > 1)
    sent = set(map(str, Notification.objects.filter(email_state=EmailState.SENT).values_list("pk", flat=True)))
    found["e-mails marked sent but not written (the killed task's)"] = len(sent - set(delivered))
    found["notifications still pending e-mail"] = Notification.objects.filter(email_state=EmailState.PENDING).count()
    statuses = Counter(DBTaskResult.objects.values_list("status", flat=True))
    found["tasks"] = dict(statuses)
    found["tasks retried (run by more than one worker)"] = sum(
        1 for ids in DBTaskResult.objects.values_list("worker_ids", flat=True) if len(ids) > 1
    )
    found["tasks not finished"] = sum(n for s, n in statuses.items() if s not in {"SUCCESSFUL", "FAILED"})
    return found


def wait_for_queue(seconds: float) -> None:
    from django.db import connection
    from django_tasks_db.models import DBTaskResult

    end = time.monotonic() + seconds
    while time.monotonic() < end:
        try:
            if not DBTaskResult.objects.exclude(status__in=["SUCCESSFUL", "FAILED"]).exists():
                return
        except Exception:  # noqa: S110 - the database may still be coming back
            connection.close()
        time.sleep(0.5)


# --- Faults --------------------------------------------------------------------------------------


def faults(duration: float, begin: float, pg: Postgres, redis: Redis | None, platform: Platform, events: dict) -> None:
    def at(fraction: float) -> None:
        time.sleep(max(0.0, begin + duration * fraction - time.monotonic()))

    if redis is not None:
        at(0.2)
        redis.stop()
        events["redis stopped"] = time.monotonic()
        log("fault: Redis stopped")
        time.sleep(5)
        redis.start()
        events["redis started"] = time.monotonic()
        log("fault: Redis started again")
    at(0.4)
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        if _running_tasks(pg) > 0:
            break
        time.sleep(0.05)
    pid = platform.worker.pid
    os.kill(pid, signal.SIGKILL)
    events["worker killed"] = time.monotonic()
    events["tasks running when killed"] = _running_tasks(pg)
    log(f"fault: background worker killed (pid {pid}) with {events['tasks running when killed']} task(s) running")
    at(0.6)
    events["db down"] = time.monotonic()
    pg.stop("immediate")
    log("fault: PostgreSQL stopped (immediate: as if it crashed)")
    time.sleep(3)
    pg.start()
    events["db up"] = time.monotonic()
    log(f"fault: PostgreSQL back after {events['db up'] - events['db down']:.1f} s")


def _running_tasks(pg: Postgres) -> int:
    try:
        return int(
            subprocess.run(
                [
                    str(PG_BIN / "psql"),
                    "-h",
                    HOST,
                    "-p",
                    str(pg.port),
                    "-U",
                    "postgres",
                    "-d",
                    DB_NAME,
                    "-tAc",
                    "SELECT count(*) FROM django_tasks_database_dbtaskresult WHERE status = 'RUNNING'",
                ],
                capture_output=True,
                text=True,
                check=True,
            ).stdout.strip()
            or 0
        )
    except (subprocess.CalledProcessError, ValueError):
        return 0


# --- Report --------------------------------------------------------------------------------------


def percentile(values: list[float], p: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def summarise(recorder: Recorder, events: dict, begin: float, duration: float) -> dict:
    rows = recorder.rows
    down, back = events.get("db down", 0), events.get("db up", 0)
    up = back + GRACE
    by_action = defaultdict(list)
    outcomes = Counter()
    fivexx_outside, fivexx_inside = Counter(), Counter()
    after_back = 0
    for t, action, outcome, ms in rows:
        by_action[action].append(ms)
        outcomes[outcome] += 1
        if outcome.startswith("5") or outcome.startswith("connection") or outcome == "timeout":
            (fivexx_inside if down <= t <= up else fivexx_outside)[outcome] += 1
            after_back += back < t <= up
    latencies = [ms for _, _, _, ms in rows]
    return {
        "duration (s)": round(duration, 1),
        "requests": len(rows),
        "requests per second": round(len(rows) / duration, 1),
        "outcomes": dict(sorted(outcomes.items())),
        "p50 / p95 / p99 (ms)": [round(percentile(latencies, p)) for p in (50, 95, 99)],
        "by action: n, p50, p95, p99 (ms)": {
            a: [len(v), *(round(percentile(v, p)) for p in (50, 95, 99))] for a, v in sorted(by_action.items())
        },
        "database down (s)": round(events.get("db up", 0) - down, 1),
        "errors while the database was down (+3 s)": dict(fivexx_inside),
        "of which in the 3 s after it was back": after_back,
        "errors outside that window": dict(fivexx_outside),
        "503 answers": outcomes.get("503", 0),
    }


def main() -> int:  # noqa: C901
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=12)
    parser.add_argument("--reporters", type=int, default=4)
    parser.add_argument("--duration", type=float, default=60)
    parser.add_argument("--port", type=int, default=58000)
    parser.add_argument("--pg-port", type=int, default=55432)
    parser.add_argument("--redis-port", type=int, default=56379)
    parser.add_argument("--no-redis", action="store_true")
    parser.add_argument("--mail-delay", type=float, default=0.05, help="seconds per e-mail (a slow SMTP server)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder (logs, database)")
    args = parser.parse_args()
    if not 1 <= args.users <= 50 or not 5 <= args.duration <= 600:
        parser.error("--users 1..50 and --duration 5..600: the test is bounded on purpose")
    for port in (args.port, args.pg_port, args.redis_port):
        if _port_open(port):
            parser.error(f"port {port} is in use; choose another")

    base = Path(tempfile.mkdtemp(prefix="apertus-loadtest-"))
    outbox = base / "outbox"
    outbox.mkdir()
    pg = Postgres(base, args.pg_port)
    redis = None if args.no_redis else Redis(base, args.redis_port)
    env = {
        **os.environ,
        "APERTUS_ENV": "development",
        "APERTUS_VAR_DIR": str(base / "var"),
        "DATABASE_URL": f"postgres://postgres@{HOST}:{args.pg_port}/{DB_NAME}",
        "EMAIL_BACKEND": "loadtest_mail.OutboxBackend",
        "LOADTEST_OUTBOX": str(outbox),
        "LOADTEST_MAIL_DELAY": str(args.mail_delay),
        "DJANGO_DEBUG": "false",
        "LOG_LEVEL": "ERROR",
        "ALLOWED_HOSTS": HOST,
        "DJANGO_SETTINGS_MODULE": "apertus.settings",
        "PYTHONPATH": os.pathsep.join([str(ROOT / "scripts"), str(ROOT)]),
    }
    if redis is not None:
        env["REDIS_URL"] = f"redis://{HOST}:{args.redis_port}/0"
    env.pop("SECRET_KEY", None)
    platform = Platform(base, env, args.port)
    try:
        log(
            f"own PostgreSQL on {args.pg_port}"
            + ("" if redis is None else f", own Redis on {args.redis_port}")
            + f", folder {base}"
        )
        pg.init()
        pg.start()
        pg.psql(f"CREATE DATABASE {DB_NAME}")
        if redis is not None:
            redis.start()
        django_setup(env)
        world, emails, tokens = prepare(args.users, args.reporters)
        pg.psql("CHECKPOINT")
        platform.start()
        log(f"gunicorn (2 workers) on http://{HOST}:{args.port}/ and the background worker are up")
        recorder = Recorder()
        persons = [Person(args.port, recorder, e, world, tokens.get(e)) for e in emails]
        begin = time.monotonic()
        deadline = begin + args.duration
        events: dict = {}
        threads = [threading.Thread(target=p.run, args=(deadline,), daemon=True) for p in persons]
        for thread in threads:
            thread.start()
        log(f"{len(persons)} people for {args.duration:.0f} s")
        faults(args.duration, begin, pg, redis, platform, events)
        for thread in threads:
            thread.join(args.duration + 60)
        summary = summarise(recorder, events, begin, max(t for t, *_ in recorder.rows) - begin)
        log("load finished; waiting for the task queue to drain")
        wait_for_queue(180)
        summary["worker (re)starts"] = platform.worker_starts
        summary["tasks requeued after the worker died"] = platform.requeued
        summary["tasks running when the worker was killed"] = events.get("tasks running when killed")
        invariants = check_invariants(persons, outbox)
    finally:
        platform.stop()
        if redis is not None:
            redis.stop()
        pg.stop("fast")
    report = {"load": summary, "invariants": invariants}
    print(json.dumps(report, indent=1, ensure_ascii=False))
    (base / "report.json").write_text(json.dumps(report, indent=1, ensure_ascii=False))
    failures = [
        name
        for name in (
            "proposals whose support_count differs from their supports",
            "acknowledged supports missing",
            "acknowledged comments missing",
            "acknowledged progress reports missing",
            "e-mails sent twice",
            "tasks not finished",
        )
        if invariants[name]
    ]
    if summary["errors outside that window"]:
        failures.append("errors outside the database outage")
    if not args.keep:
        shutil.rmtree(base, ignore_errors=True)
    else:
        log(f"kept {base}")
    print("RESULT:", "FAILED: " + ", ".join(failures) if failures else "OK: every invariant holds")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
