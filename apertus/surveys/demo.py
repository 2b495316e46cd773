"""Demo questionnaires for each cohort: a diagnostic at the start, a satisfaction survey at the end
and a survey about the facilitator, answered by most demo fellows.

The diagnostic and the satisfaction survey take the place of the course's external links (the
demo course's diagnostic and survey activities now point to them), and the fellows who completed
those activities are the ones who answered. Satisfaction differs by person (a seeded generator
gives each fellow a mood). The survey about the facilitator stays open and the demo fellow has
not answered it, so it can be tried. Idempotent: a questionnaire of a purpose a cohort already
has is left alone.
"""

from __future__ import annotations

import random
from datetime import datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from apertus.accounts.models import User
from apertus.learning.models import Activity, ActivityKind, ActivityProgress, Course, ProgressStatus
from apertus.learning.selectors import roster
from apertus.surveys import services
from apertus.surveys.models import Answer, AnswerChoice, Purpose, QuestionKind, Questionnaire, ResponseSet

K = QuestionKind
DEMO_FELLOW = "fellow@demo.apertus.mx"
FACILITATOR = "facilitacion@demo.apertus.mx"
# purpose: (title, intro, questions [(kind, text, required, choices)])
SURVEYS = {
    Purpose.DIAGNOSTIC: (
        "Cuestionario diagnóstico",
        "Nos ayuda a conocer de dónde parte cada fellow. No es un examen.",
        [
            (K.SCALE, "¿Qué tanto conoces los principios del gobierno abierto?", True, []),
            (
                K.SINGLE,
                "¿Has participado antes en un ejercicio de gobierno abierto local?",
                True,
                ["Sí, como integrante de un STL", "Sí, desde la sociedad civil", "No"],
            ),
            (
                K.MULTIPLE,
                "¿Qué herramientas usas en tu trabajo?",
                True,
                [
                    "Datos abiertos",
                    "Solicitudes de acceso a la información",
                    "Mesas de diálogo",
                    "Presupuesto participativo",
                ],
            ),
            (K.OPEN, "¿Qué esperas aprender en el programa?", False, []),
        ],
    ),
    Purpose.SATISFACTION: (
        "Encuesta de satisfacción",
        "Tu opinión sobre el programa, de forma anónima.",
        [
            (K.SCALE, "En general, ¿qué tan satisfecho o satisfecha estás con el programa?", True, []),
            (K.SCALE, "Los contenidos fueron útiles para mi trabajo.", True, []),
            (K.SCALE, "La plataforma fue fácil de usar.", True, []),
            (K.SINGLE, "¿Recomendarías el programa a otra persona?", True, ["Sí", "Tal vez", "No"]),
            (
                K.MULTIPLE,
                "¿Qué actividades te resultaron más útiles?",
                True,
                ["Lecturas", "Videos", "Webinarios", "Foros", "Seminarios presenciales", "Proyecto de equipo"],
            ),
            (K.OPEN, "¿Qué mejorarías?", False, []),
        ],
    ),
    Purpose.FACILITATION: (
        "Encuesta sobre la facilitación",
        "Evalúa el acompañamiento de tu persona facilitadora.",
        [
            (K.SCALE, "Explicó los temas con claridad.", True, []),
            (K.SCALE, "Respondió a tiempo mis dudas.", True, []),
            (K.SCALE, "Fomentó la participación de todo el grupo.", True, []),
            (K.OPEN, "Comentarios para la persona facilitadora", False, []),
        ],
    ),
}
COMMENTS = [
    "Más ejemplos de otros estados.",
    "Los webinarios podrían grabarse y quedar disponibles.",
    "Me gustaría más tiempo para el proyecto final.",
    "Excelente acompañamiento.",
    "Conocer los datos abiertos de mi municipio.",
    "Aprender a cocrear compromisos con la sociedad civil.",
]


def _at(day, hour: int = 9) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


def _create(program: Course, purpose: str, facilitator) -> Questionnaire:
    title, intro, questions = SURVEYS[purpose]
    if purpose == Purpose.DIAGNOSTIC:
        opens, closes = _at(program.starts_on), _at(program.starts_on + timedelta(days=30))
    else:
        opens = _at(program.ends_on - timedelta(days=30))
        closes = None if purpose == Purpose.FACILITATION else _at(program.ends_on + timedelta(days=15))
    questionnaire = services.questionnaire_create(
        actor=None,
        program=program,
        title=f"{title} {program.phase.year}",
        purpose=purpose,
        intro=intro,
        opens_at=opens,
        closes_at=closes,
        anonymous_results=purpose != Purpose.DIAGNOSTIC,
        facilitator=facilitator if purpose == Purpose.FACILITATION else None,
    )
    for kind, text, required, choices in questions:
        services.question_create(
            actor=None, questionnaire=questionnaire, kind=kind, text=text, required=required, choices=choices
        )
    return services.questionnaire_publish(actor=None, questionnaire=questionnaire)


