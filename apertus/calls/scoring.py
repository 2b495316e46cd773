"""How an application is scored: the one implementation.

The ranking, the methodology page (including its worked example), the API and the tests all
call these functions with the call's configuration, so what is published is what is applied.

- A criterion's score is normalised to 0–10: (score − minimum) × 10 / (maximum − minimum).
- One institution's evaluation is the weighted mean of its normalised criteria.
- The evaluation of an application is the plain mean of the institutions' submitted evaluations.
- An interview answer (1 to 5) is normalised the same way; one interview is the weighted mean of
  its answers, and the interview score of an application is the mean of its submitted interviews.
- The combined score is evaluation × evaluation weight + interview × interview weight.
Nothing is rounded along the way; pages show two decimals.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from apertus.calls.models import SCALE_MAX, SCALE_MIN

TEN = Decimal(10)
CENT = Decimal("0.01")


def normalise(value, low, high) -> Decimal:
    return (Decimal(value) - Decimal(low)) * TEN / (Decimal(high) - Decimal(low))


def weighted_mean(pairs: Iterable[tuple[Decimal, Decimal]]) -> Decimal | None:
    pairs = list(pairs)
    total = sum((Decimal(w) for w, _v in pairs), Decimal(0))
    if not pairs or total == 0:
        return None
    return sum((Decimal(w) * v for w, v in pairs), Decimal(0)) / total


def mean(values: Iterable[Decimal | None]) -> Decimal | None:
    present = [v for v in values if v is not None]
    return sum(present, Decimal(0)) / len(present) if present else None


def evaluation_score(criteria: Sequence, values: dict[int, int]) -> Decimal | None:
    """One institution's evaluation (0–10); None while any criterion has no score."""
    if not criteria or any(c.pk not in values for c in criteria):
        return None
    return weighted_mean((c.weight, normalise(values[c.pk], c.min_score, c.max_score)) for c in criteria)


def interview_score(questions: Sequence, answers: dict[int, int]) -> Decimal | None:
    """One interview (0–10); None while any question has no answer."""
    if not questions or any(q.pk not in answers for q in questions):
        return None
    return weighted_mean((q.weight, normalise(answers[q.pk], SCALE_MIN, SCALE_MAX)) for q in questions)


def combined_score(
    evaluation: Decimal | None, interview: Decimal | None, *, evaluation_weight, interview_weight
) -> Decimal | None:
    if evaluation is None or interview is None:
        return None
    return evaluation * Decimal(evaluation_weight) + interview * Decimal(interview_weight)


def rounded(value: Decimal | None) -> Decimal | None:
    return None if value is None else value.quantize(CENT, rounding=ROUND_HALF_UP)


def weight_shares(items: Sequence) -> list[Decimal]:
    """Each item's weight as a percentage of the total (for the methodology page)."""
    total = sum((Decimal(i.weight) for i in items), Decimal(0))
    return [Decimal(i.weight) * 100 / total if total else Decimal(0) for i in items]


# --- The worked example published on the methodology page -----------------------------------

_EXAMPLE_FRACTIONS = [Decimal("0.8"), Decimal("0.6"), Decimal("0.9"), Decimal("0.7"), Decimal("0.5")]
_EXAMPLE_ANSWERS = [4, 5, 3, 4]


@dataclass
class ExampleEvaluation:
    values: list[int]  # one per criterion, in order
    score: Decimal


@dataclass
class ExampleInterview:
    answers: list[int]  # one per question, in order
    score: Decimal | None


@dataclass
class WorkedExample:
    evaluations: list[ExampleEvaluation]
    interviews: list[ExampleInterview]
    evaluation: Decimal | None
    interview: Decimal | None
    combined: Decimal | None


def example_values(criteria: Sequence, institution: int) -> dict[int, int]:
    """The scores institution number ``institution`` gives in the example (deterministic)."""
    values = {}
    for j, c in enumerate(criteria):
        fraction = _EXAMPLE_FRACTIONS[(institution * 2 + j) % len(_EXAMPLE_FRACTIONS)]
        values[c.pk] = c.min_score + int(
            (Decimal(c.max_score - c.min_score) * fraction).to_integral_value(ROUND_HALF_UP)
        )
    return values


def example_answers(questions: Sequence, institution: int) -> dict[int, int]:
    return {q.pk: _EXAMPLE_ANSWERS[(institution + j) % len(_EXAMPLE_ANSWERS)] for j, q in enumerate(questions)}


def worked_example(call, criteria: Sequence, questions: Sequence) -> WorkedExample:
    """An application scored by the call's N institutions and interviewed by its M institutions."""
    evaluations = []
    for i in range(call.evaluators_per_application):
        values = example_values(criteria, i)
        evaluations.append(ExampleEvaluation([values[c.pk] for c in criteria], evaluation_score(criteria, values)))
    interviews = []
    for i in range(call.interviewers_per_application):
        answers = example_answers(questions, i)
        interviews.append(ExampleInterview([answers[q.pk] for q in questions], interview_score(questions, answers)))
    evaluation = mean(e.score for e in evaluations)
    interview = mean(i.score for i in interviews)
    return WorkedExample(
        evaluations,
        interviews,
        evaluation,
        interview,
        combined_score(
            evaluation, interview, evaluation_weight=call.evaluation_weight, interview_weight=call.interview_weight
        ),
    )
