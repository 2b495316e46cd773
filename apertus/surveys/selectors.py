"""Bounded reads for questionnaires: the pages, the results, the export and other apps.

``results`` computes every aggregate in a fixed number of queries, whatever the number of
respondents: counts are grouped in the database, open texts are capped per question with a
window function, and per-person rows are read one page at a time.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Avg, Count, F, Prefetch, Q, Window
from django.db.models.functions import RowNumber

from apertus.core.permissions import has_perm
from apertus.learning.models import Activity, Course
from apertus.learning.selectors import roster
from apertus.surveys.models import (
    SCALE_VALUES,
    Answer,
    AnswerChoice,
    Choice,
    Purpose,
    Question,
    QuestionKind,
    Questionnaire,
    ResponseSet,
)

OPEN_TEXT_CAP = 50  # open answers shown per question on the page (the XLSX has them all)
BAR_SPAN = 200  # width of a 100 % bar in the chart's coordinates


def satisfaction_scores(*, phase) -> dict[int, float]:
    """Mean satisfaction score (1–5) per user for the learning program of ``phase``.

    Pools the scale answers of every submitted response to the program's questionnaires of
    purpose "satisfaccion" (each answer weighs the same). Users without scale answers are absent.
    One query. Anonymous questionnaires count too: the result is per person, so callers publish
    only aggregates of it (and never for groups small enough to point to someone).
    """
    phase_id = getattr(phase, "pk", phase)
    rows = (
        Answer.objects.filter(
            response__questionnaire__program__phase_id=phase_id,
            response__questionnaire__purpose=Purpose.SATISFACTION,
            response__submitted_at__isnull=False,
            response__respondent__isnull=False,
            question__kind=QuestionKind.SCALE,
            scale__isnull=False,
        )
        .values("response__respondent_id")
        .annotate(mean=Avg("scale"))
        .order_by()
    )
    return {row["response__respondent_id"]: float(row["mean"]) for row in rows}


def has_submitted(*, questionnaire_id: int, user) -> bool:
    return ResponseSet.objects.filter(
        questionnaire_id=questionnaire_id, respondent_id=getattr(user, "pk", user), submitted_at__isnull=False
    ).exists()


# --- Questionnaires ----------------------------------------------------------------------------


def questionnaire_get(*, pk: int, year: int) -> Questionnaire | None:
    return (
        Questionnaire.objects.select_related("program__phase", "facilitator")
        .filter(pk=pk, program__phase__year=year)
        .first()
    )


def questions_of(questionnaire: Questionnaire) -> list[Question]:
    """Questions in order with their choices (two queries)."""
    return list(
        questionnaire.questions.order_by("position", "pk").prefetch_related(
            Prefetch("choices", queryset=Choice.objects.order_by("position", "pk"))
        )
    )


def answered_question_ids(questionnaire: Questionnaire) -> set[int]:
    return set(
        Answer.objects.filter(question__questionnaire=questionnaire).values_list("question_id", flat=True).distinct()
    )


def answered_choice_ids(question: Question) -> set[int]:
    return set(AnswerChoice.objects.filter(choice__question=question).values_list("choice_id", flat=True).distinct())


def has_responses(questionnaire: Questionnaire) -> bool:
    return ResponseSet.objects.filter(questionnaire=questionnaire).exists()


def linked_activities(questionnaire: Questionnaire) -> list[Activity]:
    """The course activities that point to this questionnaire (submitting it completes them)."""
    return list(
        Activity.objects.filter(questionnaire=questionnaire).select_related("session__module__program").order_by("pk")
    )


@dataclass
class ListedQuestionnaire:
    questionnaire: Questionnaire
    status: str = ""  # for a fellow: "", "borrador" or "enviado"
    can_manage: bool = False
    can_rate: bool = False


def questionnaires_for(program: Course, user) -> list[ListedQuestionnaire]:
    """What ``user`` sees in the cohort's list: fellows the published ones with their own status,
    staff what they manage, a rated facilitator the surveys about them. Two queries."""
    items = []
    qs = (
        Questionnaire.objects.filter(program=program)
        .select_related("program__phase", "facilitator")
        .order_by("opens_at", "pk")
    )
    mine = dict(
        ResponseSet.objects.filter(questionnaire__program=program, respondent_id=user.pk).values_list(
            "questionnaire_id", "submitted_at"
        )
    )
    for questionnaire in qs:
        item = ListedQuestionnaire(
            questionnaire,
            can_manage=has_perm(user, "surveys.change_questionnaire", questionnaire),
            can_rate=has_perm(user, "surveys.view_own_rating", questionnaire),
        )
        if questionnaire.pk in mine:
            item.status = "enviado" if mine[questionnaire.pk] else "borrador"
        if item.can_manage or item.can_rate or has_perm(user, "surveys.view_questionnaire", questionnaire):
            items.append(item)
    return items


def response_of(questionnaire: Questionnaire, user) -> ResponseSet | None:
    """The person's response with its answers and marked choices (three queries)."""
    if user is None or not user.is_authenticated:
        return None
    return (
        ResponseSet.objects.filter(questionnaire=questionnaire, respondent=user)
        .prefetch_related("answers__choices")
        .first()
    )


def answers_by_question(response: ResponseSet | None) -> dict[int, Answer]:
    return {a.question_id: a for a in response.answers.all()} if response else {}


# --- Results -----------------------------------------------------------------------------------


@dataclass
class Bar:
    label: str
    count: int
    percent: float
    y: int = 0

    @property
    def width(self) -> float:
        return round(self.percent * BAR_SPAN / 100, 1)

    @property
    def text_x(self) -> float:
        return round(self.width + 166, 1)


