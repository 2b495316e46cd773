"""Demo courses for the 2017 and 2018 cohorts: every activity type, grades at every stage.

2017 is finished: every fellow did everything and those who passed have their certificate; a review
quiz stays open (three attempts) so the demo fellow can take it. 2018 shows each stage: fellows who
finished, fellows waiting for a grade, fellows half-way and fellows who have not started.
Idempotent: a cohort that already has a program is left alone. Bulk writes keep it fast.
"""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from apertus.accounts.models import User
from apertus.documents.models import DocumentKind
from apertus.documents.services import document_create
from apertus.learning import grading, services
from apertus.learning.models import (
    Activity,
    ActivityKind,
    ActivityProgress,
    Attempt,
    AttemptStatus,
    AttendanceStatus,
    Certificate,
    Course,
    CriterionScore,
    ProgressStatus,
    QuestionKind,
    Selection,
    SeminarAttendance,
    Submission,
)
from apertus.learning.selectors import roster
from apertus.program.models import ProgramPhase

K = ActivityKind
DEMO_PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
READING = (
    "El gobierno abierto es una forma de gobernar basada en la **transparencia**, la **participación** "
    "ciudadana y la **rendición de cuentas**, con apoyo de la tecnología y la innovación.\n\n"
    "- Alianza para el Gobierno Abierto (2011)\n- Agenda 2030 y el ODS 16"
)
# module, [(session, [(kind, title, extra fields, days after the program starts that it closes)])]
COURSE = [
    (
        "Gobierno abierto y Agenda 2030",
        [
            (
                "Fundamentos",
                [
                    (K.READING, "Lectura: ¿qué es el gobierno abierto?", {"body": READING}, None),
                    (
                        K.VIDEO,
                        "Video: la Alianza para el Gobierno Abierto",
                        {"url": "https://www.youtube.com/watch?v=Jm2Kx0Qp4aA"},
                        None,
                    ),
                    (
                        K.DIAGNOSTIC,
                        "Cuestionario diagnóstico",
                        {"url": "https://encuestas.apertus.mx/diagnostico"},
                        None,
                    ),
                    (
                        K.QUIZ,
                        "Cuestionario 1: conceptos básicos",
                        {"attempts_allowed": 2, "time_limit_minutes": 20},
                        30,
                    ),
                ],
            ),
            (
                "Herramientas",
                [
                    (
                        K.WEBINAR,
                        "Webinario: datos abiertos para principiantes",
                        {"url": "https://webinarios.apertus.mx/datos-abiertos"},
                        None,
                    ),
                    (K.FORUM, "Foro: presenta tu estado", {"forum_slug": "presenta-tu-estado"}, None),
                    (K.ASSIGNMENT, "Tarea 1: mapa de actores del gobierno abierto local", {}, 60),
                ],
            ),
        ],
    ),
    (
        "Cocreación de compromisos con enfoque ODS",
        [
            (
                "Del problema al compromiso",
                [
                    (
                        K.READING,
                        "Lectura: estándares de cocreación de la AGA",
                        {
                            "body": "Un espacio de diálogo que se reúne al menos cada seis meses, con **reglas públicas**."
                        },
                        None,
                    ),
                    (
                        K.QUIZ,
                        "Cuestionario 2: cocreación y ODS",
                        {"attempts_allowed": 1, "time_limit_minutes": 30, "attempt_policy": "ultimo"},
                        120,
                    ),
                    (K.ASSIGNMENT, "Tarea 2: ficha de un compromiso alineado a los ODS", {}, 150),
                ],
            ),
        ],
    ),
    (
        "Proyecto de equipo",
        [
            (
                "Entrega final",
                [
                    (K.FINAL, "Entregable final del equipo", {}, 225),
                    (K.SURVEY, "Encuesta de satisfacción", {"url": "https://encuestas.apertus.mx/satisfaccion"}, None),
                    (K.QUIZ, "Cuestionario de repaso", {"attempts_allowed": 3}, None),
                ],
            ),
        ],
    ),
]
QUESTIONS = [
    (
        "¿Cuál es un valor del gobierno abierto?",
        QuestionKind.SINGLE,
        [("Rendición de cuentas", True), ("Secreto fiscal", False), ("Discrecionalidad", False)],
    ),
    (
        "¿Qué ODS trata de instituciones sólidas?",
        QuestionKind.SINGLE,
        [("ODS 16", True), ("ODS 3", False), ("ODS 7", False)],
    ),
    (
        "Marca los integrantes típicos de un STL.",
        QuestionKind.MULTIPLE,
        [
            ("Gobierno del estado", True),
            ("Sociedad civil", True),
            ("Órgano garante", True),
            ("Partido político", False),
        ],
    ),
]
RUBRIC = [("Claridad del problema", 10), ("Uso de evidencia", 10), ("Viabilidad", 5)]
CALENDAR = {1: (date(2017, 3, 1), date(2017, 10, 31)), 2: (date(2018, 3, 1), date(2018, 10, 31))}


