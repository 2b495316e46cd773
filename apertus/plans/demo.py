"""Demo action plans for the 15 states: one plan each, at a stage that fits its phase.

Commitments are fictional but realistic (open contracting, participatory budgets, water...),
with milestones in every status, some evidence and some overdue. Plans follow the program's
timeline (phase 1: 2017-2019, phase 2: 2018-2019) and progress is reported as of its end at the
latest (September 2019), never after. Idempotent: a state that
already has a plan is left alone, so a second ``make run`` changes nothing anyone edited.
"""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from apertus.accounts.models import Role, User
from apertus.comments.selectors import comments_on
from apertus.comments.services import comment_create
from apertus.core.held import held
from apertus.documents.models import DocumentKind
from apertus.documents.services import document_create
from apertus.notifications.services import follow
from apertus.organizations.models import Organization, OrganizationType
from apertus.organizations.services import organization_ensure
from apertus.plans import services
from apertus.plans.models import ActionPlan, MilestoneStatus, PlanStatus, ProgressReport
from apertus.plans.notices import progress_reported
from apertus.plans.progress import recomputed_at_end
from apertus.plans.selectors import current_plan_by_state
from apertus.program.models import StateParticipation
from apertus.search import index as search_index
from apertus.taxonomy.models import Scheme, Term

# title, problem, objective, SDG goal, targets, OGP values (codes)
THEMES = [
    (
        "Contrataciones abiertas en obra pública",
        "Las contrataciones de obra pública no se publican en formatos abiertos y la ciudadanía no puede seguirlas.",
        "Publicar todas las contrataciones de obra pública en el Estándar de Datos para las Contrataciones Abiertas.",
        "16",
        ["16.5", "16.6", "16.10"],
        ["acceso", "rendicion"],
    ),
    (
        "Presupuesto participativo municipal",
        "Las colonias no participan en decidir una parte del gasto municipal.",
        "Crear un mecanismo de presupuesto participativo con reglas públicas y seguimiento ciudadano.",
        "11",
        ["11.3", "16.7"],
        ["participacion", "rendicion"],
    ),
    (
        "Transparencia en la gestión del agua",
        "La población no conoce la calidad del agua ni las inversiones en infraestructura hidráulica.",
        "Publicar datos abiertos de calidad del agua y de obras hidráulicas, con monitoreo ciudadano.",
        "6",
        ["6.1", "6.b", "16.10"],
        ["acceso", "participacion"],
    ),
    (
        "Seguridad pública con datos abiertos",
        "No hay información confiable y oportuna sobre incidencia delictiva por municipio.",
        "Publicar mensualmente datos abiertos de incidencia delictiva y crear mesas de seguridad con la ciudadanía.",
        "16",
        ["16.1", "16.6"],
        ["acceso", "tecnologia"],
    ),
    (
        "Atención a la violencia de género",
        "Las mujeres que denuncian violencia no encuentran rutas claras de atención ni seguimiento.",
        "Crear un sistema público de seguimiento de casos y de la respuesta institucional, con participación de colectivas.",
        "5",
        ["5.2", "16.1"],
        ["rendicion", "participacion"],
    ),
    (
        "Padrón único de beneficiarios de programas sociales",
        "Los padrones de programas sociales están dispersos y no se pueden verificar.",
        "Integrar y publicar un padrón único, con protección de datos personales.",
        "1",
        ["1.3", "16.6"],
        ["acceso", "rendicion"],
    ),
    (
        "Salud: abasto de medicamentos",
        "Las unidades de salud reportan desabasto sin que la población pueda verificarlo.",
        "Publicar el inventario de medicamentos por unidad de salud y un canal de reporte ciudadano.",
        "3",
        ["3.8", "16.6"],
        ["acceso", "tecnologia"],
    ),
    (
        "Escuelas con información abierta",
        "Las familias no conocen el estado de la infraestructura escolar ni su presupuesto.",
        "Publicar fichas por escuela con infraestructura, presupuesto y un mecanismo de contraloría social.",
        "4",
        ["4.a", "16.7"],
        ["participacion", "acceso"],
    ),
]
JUSTIFY = {
    "acceso": "Pone a disposición información pública en formatos abiertos.",
    "participacion": "Abre un espacio para que la ciudadanía incida en decisiones públicas.",
    "rendicion": "Crea reglas y mecanismos para que las autoridades respondan por sus actos.",
    "tecnologia": "Usa tecnología para mejorar la apertura y la rendición de cuentas.",
}
# A stage for each program phase, by state code: realistic for 2017 and 2018 cohorts.
STAGE = {
    "08": PlanStatus.IMPLEMENTATION,
    "17": PlanStatus.CONCLUDED,
    "19": PlanStatus.PUBLISHED,
    "20": PlanStatus.IMPLEMENTATION,
    "26": PlanStatus.IMPLEMENTATION,
    "04": PlanStatus.IMPLEMENTATION,
    "10": PlanStatus.PUBLISHED,
    "15": PlanStatus.COCREATION,
    "11": PlanStatus.DRAFT,
    "23": PlanStatus.COCREATION,
    "24": PlanStatus.IMPLEMENTATION,
    "25": PlanStatus.PUBLISHED,
    "27": PlanStatus.COCREATION,
    "29": PlanStatus.IMPLEMENTATION,
    "30": PlanStatus.PUBLISHED,
}
PATH = [PlanStatus.COCREATION, PlanStatus.PUBLISHED, PlanStatus.IMPLEMENTATION, PlanStatus.CONCLUDED]


