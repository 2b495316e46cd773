"""Demo co-creation for the 15 demo plans (run after ``plans_demo_load``).

Each plan gets a process with the six phases placed around today as fits its stage: plans in
co-creation have the proposals phase open now; published and later plans are in follow-up (or
done). Fictional citizens propose, support and get answers, all through the services, replaying
each moment inside the phase that allowed it. Published plans have every proposal answered (so
the publishing guard holds); plans in co-creation still have some waiting. Draft plans get their
process, not yet open, and no proposals: citizens cannot see a draft. Idempotent: a plan that
already has a process is left alone.
"""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from apertus.accounts.demo import DEMO_DOMAIN, FIRST, LAST
from apertus.accounts.models import User
from apertus.accounts.services import user_create
from apertus.core.held import held
from apertus.participation import selectors, services
from apertus.participation.models import Action, PhaseKind, Process, ResponseKind
from apertus.plans.models import ActionPlan, PlanStatus
from apertus.search import index as search_index
from apertus.taxonomy.models import Scheme, Term
from apertus.territories.models import Municipality

CITIZENS_PER_STATE = 3
A = Action
# kind, name, days, actions, description
PHASES = [
    (
        PhaseKind.DIAGNOSIS,
        "Diagnóstico de problemas públicos",
        30,
        [A.PROPOSE, A.COMMENT],
        "Cuéntanos qué problemas públicos de tu municipio o de la entidad debería atender el plan.",
    ),
    (
        PhaseKind.PROPOSALS,
        "Propuestas ciudadanas",
        40,
        [A.PROPOSE, A.SUPPORT, A.COMMENT],
        "Propón soluciones y apoya las propuestas que te parezcan prioritarias.",
    ),
    (
        PhaseKind.TABLES,
        "Mesas de trabajo",
        30,
        [A.REGISTER_TABLE, A.COMMENT],
        "Gobierno, sociedad civil y órgano garante convierten las propuestas en compromisos.",
    ),
    (
        PhaseKind.VALIDATION,
        "Validación del borrador",
        20,
        [A.VOTE_DRAFT, A.COMMENT],
        "Revisa el borrador del plan y di si refleja lo acordado.",
    ),
    (
        PhaseKind.PUBLICATION,
        "Publicación del plan",
        15,
        [A.COMMENT],
        "El STL publica el plan con la respuesta razonada a cada propuesta.",
    ),
    (PhaseKind.FOLLOW_UP, "Seguimiento", None, [A.COMMENT], "Da seguimiento a los compromisos y a su avance."),
]
# title, problem, solution, SDG goals
IDEAS = [
    (
        "Publicar las licitaciones de obra en datos abiertos",
        "No sabemos quién construye las obras de mi colonia ni cuánto cuestan.",
        "Publicar cada contrato de obra, con su avance físico y financiero, en datos abiertos y en un mapa.",
        ["16", "11"],
    ),
    (
        "Mapa ciudadano de fugas de agua",
        "Las fugas tardan semanas en repararse y nadie informa el avance.",
        "Un mapa público donde la ciudadanía reporte fugas y el organismo operador publique cuándo las atiende.",
        ["6", "11"],
    ),
    (
        "Presupuesto participativo en las colonias",
        "Las colonias no deciden en qué se gasta el presupuesto municipal.",
        "Destinar una parte del presupuesto a proyectos votados por las colonias, con seguimiento público.",
        ["11", "16"],
    ),
    (
        "Transparencia en el abasto de medicamentos",
        "En el centro de salud casi nunca hay los medicamentos recetados.",
        "Publicar semanalmente el inventario de medicamentos por unidad de salud.",
        ["3", "16"],
    ),
    (
        "Rutas de atención a mujeres víctimas de violencia",
        "Las mujeres que denuncian no saben qué sigue ni a quién acudir.",
        "Publicar la ruta de atención, los tiempos de respuesta y un folio de seguimiento para cada caso.",
        ["5", "16"],
    ),
    (
        "Fichas abiertas de cada escuela",
        "Las familias no conocen el estado de los edificios escolares.",
        "Una ficha pública por escuela con infraestructura, presupuesto y comité de contraloría social.",
        ["4", "16"],
    ),
    (
        "Padrón de programas sociales verificable",
        "No se sabe quién recibe los apoyos sociales ni con qué criterios.",
        "Publicar el padrón único de beneficiarios, protegiendo los datos personales.",
        ["1", "10"],
    ),
    (
        "Calidad del aire con datos abiertos",
        "No hay información sobre la calidad del aire en la zona industrial.",
        "Instalar monitores y publicar sus mediciones en tiempo real.",
        ["3", "11", "13"],
    ),
    (
        "Seguimiento público a las denuncias",
        "Las denuncias ciudadanas se pierden y nadie responde.",
        "Un sistema con folio y plazos públicos para cada denuncia, con estadísticas mensuales.",
        ["16"],
    ),
    (
        "Transporte público accesible",
        "Las unidades no son accesibles para personas con discapacidad.",
        "Publicar el padrón de unidades con sus condiciones de accesibilidad y un plan de renovación.",
        ["10", "11"],
    ),
    (
        "Empleo para jóvenes con información clara",
        "Los jóvenes no encuentran información de programas de empleo.",
        "Un portal único con las convocatorias de empleo y capacitación, y sus resultados.",
        ["8", "4"],
    ),
    (
        "Agenda pública de los servidores públicos",
        "No se sabe con quién se reúnen las autoridades.",
        "Publicar las agendas de titulares de dependencias, con los temas de cada reunión.",
        ["16"],
    ),
]
REASONS = {
    ResponseKind.INCORPORATED: "La propuesta se incorporó en el compromiso señalado: las mesas de trabajo la retomaron casi sin cambios.",
    ResponseKind.PARTIAL: "Se incorporó una parte: el compromiso retoma el objetivo, pero por presupuesto se empieza con un piloto.",
    ResponseKind.NOT_INCORPORATED: "No se incorporó porque no corresponde a las atribuciones de las instituciones del STL; "
    "la canalizamos a la autoridad competente.",
}