def _link(program: Course, questionnaire: Questionnaire, kind: str) -> Activity | None:
    activity = Activity.objects.filter(session__module__program=program, kind=kind, questionnaire__isnull=True).first()
    if activity is not None:
        Activity.objects.filter(pk=activity.pk).update(questionnaire=questionnaire, url="")
    return activity


def _value(question, mood: float, rng: random.Random):
    if question.kind == K.SCALE:
        return min(5, max(1, round(mood + rng.uniform(-0.9, 0.9))))
    choices = list(question.choices.all())
    if question.kind == K.SINGLE:
        # Happier people lean to the first options ("Sí"), the others to the last ones.
        index = min(len(choices) - 1, max(0, round((5 - mood) / 4 * (len(choices) - 1) + rng.uniform(-0.6, 0.6))))
        return {choices[index].pk}
    if question.kind == K.MULTIPLE:
        return {c.pk for c in rng.sample(choices, rng.randint(1, min(3, len(choices))))}
    return rng.choice(COMMENTS) if rng.random() < 0.5 else None


def _answer(questionnaire: Questionnaire, fellows, moods: dict, rng: random.Random) -> int:
    questions = list(questionnaire.questions.prefetch_related("choices").order_by("position"))
    span = (questionnaire.closes_at or questionnaire.opens_at + timedelta(days=20)) - questionnaire.opens_at
    responses, values = [], []
    for fellow in fellows:
        when = questionnaire.opens_at + span * rng.uniform(0.05, 0.9)
        responses.append(
            ResponseSet(
                questionnaire=questionnaire,
                respondent=fellow.user,
                started_at=when,
                submitted_at=when + timedelta(minutes=rng.randint(5, 40)),
            )
        )
        values.append({q.pk: _value(q, moods[fellow.user.pk], rng) for q in questions})
    responses = ResponseSet.objects.bulk_create(responses)
    kinds = {q.pk: q.kind for q in questions}
    answers = [
        Answer(
            response=r,
            question_id=qid,
            text=v if kinds[qid] == K.OPEN else "",
            scale=v if kinds[qid] == K.SCALE else None,
        )
        for r, answered in zip(responses, values, strict=True)
        for qid, v in answered.items()
        if v is not None
    ]
    answers = Answer.objects.bulk_create(answers)
    chosen = {(a.response.pk, a.question_id): a for a in answers}
    marks = [
        AnswerChoice(answer=chosen[(r.pk, qid)], choice_id=cid)
        for r, answered in zip(responses, values, strict=True)
        for qid, v in answered.items()
        if kinds[qid] in (K.SINGLE, K.MULTIPLE) and v
        for cid in sorted(v)
    ]
    AnswerChoice.objects.bulk_create(marks)
    return len(responses)


def _respondents(program: Course, activity: Activity | None, fellows, rng: random.Random, *, skip=()) -> list:
    if activity is not None:
        done = set(
            ActivityProgress.objects.filter(activity=activity, status=ProgressStatus.COMPLETED).values_list(
                "fellow_id", flat=True
            )
        )
        return [f for f in fellows if f.user.pk in done]
    return [f for f in fellows if f.user.email not in skip and rng.random() < 0.85]


def _load_cohort(program: Course, facilitator) -> int:
    rng = random.Random(f"surveys-{program.phase.year}")
    fellows = roster(program)
    moods = {f.user.pk: rng.uniform(2.3, 4.9) for f in fellows}
    created = 0
    for purpose, activity_kind in (
        (Purpose.DIAGNOSTIC, ActivityKind.DIAGNOSTIC),
        (Purpose.SATISFACTION, ActivityKind.SURVEY),
        (Purpose.FACILITATION, None),
    ):
        if Questionnaire.objects.filter(program=program, purpose=purpose).exists():
            continue
        if purpose == Purpose.FACILITATION and facilitator is None:
            continue
        questionnaire = _create(program, purpose, facilitator)
        activity = _link(program, questionnaire, activity_kind) if activity_kind else None
        skip = {DEMO_FELLOW} if purpose == Purpose.FACILITATION else set()
        _answer(questionnaire, _respondents(program, activity, fellows, rng, skip=skip), moods, rng)
        created += 1
    return created


@transaction.atomic
def surveys_demo_load() -> int:
    """Create the missing demo questionnaires with their answers; returns how many were created."""
    facilitator = User.objects.filter(email=FACILITATOR).first()
    return sum(
        _load_cohort(program, facilitator)
        for program in Course.objects.select_related("phase").order_by("phase__number")
    )
