"""Demo working tables: one per demo plan in co-creation or later.

Plans still in co-creation get a table ahead: inside the "mesas de trabajo" phase of their
co-creation process when they have one (load ``participation_demo_load`` first), else a few days
ahead. When registering is open now, it is already full with two people waiting; when the phase
has not opened yet, nobody is registered and the page says when registration opens. Later plans
get the table they held before their period began: registrations with a waiting list, attendance
by sector, outcomes, and the commitment born in it. Idempotent: a plan that has a table is left alone.
"""

from __future__ import annotations

import random
from datetime import datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from apertus.accounts.models import User
from apertus.core.held import held
from apertus.participation.selectors import process_for_plan
from apertus.plans.models import ActionPlan, PlanStatus
from apertus.search import index as search_index
from apertus.tables import services
from apertus.tables.models import Registration, RegistrationStatus, Sector, TableStatus
from apertus.tables.selectors import REGISTER_ACTION, plan_registration_refusal

CAPACITY = 6
REGISTRANTS = 8  # two more than the seats: the waiting list shows


def _at(day, hour: int) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


@transaction.atomic
@search_index.deferred()  # each record indexed once, in bulk, at the end
@held()  # the open data's version moves up once, at the end (core/held.py)
def tables_demo_load() -> int:
    people = list(User.objects.filter(is_demo=True, is_active=True).order_by("email"))
    today = timezone.localdate()
    created = 0
    plans = ActionPlan.objects.exclude(status=PlanStatus.DRAFT).select_related("state").order_by("state__code")
    for plan in plans:
        if plan.working_tables.exists():
            continue
        rng = random.Random(int(plan.state.code) * 7)
        commitment = plan.commitments.order_by("number").first()
        theme = commitment.title if commitment else "Diagnóstico de problemas públicos"
        upcoming = plan.status == PlanStatus.COCREATION
        if upcoming:
            day = _tables_phase_day(plan) or today + timedelta(days=rng.randint(3, 12))
        else:
            day = plan.period_start - timedelta(days=rng.randint(45, 90))
        online = rng.random() < 0.4
        table = services.table_create(
            actor=None,
            plan=plan,
            title=f"Mesa de trabajo: {theme}",
            topic=(
                f"Construir con la ciudadanía un compromiso sobre **{theme.lower()}** para el plan de "
                f"{plan.state.short_name}.\n\n1. Diagnóstico del problema\n2. Propuestas de solución\n3. Hitos y responsables"
            ),
            starts_at=_at(day, 10),
            ends_at=_at(day, 13),
            capacity=CAPACITY,
            place="" if online else f"Sala de usos múltiples del órgano garante, {plan.state.short_name} (demo)",
            online_url=f"https://reuniones.example.org/demo-mesa-{plan.state.code}" if online else "",
            facilitator_name="Secretaría técnica del STL (demo)",
        )
        if not upcoming or plan_registration_refusal(plan) is None:
            for person in rng.sample(people, min(REGISTRANTS, len(people))):
                services._register(table, person)  # seated directly: past tables' registrations were in their phase
        if not upcoming:
            _held(table, rng, commitment)
        created += 1
    return created


def _tables_phase_day(plan):
    """A day inside the plan's co-creation phase that opens table registration, if it has one to come."""
    process = process_for_plan(plan)
    now = timezone.now()
    phases = [p for p in (process.phases.all() if process else []) if REGISTER_ACTION in p.actions and p.ends_at > now]
    if not phases:
        return None
    phase = min(phases, key=lambda p: p.starts_at)
    start = max(timezone.localdate(phase.starts_at), timezone.localdate())
    return start + timedelta(days=max(min(7, (timezone.localdate(phase.ends_at) - start).days - 1), 1))


def _held(table, rng, commitment) -> None:
    """What a table that already happened leaves behind: who came, what came out of it."""
    Registration.objects.filter(table=table).update(created_at=table.starts_at - timedelta(days=10))
    confirmed = table.registrations.filter(status=RegistrationStatus.CONFIRMED).order_by("pk")
    attended = {r.pk: rng.random() < 0.8 for r in confirmed}
    counts = {value: rng.randint(0, 6) for value in Sector.values}
    counts[Sector.CITIZENS] += 4
    services.attendance_record(actor=None, table=table, counts=counts, attended=attended)
    services.table_update(
        actor=None,
        table=table,
        status=TableStatus.HELD,
        outcomes=(
            "- Se priorizaron tres problemas públicos.\n- Se acordó una propuesta de compromiso con hitos y "
            "responsables.\n- La secretaría técnica publicará la minuta y dará respuesta razonada a cada propuesta."
        ),
    )
    if commitment is not None:
        services.table_commitment_link(
            actor=None,
            table=table,
            commitment=commitment,
            note="El borrador del compromiso se redactó en esta mesa (demo).",
        )