def _at(day: date, hour: int = 23) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, 59)))


def _build(phase: ProgramPhase, facilitator) -> tuple[Course, list[Activity]]:
    starts, ends = CALENDAR.get(phase.number, (date(phase.year, 3, 1), date(phase.year, 10, 31)))
    program = services.course_create(
        actor=None,
        phase=phase,
        title=f"Agentes locales de cambio {phase.year}",
        starts_on=starts,
        ends_on=ends,
        description="Curso en línea de ocho meses: gobierno abierto, cocreación y ODS, y un proyecto por estado.",
        is_published=True,
    )
    activities = []
    for m, (module_title, sessions) in enumerate(COURSE, start=1):
        module = services.module_create(
            actor=None, program=program, title=module_title, position=m, starts_on=starts + timedelta(days=75 * (m - 1))
        )
        for s, (session_title, items) in enumerate(sessions, start=1):
            session = services.session_create(actor=None, module=module, title=session_title, position=s)
            previous = None
            for a, (kind, title, extra, closes) in enumerate(items, start=1):
                extra = dict(extra)
                if kind == K.WEBINAR:
                    extra["scheduled_at"] = _at(starts + timedelta(days=20), 17)
                activity = services.activity_create(
                    actor=None,
                    session=session,
                    kind=kind,
                    title=title,
                    position=a,
                    closes_at=_at(starts + timedelta(days=closes)) if closes else None,
                    predecessors=[previous] if previous else [],
                    facilitators=[facilitator] if facilitator else [],
                    instructions=f"Actividad {m}.{s}.{a} del programa.",
                    **extra,
                )
                _content(activity)
                activities.append(activity)
                previous = activity
    for number, (day, place) in enumerate(
        [(starts + timedelta(days=50), "Ciudad de México"), (ends - timedelta(days=40), "Oaxaca de Juárez")], start=1
    ):
        services.seminar_create(
            actor=None,
            program=program,
            number=number,
            title=f"Seminario presencial {number}",
            starts_at=_at(day, 9),
            place=place,
            agenda="1. Bienvenida\n2. Taller de cocreación\n3. Avances de los proyectos",
        )
    return program, activities


def _content(activity: Activity) -> None:
    if activity.kind == K.QUIZ:
        for n, (text, kind, options) in enumerate(QUESTIONS, start=1):
            services.question_create(
                actor=None,
                activity=activity,
                text=text,
                kind=kind,
                options=options,
                position=n,
                feedback="Repasa la lectura de la sesión.",
            )
    elif activity.kind in (K.ASSIGNMENT, K.FINAL):
        for n, (title, points) in enumerate(RUBRIC, start=1):
            services.criterion_create(actor=None, activity=activity, title=title, max_points=points, position=n)