def _terms(scheme, codes):
    return list(Term.objects.filter(scheme=scheme, code__in=codes))


def _civil_society(state) -> Organization:
    org = Organization.objects.filter(state=state, type=OrganizationType.CIVIL_SOCIETY).first()
    return org or organization_ensure(
        name=f"Colectivo ciudadano de {state.short_name} (demo)", type=OrganizationType.CIVIL_SOCIETY, state=state
    )


def _government(state) -> Organization:
    org = Organization.objects.filter(state=state, type=OrganizationType.GOVERNMENT).first()
    return org or organization_ensure(
        name=f"Gobierno del Estado de {state.short_name}", type=OrganizationType.GOVERNMENT, state=state
    )


# The program ran from December 2016 to September 2019 (seed document): its plans and their progress
# reports belong to those years, and nothing is reported after the program's end (nor in the future).
PROGRAM_END = date(2019, 9, 30)
PERIODS = {2017: (date(2017, 9, 1), date(2019, 8, 31)), 2018: (date(2018, 10, 1), date(2019, 9, 30))}


@transaction.atomic
@search_index.deferred()  # each record indexed once, in bulk, at the end
@held()  # the open data's version moves up once, at the end (core/held.py)
def plans_demo_load() -> int:
    created = 0
    today = min(timezone.localdate(), PROGRAM_END)
    goals = {t.code: t for t in Term.objects.filter(scheme=Scheme.SDG_GOAL)}
    for participation in StateParticipation.objects.select_related("state", "phase").order_by("state__code"):
        state = participation.state
        if ActionPlan.all_objects.filter(state=state).exists():
            continue
        rng = random.Random(int(state.code))
        target = STAGE.get(state.code, PlanStatus.COCREATION)
        start, end = _period(participation.phase.year)
        plan = services.plan_create(
            actor=None,
            state=state,
            title=f"Plan de Acción Local de Gobierno Abierto {start.year}-{end.year}",
            period_start=start,
            period_end=end,
            summary=f"Plan de demostración de {state.short_name}, cocreado por su Secretariado Técnico Local.",
        )
        with recomputed_at_end():  # the plan's numbers once, before its steps read them
            _fill(plan, state, goals, rng, today)
        for step in PATH[: PATH.index(target) + 1] if target != PlanStatus.DRAFT else []:
            plan = services.plan_transition(actor=None, plan=plan, target=step, reason="Datos de demostración")
        created += 1
    return created