@dataclass
class QuestionResult:
    question: Question
    answered: int = 0
    bars: list[Bar] = field(default_factory=list)
    mean: float | None = None
    texts: list[str] = field(default_factory=list)
    texts_total: int = 0

    @property
    def chart_height(self) -> int:
        return 28 * len(self.bars) + 8


@dataclass
class Results:
    questionnaire: Questionnaire
    submitted: int
    fellows: int
    questions: list[QuestionResult]
    states: dict[int, str] = field(default_factory=dict)  # fellow id -> state, for per-person rows

    @property
    def response_rate(self) -> float | None:
        return round(100 * self.submitted / self.fellows, 1) if self.fellows else None


def _percent(count: int, total: int) -> float:
    return round(100 * count / total, 1) if total else 0.0


def _bars(pairs: list[tuple[str, int]], total: int) -> list[Bar]:
    bars = [Bar(label, count, _percent(count, total)) for label, count in pairs]
    for i, bar in enumerate(bars):
        bar.y = 28 * i + 4
    return bars


def _open_texts(questionnaire: Questionnaire, cap: int | None) -> dict[int, list[str]]:
    qs = (
        Answer.objects.filter(
            response__questionnaire=questionnaire,
            response__submitted_at__isnull=False,
            question__kind=QuestionKind.OPEN,
        )
        .exclude(text="")
        .order_by("question_id", "pk")
    )
    if cap is not None:
        qs = qs.annotate(rank=Window(RowNumber(), partition_by=[F("question_id")], order_by=F("pk").asc())).filter(
            rank__lte=cap
        )
    texts = defaultdict(list)
    for question_id, text in qs.values_list("question_id", "text"):
        texts[question_id].append(text)
    return texts


def results(questionnaire: Questionnaire, *, open_cap: int | None = OPEN_TEXT_CAP) -> Results:
    """Every question's aggregate over submitted responses, and the response rate (seven queries)."""
    questions = questions_of(questionnaire)
    submitted_answers = Answer.objects.filter(
        response__questionnaire=questionnaire, response__submitted_at__isnull=False
    )
    stats = {
        row["question_id"]: row
        for row in submitted_answers.values("question_id")
        .annotate(n=Count("pk"), texts=Count("pk", filter=~Q(text="")), mean=Avg("scale"))
        .order_by()
    }
    scale_counts = {
        (q, v): n
        for q, v, n in submitted_answers.filter(scale__isnull=False)
        .values("question_id", "scale")
        .annotate(n=Count("pk"))
        .values_list("question_id", "scale", "n")
        .order_by()
    }
    choice_counts = dict(
        AnswerChoice.objects.filter(
            answer__response__questionnaire=questionnaire, answer__response__submitted_at__isnull=False
        )
        .values("choice_id")
        .annotate(n=Count("pk"))
        .values_list("choice_id", "n")
        .order_by()
    )
    texts = _open_texts(questionnaire, open_cap)
    rows = []
    for question in questions:
        row = stats.get(question.pk, {})
        result = QuestionResult(question, answered=row.get("n", 0))
        if question.kind == QuestionKind.SCALE:
            result.bars = _bars(
                [(str(v), scale_counts.get((question.pk, v), 0)) for v in SCALE_VALUES], result.answered
            )
            result.mean = round(row["mean"], 2) if row.get("mean") is not None else None
        elif question.has_choices:
            result.bars = _bars(
                [(c.label, choice_counts.get(c.pk, 0)) for c in question.choices.all()], result.answered
            )
        else:
            result.texts = texts.get(question.pk, [])
            result.texts_total = row.get("texts", 0)
        rows.append(result)
    submitted = ResponseSet.objects.filter(questionnaire=questionnaire, submitted_at__isnull=False).count()
    states = fellow_states(questionnaire)
    return Results(questionnaire, submitted, len(states), rows, states)


def fellow_states(questionnaire: Questionnaire) -> dict[int, str]:
    """The cohort's fellows (one query), each with the state of their fellow role."""
    return {f.user.pk: str(f.state or "") for f in roster(questionnaire.program)}


@dataclass
class PersonRow:
    response: ResponseSet
    name: str
    state: str
    values: list


def answer_value(question: Question, answer: Answer | None):
    """What a person answered, as shown in a table cell: text, a number, or the labels marked."""
    if answer is None:
        return ""
    if question.kind == QuestionKind.SCALE:
        return answer.scale if answer.scale is not None else ""
    if question.has_choices:
        return "; ".join(c.label for c in sorted(answer.choices.all(), key=lambda c: (c.position, c.pk)))
    return answer.text


def submitted_responses(questionnaire: Questionnaire, *, respondent_ids=None):
    qs = (
        ResponseSet.objects.filter(questionnaire=questionnaire, submitted_at__isnull=False)
        .select_related("respondent")
        .order_by("submitted_at", "pk")
    )
    if respondent_ids is not None:
        qs = qs.filter(respondent_id__in=list(respondent_ids))
    return qs


def person_rows(
    questionnaire: Questionnaire, questions: list[Question], responses, *, states: dict[int, str] | None = None
) -> list[PersonRow]:
    """Per-person rows for a page (or all) of responses: answers and choices in two queries.

    Names and states are only for questionnaires whose results are not anonymous; the caller
    checks who asks.
    """
    responses = list(responses)
    answers = defaultdict(dict)
    for answer in Answer.objects.filter(response__in=responses).prefetch_related("choices"):
        answers[answer.response_id][answer.question_id] = answer
    states = fellow_states(questionnaire) if states is None else states
    anonymous = questionnaire.anonymous_results
    return [
        PersonRow(
            r,
            "" if anonymous or r.respondent is None else r.respondent.public_name,
            "" if anonymous else states.get(r.respondent_id, ""),
            [answer_value(q, answers[r.pk].get(q.pk)) for q in questions],
        )
        for r in responses
    ]