def _at(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def _between(rng: random.Random, start: datetime, end: datetime) -> datetime:
    return start + (end - start) * rng.uniform(0.05, 0.95)


def _first_day(plan: ActionPlan, today: date) -> date:
    """When diagnosis starts, so that the right phase is open today for the plan's stage."""
    if plan.status == PlanStatus.DRAFT:
        return today + timedelta(days=15)  # not open yet
    if plan.status == PlanStatus.COCREATION:
        return today - timedelta(days=PHASES[0][2] + 20)  # proposals opened 20 days ago
    return plan.period_start - timedelta(days=sum(p[2] for p in PHASES[:-1]))  # follow-up starts with the plan


def _citizens(states) -> dict[int, list[User]]:
    rng = random.Random(2030)
    people: dict[int, list[User]] = {}
    number = 0
    for state in states:
        for _n in range(CITIZENS_PER_STATE):
            number += 1
            email = f"ciudadano{number:02d}@{DEMO_DOMAIN}"
            user = User.objects.filter(email=email).first() or user_create(
                email=email,
                password=None,
                first_name=rng.choice(FIRST),
                last_name=f"{rng.choice(LAST)} (demo)",
                state=state,
                is_demo=True,
            )
            people.setdefault(state.pk, []).append(user)
    return people


@transaction.atomic
@search_index.deferred()  # each record indexed once, in bulk, at the end
@held()  # the open data's version moves up once, at the end (core/held.py)
def participation_demo_load() -> int:
    """Create what is missing; returns how many processes were created."""
    plans = list(ActionPlan.objects.select_related("state").order_by("state__code", "edition"))
    people = _citizens(sorted({p.state for p in plans}, key=lambda s: s.code))
    pool = [u for users in people.values() for u in users]
    goals = {t.code: t for t in Term.objects.filter(scheme=Scheme.SDG_GOAL)}
    today = timezone.localdate()
    created = 0
    for plan in plans:
        if Process.objects.filter(plan=plan).exists():
            continue
        rng = random.Random(int(plan.state.code) * 100 + plan.edition)
        process = services.process_create(
            actor=None,
            plan=plan,
            title=f"Cocreación del plan de {plan.state.short_name}",
            description="Proceso de demostración: propón, apoya y conoce la respuesta razonada del STL a cada propuesta.",
        )
        phases = _phases(process, plan, today)
        created += 1
        if plan.status != PlanStatus.DRAFT:
            process = selectors.process_for_plan(plan)  # phases read once, not at every action
            _proposals(process, plan, phases, rng, people[plan.state_id], pool, goals)
    return created


def _phases(process, plan, today) -> dict[str, object]:
    start = _first_day(plan, today)
    made = {}
    for kind, name, days, actions, description in PHASES:
        # Follow-up lasts the plan's period; a plan not yet concluded is still followed up today.
        follow_up = [plan.period_end + timedelta(days=1), start + timedelta(days=365)]
        if plan.status != PlanStatus.CONCLUDED:
            follow_up.append(today + timedelta(days=365))
        end = start + timedelta(days=days) if days else max(follow_up)
        made[kind] = services.phase_create(
            actor=None,
            process=process,
            kind=kind,
            name=name,
            description=description,
            starts_at=_at(start),
            ends_at=_at(end),
            actions=actions,
        )
        start = end
    return made


def _proposals(process, plan, phases, rng, locals_, pool, goals) -> None:
    now = timezone.now()
    municipalities = list(Municipality.objects.filter(state=plan.state).order_by("code").values_list("pk", flat=True))
    commitments = list(plan.commitments.order_by("number"))
    diagnosis, proposing = phases[PhaseKind.DIAGNOSIS], phases[PhaseKind.PROPOSALS]
    validation = phases[PhaseKind.VALIDATION]
    published = plan.status != PlanStatus.COCREATION
    for title, problem, solution, codes in rng.sample(IDEAS, rng.randint(4, 10)):
        window = rng.choice([diagnosis, proposing])
        moment = _between(rng, window.starts_at, min(window.ends_at, now))
        author = rng.choice(locals_ if rng.random() < 0.7 else pool)
        municipality = (
            Municipality.objects.get(pk=rng.choice(municipalities)) if municipalities and rng.random() < 0.8 else None
        )
        proposal = services.proposal_create(
            actor=author,
            process=process,
            title=title,
            problem=problem,
            solution=solution,
            goals=[goals[c] for c in codes],
            municipality=municipality,
            now=moment,
        )
        support_from = max(moment, proposing.starts_at)
        support_until = min(proposing.ends_at, now)
        if support_from < support_until:
            for supporter in rng.sample(pool, rng.randint(0, 8)):
                services.support_add(actor=supporter, proposal=proposal, now=_between(rng, support_from, support_until))
        if published or (moment < proposing.starts_at and rng.random() < 0.5):
            answer_from = validation.starts_at if published else proposing.starts_at
            answer_until = validation.ends_at if published else now
            kind = rng.choice(list(ResponseKind)) if commitments else ResponseKind.NOT_INCORPORATED
            services.proposal_respond(
                actor=None,
                proposal=proposal,
                kind=kind,
                reason=REASONS[kind],
                commitment=rng.choice(commitments) if kind != ResponseKind.NOT_INCORPORATED else None,
                now=_between(rng, answer_from, answer_until),
            )
