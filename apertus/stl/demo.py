"""Demo STLs for the 15 participating states (never in production: load_demo refuses there).

Seats are the real member institutions of each exercise (apertus.program), held by clearly
fictional people ("Persona demo 3 (demo)"). Sessions, attendance and agreements are invented;
two states have not met in the last six months, so the public flag can be seen. Running it again
changes nothing.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone

from apertus.accounts.models import User
from apertus.core.held import held
from apertus.organizations.models import OrganizationType
from apertus.program.models import ExerciseInstitution, StateParticipation
from apertus.search import index as search_index
from apertus.stl import services
from apertus.stl.models import (
    STL_SECTORS,
    AgreementStatus,
    AttendanceStatus,
    Member,
    MemberRole,
    Stl,
)

SECRETARY_EMAIL = "stl.oaxaca@demo.apertus.mx"
SECRETARY_STATE = "20"
# Chihuahua and Tabasco: their last demo session is more than six months old.
SILENT_STATES = {"08", "27"}
STATUS_CYCLE = [AgreementStatus.PENDING, AgreementStatus.IN_PROGRESS, AgreementStatus.DONE, AgreementStatus.CANCELLED]
AGREEMENTS = [
    "Publicar la minuta de esta sesión en el repositorio de documentos del STL.",
    "Convocar a **mesas de trabajo** de cocreación con organizaciones de la sociedad civil.",
    "Revisar las reglas de operación del STL y proponer ajustes en la siguiente sesión.",
    "Preparar la consulta pública de propuestas para el Plan de Acción Local.",
    "Dar respuesta razonada a cada propuesta recibida en la consulta.",
    "Elaborar el calendario de seguimiento de compromisos con sus responsables.",
    "Difundir el informe de avance de compromisos en el sitio del STL.",
    "Invitar a la academia local a la siguiente sesión como observadora.",
]
AGENDA = (
    "1. Lista de asistencia y verificación del quórum\n"
    "2. Lectura y aprobación del orden del día\n"
    "3. Seguimiento de acuerdos anteriores\n"
    "4. {topic}\n"
    "5. Asuntos generales\n\n"
    "_Sesión de demostración: datos ficticios._"
)
TOPICS = [
    "Instalación del Secretariado Técnico Local",
    "Metodología de cocreación del Plan de Acción Local",
    "Resultados de las mesas de trabajo",
    "Informe de avance de los compromisos",
    "Evaluación del ejercicio y siguientes pasos",
    "Segundo Plan de Acción Local: calendario",
]


@transaction.atomic
@search_index.deferred()  # each record indexed once, in bulk, at the end
@held()  # the open data's version moves up once, at the end (core/held.py)
def stl_demo_load(today: date | None = None) -> int:
    """Create what is missing for each participating state; return how many STLs exist."""
    today = today or timezone.localdate()
    secretary = User.objects.filter(email=SECRETARY_EMAIL).first()
    institutions = ExerciseInstitution.objects.select_related("organization").order_by("sector", "organization__name")
    participations = (
        StateParticipation.objects.select_related("state", "phase", "guarantor")
        .prefetch_related(Prefetch("institutions", queryset=institutions))
        .order_by("state__code")
    )
    for index, participation in enumerate(participations):
        state = participation.state
        start = participation.declaration_date or date(participation.phase.year, 3, 1)
        stl = Stl.objects.filter(state=state).first() or services.stl_create(
            actor=None,
            state=state,
            declaration_date=participation.declaration_date,
            signatories="Datos de demostración: representantes de "
            + "; ".join(i.organization.name for i in participation.institutions.all())
            + ".",
            is_published=True,
        )
        members = _members_load(stl, participation, start)
        if state.code == SECRETARY_STATE and secretary is not None:
            members.append(_secretary_load(stl, secretary, members, start))
        if not stl.sessions.exists():
            # Sessions start with the state's phase of the program (2017 or 2018), not before.
            first = max(start, date(participation.phase.year, 2, 1))
            _sessions_load(stl, members, participation, index, first, today)
    return Stl.objects.count()


def _seats(participation) -> list[tuple]:
    """(organisation, sector) of each seat: the real institutions, or at least the guarantor body."""
    sectors = {s.value for s in STL_SECTORS}
    seats = [(i.organization, i.sector) for i in participation.institutions.all() if i.sector in sectors]
    if participation.guarantor and not any(sector == OrganizationType.GUARANTOR for _org, sector in seats):
        seats.append((participation.guarantor, OrganizationType.GUARANTOR))
    return seats


def _members_load(stl: Stl, participation, start: date) -> list[Member]:
    existing = {m.display_name: m for m in Member.objects.filter(stl=stl).select_related("organization")}
    members = []
    seats = _seats(participation)
    for n, (organization, sector) in enumerate(seats, start=1):
        name = f"Persona demo {n} (demo)"
        member = existing.get(name) or services.member_add(
            actor=None,
            stl=stl,
            display_name=name,
            organization=organization,
            sector=sector,
            role=MemberRole.REPRESENTATIVE,
            start_date=start,
        )
        members.append(member)
    if seats:
        # A former alternate, so the page shows past seats and an ended membership.
        name = f"Persona demo {len(seats) + 1} (demo)"
        former = existing.get(name)
        if former is None:
            former = services.member_add(
                actor=None,
                stl=stl,
                display_name=name,
                organization=seats[0][0],
                sector=seats[0][1],
                role=MemberRole.ALTERNATE,
                start_date=start,
            )
            services.member_end(actor=None, member=former, end_date=start + timedelta(days=365))
        members.append(former)
    return members


def _secretary_load(stl: Stl, secretary: User, members: list[Member], start: date) -> Member:
    seat = Member.objects.filter(stl=stl, person=secretary).first()
    if seat is not None:
        return seat
    government = next((m.organization for m in members if m.sector == OrganizationType.GOVERNMENT), None)
    organization = government or members[0].organization
    return services.member_add(
        actor=None,
        stl=stl,
        person=secretary,
        display_name=f"{secretary.full_name} (demo)",
        organization=organization,
        sector=OrganizationType.GOVERNMENT,
        role=MemberRole.TECHNICAL_SECRETARY,
        start_date=start,
    )


def _session_days(index: int, start: date, today: date, silent: bool) -> list[date]:
    """3 to 6 dates from the declaration on; the last held one recent unless the state is ``silent``."""
    count = 3 + index % 4
    last = min(date(2025, 2, 20), today - timedelta(days=300)) if silent else today - timedelta(days=20 + 7 * index)
    upcoming = not silent and index % 3 == 0
    held = count - 1 if upcoming else count
    step = max((last - start).days // max(held - 1, 1), 1)
    days = [start + timedelta(days=step * k) for k in range(held - 1)] + [last]
    if upcoming:
        days.append(today + timedelta(days=30))
    return days


def _sessions_load(stl: Stl, members: list[Member], participation, index: int, start: date, today: date) -> None:
    days = _session_days(index, start, today, stl.state.code in SILENT_STATES)
    agreement_n = 0
    for k, day in enumerate(days):
        online = k % 3 == 2
        session = services.session_create(
            actor=None,
            stl=stl,
            starts_at=timezone.make_aware(datetime.combine(day, time(10, 0))),
            place="" if online else f"Sala de juntas del órgano garante, {stl.state.short_name} (demo)",
            online_url=f"https://reuniones.example.org/stl-{stl.state.slug}-{k + 1}" if online else "",
            agenda=AGENDA.format(topic=TOPICS[k % len(TOPICS)]),
        )
        if day > today:
            continue  # an upcoming session: no attendance, no agreements yet
        seated = [m for m in members if m.is_active(day)]
        statuses = {}
        for j, member in enumerate(seated):
            statuses[member.pk] = (
                AttendanceStatus.ABSENT
                if (j + k) % 5 == 4
                else AttendanceStatus.EXCUSED
                if (j + k) % 7 == 6
                else AttendanceStatus.PRESENT
            )
        services.attendance_record(actor=None, session=session, statuses=statuses)
        for _ in range(2):
            owner = seated[agreement_n % len(seated)] if seated else None
            services.agreement_add(
                actor=None,
                session=session,
                text=AGREEMENTS[(agreement_n + index) % len(AGREEMENTS)],
                owner_member=owner if agreement_n % 2 == 0 else None,
                owner_organization=None if agreement_n % 2 == 0 else participation.guarantor,
                due_date=day + timedelta(days=90),
                status=STATUS_CYCLE[agreement_n % len(STATUS_CYCLE)],
            )
            agreement_n += 1
