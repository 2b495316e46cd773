"""The national dataset, on top of the demo: what the platform holds when every state takes part.

At ``scale=1.0``: 32 states each with a published plan, ~6,000 commitments, ~50,000 milestones,
~50,000 proposals, ~500,000 comments, ~2,000,000 supports and 100,000 citizen accounts.

Plans, processes and phases go through the services (few rows, with their lifecycle and guards);
the big tables are written in bulk (``core/bulk.py``) but hold what the services would have
produced: a creation row in the history of every public record, progress derived with
``plans/progress.py``, ``support_count`` equal to the supports, a reasoned response to every
proposal of a published plan. Seeded: the same scale gives the same data, dated around today.
"""

from __future__ import annotations

import random
import sys
import time
from datetime import date, datetime, timedelta
from datetime import time as clock

from allauth.account.models import EmailAddress
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command, get_commands
from django.db import connection, transaction
from django.utils import timezone

from apertus.accounts.demo import FIRST, LAST
from apertus.accounts.models import User
from apertus.comments.models import Comment
from apertus.core.bulk import Table, reset_sequences
from apertus.participation import services as participation
from apertus.participation.demo import IDEAS, PHASES, REASONS
from apertus.participation.models import PhaseKind, Proposal, Response, ResponseKind, Support
from apertus.plans import services as plan_services
from apertus.plans.demo import _DELIVERABLES, _MILESTONES, JUSTIFY, THEMES, _civil_society, _government
from apertus.plans.models import (
    Commitment,
    CommitmentValue,
    Evidence,
    Milestone,
    MilestoneStatus,
    PlanStatus,
    ProgressReport,
)
from apertus.plans.progress import completion_for, recompute_plan, weighted
from apertus.taxonomy.models import Scheme, Term
from apertus.territories.models import Municipality, State

DOMAIN = "escala.apertus.mx"
FULL = {
    "users": 100_000,
    "commitments": 6_000,
    "milestones": 50_000,
    "proposals": 50_000,
    "comments": 500_000,
    "supports": 2_000_000,
}
# The busiest records of the national dataset, as measured in the field.
LARGEST_PLAN, LARGEST_PROCESS, BUSIEST_COMMITMENT, BUSIEST_PROPOSAL = 374, 5_188, 139, 992

PHRASES = [
    "Estoy de acuerdo, pero hace falta publicar el calendario.",
    "¿Quién dará seguimiento a este compromiso en mi municipio?",
    "En mi colonia ya lo intentamos y funcionó con la participación de los vecinos.",
    "Sugiero que los datos se publiquen también en formato abierto y no sólo en PDF.",
    "Falta considerar a las comunidades indígenas en la consulta.",
    "Muy buena propuesta; la apoyo.",
    "El presupuesto asignado no parece suficiente para lo que se promete.",
    "¿Habrá una mesa de trabajo en la región norte?",
    "Propongo agregar un indicador de resultados verificable.",
    "Gracias por la respuesta; seguiremos pendientes del avance.",
]


class Bar:
    """A progress bar on stderr: one line per step, redrawn in place."""

    def __init__(self, stream=None, quiet: bool = False):
        self.stream = stream or sys.stderr
        self.quiet = quiet
        self.timings: dict[str, float] = {}

    def step(self, label: str, total: int):
        return _Step(self, label, max(total, 1))


