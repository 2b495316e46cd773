"""Demo calls: the program's 2017 and 2018 calls (closed, selected, published) and one open call.

The 2017 and 2018 selections are the demo fellows that ``apertus.program.demo`` creates (20 and
40, four per state): their accepted applications point to those same accounts. Other applicants
are fictional, marked demo, with no usable password. Everything goes through the services, with
``now`` set inside each call's window. Idempotent: a call that exists is left alone, except that
the open call's dates move forward if it closed with nothing sent.

Run after ``demo_people_load`` and ``fellows_demo_load`` (it needs the demo fellows and the
facilitation/advisory accounts).
"""

from __future__ import annotations

import functools
import random
from datetime import datetime, timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from apertus.accounts.models import Role, RoleAssignment, User
from apertus.accounts.services import email_mark_verified, role_assign, user_create
from apertus.calls import services
from apertus.calls.models import Application, Call, EvaluationAssignment, Gender, Interview, Quota
from apertus.calls.selectors import call_is_open
from apertus.core.held import held
from apertus.organizations.models import OrganizationType
from apertus.organizations.services import organization_ensure
from apertus.program.models import ProgramPhase, StateParticipation
from apertus.search import index as search_index

DOMAIN = "demo.apertus.mx"
OPEN_SLUG = "convocatoria-tercera-generacion"
INSTITUTIONS = [  # name, acronym, type, e-mail of its demo evaluator
    ("Gestión Social y Cooperación", "GESOC", OrganizationType.CIVIL_SOCIETY, f"facilitacion@{DOMAIN}"),
    ("ProSociedad", "ProSociedad", OrganizationType.CIVIL_SOCIETY, f"asesoria@{DOMAIN}"),
    (
        "Instituto Nacional de Transparencia, Acceso a la Información y Protección de Datos Personales",
        "INAI",
        OrganizationType.GUARANTOR,
        f"evaluacion.inai@{DOMAIN}",
    ),
    ("Gobierno Fácil", "Gobierno Fácil", OrganizationType.CIVIL_SOCIETY, f"evaluacion.gobiernofacil@{DOMAIN}"),
]
FIRST = [
    "Abril",
    "Bruno",
    "Citlali",
    "Darío",
    "Elisa",
    "Fausto",
    "Gabriela",
    "Héctor",
    "Itzel",
    "Joel",
    "Karla",
    "Leonel",
    "Mariana",
    "Noé",
    "Olga",
    "Pedro",
    "Quetzal",
    "Regina",
    "Saúl",
    "Tania",
]
LAST = [
    "Aguilar",
    "Bautista",
    "Castillo",
    "Domínguez",
    "Escobar",
    "Fuentes",
    "Guerrero",
    "Ibarra",
    "Juárez",
    "Luna",
    "Medina",
    "Navarro",
    "Ortiz",
    "Peña",
    "Quiroz",
    "Rojas",
    "Salazar",
    "Trejo",
    "Valdez",
    "Zamora",
]
GENDERS = [Gender.WOMAN, Gender.MAN, Gender.WOMAN, Gender.MAN, Gender.NON_BINARY, Gender.UNDISCLOSED]
MOTIVES = [
    "Trabajo con colectivos de mi municipio y quiero que los compromisos de gobierno abierto respondan a "
    "problemas **concretos**: agua, seguridad y presupuesto.",
    "Desde el órgano garante he visto que la información pública no llega a quien la necesita. Quiero "
    "aprender a cocrear soluciones con sociedad civil y gobierno.",
    "Soy servidora pública y creo que abrir los datos de obra pública puede prevenir la corrupción en mi estado.",
    "Quiero vincular la Agenda 2030 con el plan de acción local de mi entidad y darle seguimiento ciudadano.",
]
SECTIONS = {
    "objective": "Seleccionar a las y los **agentes locales de cambio** que participarán en la generación {year} "
    "del programa *Gobierno Abierto desde lo Local para el Desarrollo Sostenible*.",
    "profile": "- Personas de gobierno, sociedad civil, academia u órganos garantes.\n"
    "- Interés en el gobierno abierto y los Objetivos de Desarrollo Sostenible.\n"
    "- Residencia en una de las entidades participantes.",
    "eligibility": "1. Residir en una entidad participante (con comprobante de domicilio).\n"
    "2. Disponibilidad para el curso en línea de 8 meses y dos seminarios presenciales.\n"
    "3. Enviar la solicitud completa antes del cierre.",
    "process": "Revisión documental, evaluación por dos instituciones, entrevista con dos instituciones y "
    "selección con cuotas por entidad, género y sector.",
    "schedule": "- Apertura: {opens}\n- Cierre: {closes}\n- Resultados: un mes después del cierre.",
    "contact": "Coordinación del programa: [convocatoria@demo.apertus.mx](mailto:convocatoria@demo.apertus.mx)",
}