def _period(phase_year: int) -> tuple[date, date]:
    """Phase 1 plans run 2017-2019, phase 2 plans 2018-2019, as the program's did."""
    return PERIODS.get(phase_year, (date(phase_year, 9, 1), date(phase_year + 1, 9, 30)))


def _fill(plan, state, goals, rng, today) -> None:
    lead, civil = _government(state), _civil_society(state)
    values = {t.code: t for t in Term.objects.filter(scheme=Scheme.OGP_VALUE)}
    for index in rng.sample(range(len(THEMES)), rng.randint(4, 8)):
        title, problem, objective, goal, targets, value_codes = THEMES[index]
        start = plan.period_start + timedelta(days=rng.randint(0, 60))
        end = plan.period_end - timedelta(days=rng.randint(0, 60))
        commitment = services.commitment_create(
            actor=None,
            plan=plan,
            title=title,
            problem=problem,
            baseline="Sin información pública sistematizada al inicio del plan.",
            objective=objective,
            expected_results="Información publicada y verificable; mecanismo ciudadano funcionando.",
            how_it_solves="Abre la información y crea un espacio de seguimiento conjunto.",
            corruption_prevention="Reduce la discrecionalidad al hacer públicas las decisiones.",
            primary_goal=goals[goal],
            lead_institution=lead,
            start_date=start,
            end_date=end,
            contact="Secretaría técnica del STL (demo)",
            targets=_terms(Scheme.SDG_TARGET, targets),
            co_responsible=[civil],
            values=[(values[c], JUSTIFY[c]) for c in value_codes],
        )
        span = (end - start).days
        for n in range(rng.randint(2, 4)):
            m_start = start + timedelta(days=n * span // 4)
            m_end = m_start + timedelta(days=span // 4)
            milestone = services.milestone_create(
                actor=None,
                commitment=commitment,
                title=f"Hito {n + 1}: {_MILESTONES[n]}",
                deliverable=_DELIVERABLES[n],
                start_date=m_start,
                end_date=m_end,
                weight=rng.choice([1, 1, 2, 3]),
                responsible=lead if n % 2 == 0 else civil,
            )
            _progress(milestone, m_end, today, rng)


_MILESTONES = [
    "diagnóstico y línea base",
    "diseño del mecanismo",
    "publicación de datos",
    "evaluación con la ciudadanía",
]
_DELIVERABLES = [
    "Documento de diagnóstico",
    "Reglas y lineamientos publicados",
    "Conjunto de datos abiertos",
    "Informe de evaluación",
]


def _progress(milestone, m_end, today, rng) -> None:
    """Put the milestone in a plausible status for its dates: done, under way, overdue or to come."""
    roll = rng.random()
    if milestone.start_date > today:
        if roll > 0.1:
            return  # not started yet, as it should be
        progress, status = 0, MilestoneStatus.CANCELLED
    elif m_end < today:
        if roll < 0.1:
            return  # not started and overdue
        if roll < 0.75:
            progress, status = 100, MilestoneStatus.COMPLETED
        else:
            progress, status = rng.choice([30, 50, 70]), MilestoneStatus.IN_PROGRESS  # overdue
    else:
        if roll < 0.2:
            return
        progress, status = rng.choice([10, 25, 40, 60, 80]), MilestoneStatus.IN_PROGRESS
    evidence = []
    if status != MilestoneStatus.CANCELLED and rng.random() < 0.7:
        if status == MilestoneStatus.COMPLETED and rng.random() < 0.3:
            evidence = [{"description": "Minuta firmada del hito (demo)", "document": _demo_pdf(milestone)}]
        else:
            evidence = [
                {
                    "description": "Publicación en el portal de transparencia (demo)",
                    "url": f"https://transparencia.example.org/demo/hito-{milestone.pk}",
                }
            ]
    report = services.progress_report(
        actor=None,
        milestone=milestone,
        progress=progress,
        status=status,
        note="Avance registrado por la secretaría técnica (demo).",
        new_evidence=evidence,
    )
    # Date the report within the milestone's span, so the timeline reads like a real one.
    when = min(m_end, today) - timedelta(days=rng.randint(0, 20))
    reported_at = timezone.make_aware(datetime.combine(max(when, milestone.start_date), time(12, 0)))
    ProgressReport.objects.filter(pk=report.pk).update(created_at=reported_at)


_PDF_BYTES: list[bytes] = []


def _demo_pdf(milestone):
    """A real, small PDF (rendered once per load and reused) kept as a Document."""
    from django.core.files.base import ContentFile

    if not _PDF_BYTES:
        import weasyprint

        _PDF_BYTES.append(weasyprint.HTML(string="<h1>Minuta (demo)</h1><p>Documento de demostración.</p>").write_pdf())
    plan = milestone.commitment.plan
    return document_create(
        actor=None,
        upload=ContentFile(_PDF_BYTES[0], name="minuta.pdf"),
        title="Minuta firmada (demo)",
        kind=DocumentKind.EVIDENCE,
        state=plan.state,
        is_public=plan.is_public,
    )


# Demo follows: the demo citizen follows their state, its plan and a commitment; their inbox then
# holds the latest progress of that plan, as the messenger sends it. Idempotent: follows are unique
# and each progress report notifies a person once.

DEMO_CITIZEN = "ciudadania@demo.apertus.mx"


def follows_demo_load() -> int:
    """Returns how many new notifications it created (0 on a second run)."""

    citizen = User.objects.filter(email=DEMO_CITIZEN, is_active=True).select_related("state").first()
    if citizen is None or citizen.state is None:
        return 0
    follow(user=citizen, obj=citizen.state)
    plan = current_plan_by_state().get(citizen.state_id)
    if plan is None:
        return 0
    follow(user=citizen, obj=plan)
    commitment = plan.commitments.order_by("number").first()
    if commitment is not None:
        follow(user=citizen, obj=commitment)
    reports = (
        ProgressReport.objects.filter(commitment__plan=plan, commitment__is_deleted=False)
        .select_related("milestone")
        .order_by("-created_at", "-id")[:5]
    )
    return sum(progress_reported(report) for report in reversed(list(reports)))


# Demo conversations: on each state's current public plan, a thread on its first commitment and a
# comment on the plan. Idempotent: a target that already has comments is left alone.

THREAD = [
    "¿Cómo se va a medir el avance de este compromiso? Me gustaría que los datos se publiquen cada mes "
    "y en formato abierto, no solo en PDF.",
    "Buena pregunta. En la mesa de trabajo se acordó publicar un tablero trimestral; propondremos que sea mensual.",
    "Gracias. Si sirve de referencia, el [estándar de datos abiertos](https://datos.gob.mx) ya pide formatos reutilizables.",
]
ON_PLAN = (
    "Me parece importante que el plan incluya a los municipios más alejados de la capital en las mesas de trabajo."
)


def _people_for(state) -> list[User]:
    citizen = User.objects.filter(email=DEMO_CITIZEN).first()
    local = list(
        User.objects.filter(
            is_demo=True, is_active=True, roles__role__in=[Role.STL_MEMBER, Role.FELLOW], roles__state=state
        )
        .distinct()
        .order_by("email")[:2]
    )
    return [p for p in [citizen, *local] if p is not None]


@transaction.atomic
def comments_demo_load() -> int:
    """Create the demo comments that are missing; returns how many were created."""
    created = 0
    for plan in current_plan_by_state().values():
        people = _people_for(plan.state)
        commitment = plan.commitments.order_by("number").first()
        if len(people) < 2 or commitment is None:
            continue
        if not comments_on(commitment).exists():
            top = comment_create(actor=people[0], target=commitment, body=THREAD[0])
            reply = comment_create(actor=people[1], target=commitment, body=THREAD[1], parent=top)
            comment_create(actor=people[0], target=commitment, body=THREAD[2], parent=reply)
            created += 3
        if not comments_on(plan).exists():
            comment_create(actor=people[-1], target=plan, body=ON_PLAN)
            created += 1
    return created