class _Step:
    def __init__(self, bar: Bar, label: str, total: int):
        self.bar, self.label, self.total, self.done = bar, label, total, 0
        self.started = time.perf_counter()
        self._shown = -1

    def advance(self, n: int = 1) -> None:
        self.done += n
        pct = min(100, self.done * 100 // self.total)
        if pct != self._shown and not self.bar.quiet:
            self._shown = pct
            filled = pct * 30 // 100
            self.bar.stream.write(f"\r{self.label:<28} [{'#' * filled}{'.' * (30 - filled)}] {pct:3d}%")
            self.bar.stream.flush()

    def __enter__(self):
        self.advance(0)
        return self

    def __exit__(self, *exc):
        elapsed = time.perf_counter() - self.started
        self.bar.timings[self.label] = elapsed
        if not self.bar.quiet and exc[0] is None:
            self.bar.stream.write(f"\r{self.label:<28} [{'#' * 30}] 100%  {elapsed:6.1f} s\n")
            self.bar.stream.flush()


def sizes(scale: float) -> dict[str, int]:
    return {key: max(1, round(value * scale)) for key, value in FULL.items()}


def already_generated() -> bool:
    return User.objects.filter(email__endswith="@" + DOMAIN).exists()


def _spread(rng: random.Random, total: int, parts: int, largest: int) -> list[int]:
    """``total`` split into ``parts`` uneven counts, the first one being ``largest``."""
    rest = max(total - largest, parts - 1)
    weights = [rng.uniform(0.3, 1.7) for _ in range(parts - 1)]
    scale = rest / sum(weights) if weights else 0
    counts = [max(1, min(largest, round(w * scale))) for w in weights]
    return [largest, *counts]


def _heavy(rng: random.Random, total: int, n: int, cap: int) -> list[int]:
    """``total`` split over ``n`` records with a heavy tail (a few very busy ones), none above ``cap``,
    the first one at ``cap``; what the cap cuts off goes back to the others."""
    if n == 0:
        return []
    weights = [rng.paretovariate(1.3) for _ in range(n)]
    weights[0] = float("inf")
    counts = [0] * n
    free = list(range(n))
    for _round in range(8):
        remaining = total - sum(counts)
        if remaining <= 0 or not free:
            break
        finite = [i for i in free if weights[i] != float("inf")]
        factor = remaining / sum(weights[i] for i in finite) if finite else 0
        still = []
        for i in free:
            value = cap if weights[i] == float("inf") else counts[i] + int(weights[i] * factor)
            counts[i] = min(cap, value)
            if counts[i] < cap:
                still.append(i)
        free = still
    return counts


def _cap(busiest: float, total: int, n: int) -> int:
    """The busiest record's count; at tiny scales, high enough for the total to fit."""
    return max(1, round(busiest), -(-3 * total // max(1, n)))


def _moment(day: date, rng: random.Random) -> datetime:
    return timezone.make_aware(datetime.combine(day, clock(rng.randint(8, 20), rng.randint(0, 59))))


def _between(rng: random.Random, start: datetime, end: datetime) -> datetime:
    if end <= start:
        return start
    return start + (end - start) * rng.random()


@transaction.atomic
def generate(*, scale: float = 1.0, seed: int = 2026, bar: Bar | None = None) -> dict[str, int]:
    """Add the national dataset; returns how many rows of each kind. Refuses a second run."""
    bar = bar or Bar()
    rng = random.Random(seed)
    n = sizes(scale)
    now = timezone.now()
    counts: dict[str, int] = {}
    users = _users(rng, n["users"], now, bar)
    counts["users"] = len(users)
    plans = _plans(rng, now.date(), bar)
    counts["plans"] = len(plans)
    plan_sizes = _spread(rng, n["commitments"], len(plans), max(1, round(LARGEST_PLAN * scale)))
    commitments = _commitments(rng, plans, plan_sizes, n, now.date(), bar, counts)
    process_sizes = _spread(rng, n["proposals"], len(plans), max(1, round(LARGEST_PROCESS * scale)))
    proposals = _proposals(rng, plans, process_sizes, users, commitments, n, now, bar, counts)
    _comments(rng, commitments, proposals, users, n, scale, now, bar, counts)
    _finish(plans, bar)
    _analyze(bar)
    return counts


def _analyze(bar) -> None:
    """Fresh planner statistics: right after a bulk load the planner knows nothing of the new rows
    and picks plans for empty tables (a 300 ms reply lookup instead of 1 ms)."""
    with bar.step("estadísticas (ANALYZE)", 1) as step, connection.cursor() as cursor:
        cursor.execute("ANALYZE")
        step.advance()


def _users(rng, total, now, bar) -> list[tuple[int, int]]:
    """Citizens: (id, state_id) each, spread over the 32 states; no password (they sign in by reset)."""
    states = list(State.objects.order_by("code").values_list("pk", flat=True))
    table, emails = Table(User), Table(EmailAddress, with_id=False)
    made: list[tuple[int, int]] = []
    rows, addresses = [], []
    with bar.step("cuentas ciudadanas", total) as step:
        for number in range(1, total + 1):
            pk, state = table.next_id(), states[number % len(states)]
            email = f"persona{number:06d}@{DOMAIN}"
            rows.append(
                table.row(
                    id=pk,
                    password="!" + f"{rng.getrandbits(120):030x}",
                    email=email,
                    first_name=rng.choice(FIRST),
                    last_name=rng.choice(LAST),
                    state_id=state,
                    is_active=True,
                    date_joined=now - timedelta(days=rng.randint(1, 900)),
                    session_stamp=f"{rng.getrandbits(128):032x}",
                )
            )
            addresses.append(emails.row(user_id=pk, email=email, verified=True, primary=True))
            made.append((pk, state))
            if len(rows) >= 20000:
                table.write(rows)
                emails.write(addresses)
                step.advance(len(rows))
                rows, addresses = [], []
        table.write(rows)
        emails.write(addresses)
        step.advance(len(rows))
    reset_sequences([User])
    return made


def _plans(rng, today, bar) -> list:
    """One published plan per state, with its co-creation process and phases, through the services."""
    plans = []
    states = list(State.objects.order_by("code"))
    with bar.step("planes y procesos", len(states)) as step:
        for state in states:
            start = today - timedelta(days=rng.randint(200, 500))
            plan = plan_services.plan_create(
                actor=None,
                state=state,
                title=f"Plan de Acción Local de Gobierno Abierto {start.year}-{start.year + 2}",
                period_start=start,
                period_end=start + timedelta(days=730),
                summary=f"Plan de {state.short_name} cocreado por su Secretariado Técnico Local y la ciudadanía.",
            )
            process = participation.process_create(
                actor=None,
                plan=plan,
                title=f"Cocreación del plan de {state.short_name}",
                description="Propuestas, apoyos y la respuesta razonada del STL a cada una.",
            )
            moment = start - timedelta(days=sum(p[2] for p in PHASES[:-1]))
            phases = {}
            for kind, name, days, actions, description in PHASES:
                end = moment + timedelta(days=days) if days else plan.period_end + timedelta(days=1)
                phases[kind] = participation.phase_create(
                    actor=None,
                    process=process,
                    kind=kind,
                    name=name,
                    description=description,
                    actions=actions,
                    starts_at=_moment(moment, rng).replace(hour=0, minute=0),
                    ends_at=_moment(end, rng).replace(hour=0, minute=0),
                )
                moment = end
            plan = plan_services.plan_transition(
                actor=None, plan=plan, target=PlanStatus.COCREATION, reason="Escala nacional"
            )
            plan.scale_process, plan.scale_phases = process, phases
            plan.scale_lead, plan.scale_civil = _government(state), _civil_society(state)
            plans.append(plan)
            step.advance()
    return plans


def _commitments(rng, plans, plan_sizes, n, today, bar, counts) -> dict[int, list[tuple[int, date, date]]]:
    """Commitments with milestones, progress reports and evidence; progress derived as the services do."""
    goals = {t.code: t.pk for t in Term.objects.filter(scheme=Scheme.SDG_GOAL)}
    targets = {t.code: t.pk for t in Term.objects.filter(scheme=Scheme.SDG_TARGET)}
    values = {t.code: t.pk for t in Term.objects.filter(scheme=Scheme.OGP_VALUE)}
    c_table, m_table = Table(Commitment), Table(Milestone)
    v_table, r_table, e_table = Table(CommitmentValue), Table(ProgressReport), Table(Evidence)
    t_table = Table(Commitment.targets.through, with_id=False)
    o_table = Table(Commitment.co_responsible.through, with_id=False)
    per_commitment = n["milestones"] / max(1, n["commitments"])
    made: dict[int, list[tuple[int, date, date]]] = {}
    total = sum(plan_sizes)
    with bar.step("compromisos e hitos", total) as step:
        for plan, size in zip(plans, plan_sizes, strict=True):
            c_rows, m_rows, v_rows, r_rows, e_rows, t_rows, o_rows = [], [], [], [], [], [], []
            created = timezone.make_aware(datetime.combine(plan.period_start - timedelta(days=30), clock(10)))
            for number in range(1, size + 1):
                title, problem, objective, goal, target_codes, value_codes = THEMES[(number - 1) % len(THEMES)]
                cid = c_table.next_id()
                start = plan.period_start + timedelta(days=rng.randint(0, 60))
                end = plan.period_end - timedelta(days=rng.randint(0, 60))
                span = (end - start).days
                k = max(1, round(rng.uniform(0.5, 1.5) * per_commitment))
                pairs, has_evidence = [], False
                for m in range(k):
                    mid = m_table.next_id()
                    m_start = start + timedelta(days=m * span // k)
                    m_end = m_start + timedelta(days=max(1, span // k))
                    progress, status = _milestone_state(rng, m_start, m_end, today)
                    weight = rng.choice([1, 1, 2, 3])
                    m_rows.append(
                        m_table.row(
                            id=mid,
                            created_at=created,
                            updated_at=created,
                            version=1,
                            commitment_id=cid,
                            number=m + 1,
                            title=f"Hito {m + 1}: {_MILESTONES[m % 4]}",
                            deliverable=_DELIVERABLES[m % 4],
                            start_date=m_start,
                            end_date=m_end,
                            weight=weight,
                            responsible_id=plan.scale_lead.pk if m % 2 == 0 else plan.scale_civil.pk,
                            status=status,
                            progress=progress,
                        )
                    )
                    if status != MilestoneStatus.CANCELLED:
                        pairs.append((weight, progress))
                    if progress or status == MilestoneStatus.CANCELLED:
                        reported = _moment(min(m_end, today) - timedelta(days=rng.randint(0, 20)), rng)
                        r_rows.append(
                            r_table.row(
                                id=r_table.next_id(),
                                created_at=reported,
                                updated_at=reported,
                                milestone_id=mid,
                                commitment_id=cid,
                                progress_before=0,
                                progress_after=progress,
                                status_after=status,
                                source="web",
                                note="Avance registrado por la secretaría técnica.",
                            )
                        )
                        if status != MilestoneStatus.CANCELLED and rng.random() < 0.7:
                            has_evidence = True
                            e_rows.append(
                                e_table.row(
                                    id=e_table.next_id(),
                                    created_at=reported,
                                    updated_at=reported,
                                    milestone_id=mid,
                                    date=reported.date(),
                                    url=f"https://transparencia.example.org/hito-{mid}",
                                    description="Publicación en el portal de transparencia",
                                )
                            )
                progress = weighted(pairs)
                c_rows.append(
                    c_table.row(
                        id=cid,
                        created_at=created,
                        updated_at=created,
                        version=1,
                        plan_id=plan.pk,
                        number=number,
                        title=f"{title} ({number})",
                        problem=problem,
                        objective=objective,
                        baseline="Sin información pública sistematizada al inicio del plan.",
                        expected_results="Información publicada y verificable; mecanismo ciudadano funcionando.",
                        how_it_solves="Abre la información y crea un espacio de seguimiento conjunto.",
                        corruption_prevention="Reduce la discrecionalidad al hacer públicas las decisiones.",
                        primary_goal_id=goals[goal],
                        lead_institution_id=plan.scale_lead.pk,
                        start_date=start,
                        end_date=end,
                        contact="Secretaría técnica del STL",
                        weight=rng.choice([1, 1, 2]),
                        progress=progress,
                        completion=completion_for(progress, has_evidence),
                    )
                )
                t_rows += [t_table.row(commitment_id=cid, term_id=targets[c]) for c in target_codes if c in targets]
                o_rows.append(o_table.row(commitment_id=cid, organization_id=plan.scale_civil.pk))
                v_rows += [
                    v_table.row(id=v_table.next_id(), commitment_id=cid, value_id=values[c], justification=JUSTIFY[c])
                    for c in value_codes
                ]
                made.setdefault(plan.pk, []).append((cid, start, end))
            for table, rows in (
                (c_table, c_rows),
                (m_table, m_rows),
                (v_table, v_rows),
                (r_table, r_rows),
                (e_table, e_rows),
            ):
                table.write(rows)
                table.history(rows, date_of=lambda row, t=table, c=created: _created(t, row, c))
            t_table.write(t_rows)
            o_table.write(o_rows)
            counts["commitments"] = counts.get("commitments", 0) + len(c_rows)
            counts["milestones"] = counts.get("milestones", 0) + len(m_rows)
            counts["progress reports"] = counts.get("progress reports", 0) + len(r_rows)
            step.advance(size)
    reset_sequences([Commitment, Milestone, CommitmentValue, ProgressReport, Evidence])
    return made


def _created(table: Table, row, fallback):
    index = table._index.get("created_at")
    return row[index] if index is not None else fallback


def _milestone_state(rng, m_start: date, m_end: date, today: date) -> tuple[int, str]:
    """A plausible status for the dates: done, under way, overdue or to come (as the demo's)."""
    roll = rng.random()
    if m_start > today:
        return (0, MilestoneStatus.CANCELLED) if roll < 0.05 else (0, MilestoneStatus.NOT_STARTED)
    if m_end < today:
        if roll < 0.1:
            return 0, MilestoneStatus.NOT_STARTED
        if roll < 0.75:
            return 100, MilestoneStatus.COMPLETED
        return rng.choice([30, 50, 70]), MilestoneStatus.IN_PROGRESS
    if roll < 0.2:
        return 0, MilestoneStatus.NOT_STARTED
    return rng.choice([10, 25, 40, 60, 80]), MilestoneStatus.IN_PROGRESS


def _proposals(rng, plans, process_sizes, users, commitments, n, now, bar, counts) -> list[tuple[int, datetime]]:
    """Proposals with their goals, supports (counted) and the STL's reasoned response to each."""
    goals = {t.code: t.pk for t in Term.objects.filter(scheme=Scheme.SDG_GOAL)}
    towns: dict[int, list[int]] = {}
    for pk, state in Municipality.objects.values_list("pk", "state_id"):
        towns.setdefault(state, []).append(pk)
    local: dict[int, list[int]] = {}
    for pk, state in users:
        local.setdefault(state, []).append(pk)
    everyone = [pk for pk, _state in users]
    p_table, s_table, r_table = Table(Proposal), Table(Support, with_id=False), Table(Response)
    g_table = Table(Proposal.goals.through, with_id=False)
    average = n["supports"] / max(1, n["proposals"])
    made: list[tuple[int, datetime]] = []
    kinds = list(ResponseKind)
    with bar.step("propuestas y apoyos", sum(process_sizes)) as step:
        for plan, size in zip(plans, process_sizes, strict=True):
            phases = plan.scale_phases
            open_from, open_until = phases[PhaseKind.DIAGNOSIS].starts_at, phases[PhaseKind.PROPOSALS].ends_at
            support_from = phases[PhaseKind.PROPOSALS].starts_at
            validation = phases[PhaseKind.VALIDATION]
            people = local.get(plan.state_id) or everyone
            options = commitments.get(plan.pk, [])
            p_rows, r_rows, g_rows, supports = [], [], [], []
            for _i in range(size):
                title, problem, solution, codes = IDEAS[rng.randrange(len(IDEAS))]
                pid = p_table.next_id()
                created = _between(rng, open_from, open_until)
                author = rng.choice(people if rng.random() < 0.7 else everyone)
                k = min(len(everyone), int(rng.expovariate(1 / average))) if average else 0
                chosen = rng.sample(everyone, k)
                start = max(created, support_from)
                supports.append((pid, chosen, start, open_until))
                town = towns.get(plan.state_id)
                p_rows.append(
                    p_table.row(
                        id=pid,
                        process_id=plan.scale_process.pk,
                        author_id=author,
                        title=title,
                        problem=problem,
                        solution=solution,
                        support_count=k,
                        created_at=created,
                        updated_at=created,
                        municipality_id=rng.choice(town) if town and rng.random() < 0.8 else None,
                    )
                )
                g_rows += [g_table.row(proposal_id=pid, term_id=goals[c]) for c in codes]
                kind = rng.choice(kinds) if options else ResponseKind.NOT_INCORPORATED
                answered = _between(rng, validation.starts_at, validation.ends_at)
                r_rows.append(
                    r_table.row(
                        id=r_table.next_id(),
                        created_at=answered,
                        updated_at=answered,
                        proposal_id=pid,
                        kind=kind,
                        reason=REASONS[kind],
                        responded_at=answered,
                        commitment_id=rng.choice(options)[0] if kind != ResponseKind.NOT_INCORPORATED else None,
                    )
                )
                made.append((pid, created))
            p_table.write(p_rows)
            p_table.history(
                p_rows,
                date_of=lambda row: row[p_table._index["created_at"]],
                user_of=lambda row: row[p_table._index["author_id"]],
            )
            g_table.write(g_rows)
            r_table.write(r_rows)
            r_table.history(r_rows, date_of=lambda row: row[r_table._index["created_at"]])
            written = s_table.write(
                s_table.row(proposal_id=pid, user_id=uid, created_at=_between(rng, start, end))
                for pid, chosen, start, end in supports
                for uid in chosen
            )
            counts["proposals"] = counts.get("proposals", 0) + len(p_rows)
            counts["supports"] = counts.get("supports", 0) + written
            step.advance(size)
    reset_sequences([Proposal, Response])
    return made


def _comments(rng, commitments, proposals, users, n, scale, now, bar, counts) -> None:
    """Comments on commitments (30 %) and proposals (70 %), a fifth of them replies in a thread."""
    everyone = [pk for pk, _state in users]
    table = Table(Comment)
    ct_commitment = ContentType.objects.get_for_model(Commitment).pk
    ct_proposal = ContentType.objects.get_for_model(Proposal).pk
    flat = [
        (cid, timezone.make_aware(datetime.combine(start, clock(9))))
        for rows in commitments.values()
        for cid, start, _end in rows
    ]
    targets = []
    share = round(n["comments"] * 0.3)
    per_c = _heavy(rng, share, len(flat), _cap(BUSIEST_COMMITMENT * scale, share, len(flat)))
    share = n["comments"] - sum(per_c)
    per_p = _heavy(rng, share, len(proposals), _cap(BUSIEST_PROPOSAL * scale, share, len(proposals)))
    targets += [(ct_commitment, pk, since, k) for (pk, since), k in zip(flat, per_c, strict=True)]
    targets += [(ct_proposal, pk, since, k) for (pk, since), k in zip(proposals, per_p, strict=True)]
    rows: list[tuple] = []
    author_at, created_at = table._index["author_id"], table._index["created_at"]

    def flush():
        table.write(rows)
        table.history(rows, date_of=lambda row: row[created_at], user_of=lambda row: row[author_at])
        counts["comments"] = counts.get("comments", 0) + len(rows)
        rows.clear()

    with bar.step("comentarios", sum(t[3] for t in targets)) as step:
        for ct, object_id, since, k in targets:
            moments = sorted(_between(rng, since, now) for _ in range(k))
            tops: list[int] = []
            for moment in moments:
                pk = table.next_id()
                parent = rng.choice(tops) if tops and rng.random() < 0.2 else None
                rows.append(
                    table.row(
                        id=pk,
                        content_type_id=ct,
                        object_id=object_id,
                        parent_id=parent,
                        reply_to_id=parent,
                        author_id=rng.choice(everyone),
                        created_at=moment,
                        body=f"{rng.choice(PHRASES)} {rng.choice(PHRASES)}",
                    )
                )
                if parent is None:
                    tops.append(pk)
            if len(rows) >= 50000:
                step.advance(len(rows))
                flush()
        step.advance(len(rows))
        flush()
    reset_sequences([Comment])


def _finish(plans, bar) -> None:
    """Progress of each plan from its commitments; publish every plan (its guards check the responses)."""
    with bar.step("publicación de los planes", len(plans)) as step:
        for index, plan in enumerate(plans):
            recompute_plan(plan.pk)
            plan = plan_services.plan_transition(
                actor=None, plan=plan, target=PlanStatus.PUBLISHED, reason="Escala nacional"
            )
            if index % 4:
                plan_services.plan_transition(
                    actor=None, plan=plan, target=PlanStatus.IMPLEMENTATION, reason="Escala nacional"
                )
            step.advance()


def rebuild_search_index(bar: Bar) -> str:
    """The search index, when the search app is installed; named here so the step is easy to find."""
    if not apps.is_installed("apertus.search"):
        return "not installed"
    for name in ("rebuild_search_index", "search_rebuild", "rebuild_search", "build_search_index"):
        if name in get_commands():
            with bar.step("índice de búsqueda", 1) as step:
                call_command(name)
                step.advance()
            return name
    return "no rebuild command"