def _aware(year, month, day, hour=9):
    return timezone.make_aware(datetime(year, month, day, hour, 0))


@functools.cache
def _pdf() -> bytes:
    import weasyprint

    return weasyprint.HTML(string="<h1>Comprobante de domicilio</h1><p>Documento de demostración.</p>").write_pdf()


def _texts(year: int, opens, closes) -> dict:
    fmt = "%d/%m/%Y"
    return {k: v.format(year=year, opens=opens.strftime(fmt), closes=closes.strftime(fmt)) for k, v in SECTIONS.items()}


def _evaluators() -> list[tuple]:
    """The evaluating institutions and one demo person for each (created if missing, no password)."""
    result = []
    for name, acronym, org_type, email in INSTITUTIONS:
        org = organization_ensure(name=name, acronym=acronym, type=org_type)
        user = User.objects.filter(email=email).first()
        if user is None:
            user = user_create(
                email=email,
                password=None,
                first_name="Evaluación",
                last_name=f"{acronym} (demo)",
                organization=org,
                is_demo=True,
            )
            role_assign(actor=None, user=user, role=Role.ADVISOR, organization=org)
        result.append((org, user))
    return result


def _applicant(n: int, year: int, state, rng: random.Random) -> User:
    email = f"aspirante.{year}.{n:02d}@{DOMAIN}"
    user = User.objects.filter(email=email).first() or user_create(
        email=email,
        password=None,
        first_name=rng.choice(FIRST),
        last_name=f"{rng.choice(LAST)} (demo)",
        state=state,
        is_demo=True,
    )
    email_mark_verified(user=user)
    return user


def _apply(user, call, state, sector, rng, *, now, submit=True) -> Application:
    app = services.application_start(actor=user, call=call, now=now)
    services.application_update(
        actor=user,
        application=app,
        now=now,
        motives=rng.choice(MOTIVES),
        state=state,
        video_url=f"https://video.example.org/demo/{call.slug}/{user.pk}",
        gender=rng.choice(GENDERS),
        sector=sector or rng.choice(OrganizationType.values[:4]),
    )
    services.cv_entry_add(
        actor=user,
        application=app,
        now=now,
        section="education",
        title="Licenciatura en Ciencia Política",
        organization="Universidad estatal",
        start_year=2005,
        end_year=2009,
    )
    services.cv_entry_add(
        actor=user,
        application=app,
        now=now,
        section="work",
        title="Coordinación de proyectos",
        organization="Organización local",
        start_year=2010,
    )
    services.cv_entry_add(actor=user, application=app, now=now, section="language", title="Inglés", level="Intermedio")
    if submit:
        services.application_upload_proof(
            actor=user,
            application=app,
            now=now,
            upload=SimpleUploadedFile("comprobante.pdf", _pdf(), "application/pdf"),
        )
        services.application_consent(actor=user, application=app, accepted=True, now=now)
        services.application_submit(actor=user, application=app, now=now)
    return app


