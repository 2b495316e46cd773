"""Demo team projects: one per participating state in its cohort (15), most of them published.

Needs the demo people and fellows (``apertus.accounts.demo.demo_people_load``,
``apertus.program.demo.fellows_demo_load``); uses the state's STL and a
commitment of its demo plan when those demos are loaded. Idempotent: a state that already has its
project is left as it is.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from apertus.accounts.models import User
from apertus.core.held import held
from apertus.program.models import StateParticipation
from apertus.search import index as search_index
from apertus.teams import selectors, services
from apertus.teams.models import TeamProject

MENTOR_EMAIL = "facilitacion@demo.apertus.mx"
# One state per cohort stays a draft, to show the difference.
DRAFT_STATES = {"26", "29"}  # Sonora (2017), Tlaxcala (2018)
TOPICS = [
    ("Compras públicas abiertas", "compras y contrataciones del gobierno estatal", ["16.5", "16.6"]),
    ("Agua y transparencia", "la gestión del agua en los municipios", ["6.1", "16.10"]),
    ("Presupuesto participativo", "el presupuesto de obra pública", ["16.7", "11.3"]),
    ("Salud con datos abiertos", "el abasto de medicamentos en centros de salud", ["3.8", "16.10"]),
    ("Escuelas transparentes", "la infraestructura escolar", ["4.a", "16.6"]),
]
DELIVERABLES = [
    (
        "Diagnóstico del problema público",
        "Problema, línea base y actores.\n\n- Fuentes de información\n- Mapa de actores",
        6,
        30,
    ),
    (
        "Plan de trabajo con el STL",
        "Acciones, responsables y calendario acordados con el **Secretariado Técnico Local**.",
        8,
        31,
    ),
    ("Informe final del proyecto", "Resultados, evidencia y recomendaciones.", 10, 31),
]
_PDF: list[bytes] = []


def _pdf() -> bytes:
    if not _PDF:
        import weasyprint

        _PDF.append(weasyprint.HTML(string="<h1>Entregable (demo)</h1><p>Documento de demostración.</p>").write_pdf())
    return _PDF[0]


def _at(day: date, hour: int = 12) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


def _commitment(state):
    commitments = selectors.state_commitments(state=state)
    return commitments.first()


@transaction.atomic
@search_index.deferred()  # each record indexed once, in bulk, at the end
@held()  # the open data's version moves up once, at the end (core/held.py)
def teams_demo_load() -> int:
    """Create the missing demo team projects; returns how many were created."""
    mentor = User.objects.filter(email=MENTOR_EMAIL).first()
    created = 0
    participations = StateParticipation.objects.select_related("state", "phase").order_by(
        "phase__number", "state__code"
    )
    for index, participation in enumerate(participations):
        phase, state = participation.phase, participation.state
        if TeamProject.objects.filter(phase=phase, state=state).exists():
            continue
        topic, about, target_codes = TOPICS[index % len(TOPICS)]
        project = services.project_create(
            actor=None,
            phase=phase,
            state=state,
            title=f"{topic} en {state.short_name}",
            summary=(
                f"El equipo de fellows de {state.short_name} trabaja con su Secretariado Técnico Local para abrir "
                f"la información sobre {about} y darle seguimiento ciudadano.\n\n"
                "**Proyecto de demostración.**"
            ),
        )
        fellows = list(selectors.eligible_fellows(phase=phase, state=state))
        eligible = (
            mentor is not None and selectors.eligible_mentors(phase=phase, state=state).filter(pk=mentor.pk).exists()
        )
        project_mentor = mentor if eligible else None
        services.project_set_team(actor=None, project=project, fellows=fellows, mentor=project_mentor, stl=project.stl)
        commitment = _commitment(state)
        targets = list(selectors.sdg_targets().filter(code__in=target_codes))
        services.project_update(
            actor=None,
            project=project,
            title=project.title,
            summary=project.summary,
            commitments=[commitment] if commitment else [],
            targets=targets,
        )
        _deliverables(project, fellows, project_mentor, late=index % 4 == 1)
        if state.code not in DRAFT_STATES:
            services.project_publish(actor=None, project=project)
        created += 1
    return created


def _deliverables(project: TeamProject, fellows: list, mentor, *, late: bool) -> None:
    year = project.phase.year
    for number, (title, description, month, day) in enumerate(DELIVERABLES):
        due = date(year, month, day)
        deliverable = services.deliverable_create(
            actor=None, project=project, title=title, description=description, due_date=due
        )
        if not fellows:
            continue
        handed_late = late and number == 1
        when = _at(due + timedelta(days=3)) if handed_late else _at(due - timedelta(days=2))
        upload = ContentFile(_pdf(), name="entregable.pdf") if number != 1 else None
        link = "" if upload else f"https://proyectos.example.org/demo/{project.state.slug}/{year}/plan"
        deliverable = services.deliverable_submit(
            actor=fellows[number % len(fellows)], deliverable=deliverable, upload=upload, link=link, now=when
        )
        if mentor is not None and number < 2:
            services.deliverable_feedback(
                actor=mentor,
                deliverable=deliverable,
                feedback=(
                    "Buen trabajo. Sugerencias:\n\n1. Precisar la línea base.\n2. Acordar fechas con el STL.\n\n"
                    "_Retroalimentación de demostración._"
                ),
            )