class _Writer:
    """Collects the rows a cohort's demo history needs and writes them in bulk."""

    def __init__(self, program, activities, rng):
        self.program, self.activities, self.rng = program, activities, rng
        self.progress, self.team_scores = [], {}
        self.questions = {a.pk: list(a.questions.prefetch_related("options")) for a in activities if a.kind == K.QUIZ}
        self.criteria = {a.pk: list(a.criteria.all()) for a in activities if a.kind in (K.ASSIGNMENT, K.FINAL)}
        self.document = document_create(
            actor=None,
            upload=ContentFile(DEMO_PDF, name="entrega.pdf"),
            title="Entrega de demostración",
            kind=DocumentKind.OTHER,
        )

    def _choose(self, question, good: bool) -> set[int]:
        options = list(question.options.all())
        correct = [o.pk for o in options if o.is_correct]
        wrong = [o.pk for o in options if not o.is_correct]
        if good:
            return set(correct)
        return {correct[0], wrong[0]} if question.kind == QuestionKind.MULTIPLE else {self.rng.choice(wrong)}

    def quiz(self, activity, fellow, ability: float, when) -> Decimal:
        attempt = Attempt.objects.create(
            activity=activity,
            fellow=fellow.user,
            number=1,
            started_at=when,
            submitted_at=when,
            status=AttemptStatus.SUBMITTED,
        )
        marked, earned = set(), []
        for question in self.questions[activity.pk]:
            chosen = self._choose(question, self.rng.random() < ability)
            marked |= chosen
            options = list(question.options.all())
            earned.append(
                (
                    question.points,
                    grading.question_score(
                        question.kind, {o.pk for o in options if o.is_correct}, chosen, {o.pk for o in options}
                    ),
                )
            )
        Selection.objects.bulk_create([Selection(attempt=attempt, option_id=pk) for pk in marked])
        attempt.score = grading.quiz_percent(earned)
        attempt.save(update_fields=["score"])
        return attempt.score

    def submission(self, activity, fellow, ability: float, when, graded: bool) -> Decimal | None:
        team = activity.kind == K.FINAL
        if team and fellow.state_id in self.team_scores:
            return self.team_scores[fellow.state_id]
        submission = Submission.objects.create(
            activity=activity,
            fellow=fellow.user,
            state=fellow.state,
            is_team=team,
            document=self.document,
            submitted_at=when,
        )
        score = None
        if graded:
            points = [
                (Decimal(min(c.max_points, round(c.max_points * min(1.0, ability + self.rng.uniform(-0.1, 0.15))))), c)
                for c in self.criteria[activity.pk]
            ]
            CriterionScore.objects.bulk_create(
                [CriterionScore(submission=submission, criterion=c, points=p) for p, c in points]
            )
            score = grading.rubric_percent((p, c.max_points) for p, c in points)
            Submission.objects.filter(pk=submission.pk).update(
                score=score, graded_at=when + timedelta(days=3), comments="Buen trabajo; revisa la evidencia."
            )
        if team:
            self.team_scores[fellow.state_id] = score
        return score

    def fellow(self, fellow, ability: float, reached: int, graded: bool) -> None:
        for activity in self.activities[:reached]:
            when = activity.closes_at - timedelta(days=2) if activity.closes_at else _at(self.program.ends_on, 12)
            score = None
            if activity.kind == K.QUIZ:
                score = self.quiz(activity, fellow, ability, when)
            elif activity.kind in (K.ASSIGNMENT, K.FINAL):
                score = self.submission(activity, fellow, ability, when, graded)
            self.progress.append(
                ActivityProgress(
                    activity=activity,
                    fellow=fellow.user,
                    status=ProgressStatus.COMPLETED,
                    score=score,
                    completed_at=when,
                )
            )

    def save(self) -> None:
        ActivityProgress.objects.bulk_create(self.progress)


def _attendance(program, fellows, rng, seminars_held: int) -> None:
    rows = []
    for seminar in program.seminars.order_by("number")[:seminars_held]:
        for fellow in fellows:
            status = rng.choices(
                [AttendanceStatus.PRESENT, AttendanceStatus.LATE, AttendanceStatus.EXCUSED, AttendanceStatus.ABSENT],
                weights=[75, 12, 8, 5],
            )[0]
            rows.append(SeminarAttendance(seminar=seminar, fellow=fellow.user, status=status))
    SeminarAttendance.objects.bulk_create(rows)


def _load_cohort(phase: ProgramPhase, facilitator) -> Course:
    rng = random.Random(phase.year)
    program, activities = _build(phase, facilitator)
    fellows = roster(program)
    writer = _Writer(program, activities, rng)
    finished = phase.number == 1
    for i, fellow in enumerate(fellows):
        ability = 0.97 if fellow.user.email.startswith("fellow@") else rng.uniform(0.6, 1.0)
        stage = 0 if finished else i % 4
        reached = {0: len(activities), 1: 7, 2: 3, 3: 0}[stage]
        writer.fellow(fellow, ability, reached, graded=stage == 0)
    writer.save()
    _attendance(program, fellows, rng, seminars_held=2 if finished else 1)
    grading.grades_recompute(program=program)
    services.certificates_issue(actor=None, program=program)
    # Certificates carry the date the cohort ended, not the day the demo was loaded.
    Certificate.objects.filter(program=program).update(issued_on=program.ends_on)
    return program


@transaction.atomic
def learning_demo_load() -> int:
    """Create the missing demo programs; returns how many were created."""
    facilitator = User.objects.filter(email="facilitacion@demo.apertus.mx").first()
    created = 0
    for phase in ProgramPhase.objects.order_by("number"):
        if Course.objects.filter(phase=phase).exists():
            continue
        _load_cohort(phase, facilitator)
        created += 1
    return created