def _past_call(phase: ProgramPhase, evaluators: list[tuple]) -> Call:
    year = phase.year
    opens, closes = _aware(year, 2, 1), _aware(year, 3, 15, 23)
    call = services.call_create(
        actor=None,
        title=f"Convocatoria {year}: agentes locales de cambio",
        slug=f"convocatoria-{year}",
        summary=f"Generación {year} del programa: {phase.fellows_goal} fellows en las entidades participantes.",
        opens_at=opens,
        closes_at=closes,
        phase=phase,
        is_published=True,
        **_texts(year, opens, closes),
    )
    Quota.objects.create(call=call, dimension="gender", key=Gender.WOMAN, target=phase.fellows_goal // 2)
    for org, user in evaluators:
        services.evaluator_add(actor=None, call=call, organization=org, user=user)
    rng = random.Random(year)
    inside = opens + timedelta(days=10)
    fellows = list(
        RoleAssignment.objects.filter(role=Role.FELLOW, phase=phase, user__is_demo=True, ends_on__isnull=True)
        .select_related("user", "state")
        .order_by("state__code", "user__email")
    )
    chosen = []
    for fellow in fellows:
        email_mark_verified(user=fellow.user)
        chosen.append(_apply(fellow.user, call, fellow.state, fellow.sector or fellow.user.sector, rng, now=inside))
    others = []
    n = 0
    for participation in StateParticipation.objects.filter(phase=phase).select_related("state").order_by("state__code"):
        for _i in range(2):
            n += 1
            others.append(
                _apply(_applicant(n, year, participation.state, rng), call, participation.state, "", rng, now=inside)
            )
    n += 1
    _apply(_applicant(n, year, others[0].state, rng), call, others[0].state, "", rng, now=inside, submit=False)
    _review(call, chosen, others, evaluators, rng)
    return call


def _review(call: Call, chosen: list, others: list, evaluators: list[tuple], rng: random.Random) -> None:
    """Check documents, assign, score (fellows above the rest), select the fellows, confirm, publish."""
    for app in chosen + others[1:]:
        services.proof_check(actor=None, application=app, valid=True, matches_state=True)
    services.proof_check(
        actor=None,
        application=others[0],
        valid=False,
        matches_state=False,
        reason="El comprobante no corresponde a la entidad declarada (demo).",
    )
    services.evaluations_assign(actor=None, call=call)
    people = {org.pk: user for org, user in evaluators}
    high = {a.pk for a in chosen}
    criteria, questions = list(call.criteria.all()), list(call.questions.all())
    for assignment in EvaluationAssignment.objects.filter(application__call=call).select_related("application__call"):
        low, top = (7, 10) if assignment.application_id in high else (3, 6)
        services.evaluation_save(
            actor=people[assignment.organization_id],
            assignment=assignment,
            submit=True,
            scores={c.pk: (rng.randint(low, top), "") for c in criteria},
        )
    services.interviews_assign(actor=None, call=call)  # interviews come after the scores are final
    for interview in Interview.objects.filter(application__call=call).select_related("application__call"):
        low, top = (4, 5) if interview.application_id in high else (2, 3)
        services.interview_save(
            actor=people[interview.organization_id],
            interview=interview,
            submit=True,
            answers={q.pk: rng.randint(low, top) for q in questions},
        )
    if not chosen:
        return
    for app in chosen:
        services.application_select(actor=None, application=app, selected=True)
    services.selection_confirm(actor=None, call=call)
    services.results_publish(actor=None, call=call)


def _open_call(evaluators: list[tuple], now) -> Call:
    """A call for a future cohort, open for 30 more days, to try the application with aspirante@."""
    opens, closes = now - timedelta(days=7), now + timedelta(days=30)
    call = Call.objects.filter(slug=OPEN_SLUG).first()
    if call is None:
        call = services.call_create(
            actor=None,
            title="Convocatoria: tercera generación de agentes locales de cambio (demostración)",
            slug=OPEN_SLUG,
            summary="Convocatoria abierta de demostración: prueba aquí la solicitud en línea.",
            opens_at=opens,
            closes_at=closes,
            is_published=True,
            **_texts(now.year, opens, closes),
        )
        for org, user in evaluators:
            services.evaluator_add(actor=None, call=call, organization=org, user=user)
    elif not call_is_open(call, now) and not call.applications.filter(status="enviada").exists():
        Call.objects.filter(pk=call.pk).update(opens_at=opens, closes_at=closes, extended_until=None)
    return call


@transaction.atomic
@search_index.deferred()  # each record indexed once, in bulk, at the end
@held()  # the open data's version moves up once, at the end (core/held.py)
def calls_demo_load(now=None) -> int:
    """Create the demo calls that are missing; return how many demo calls exist."""
    now = now or timezone.now()
    evaluators = _evaluators()
    slugs = [OPEN_SLUG]
    for phase in ProgramPhase.objects.order_by("number"):
        slug = f"convocatoria-{phase.year}"
        slugs.append(slug)
        if not Call.objects.filter(slug=slug).exists():
            _past_call(phase, evaluators)
    _open_call(evaluators, now)
    return Call.objects.filter(slug__in=slugs).count()
