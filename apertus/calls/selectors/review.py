"""Reads for evaluation, interviews, ranking and selection.

An evaluator reaches an assignment only through ``evaluator_scopes``: the (call, institution)
pairs they were named for. Nothing here returns another institution's scores to them.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Exists, OuterRef, Prefetch, QuerySet

from apertus.calls import scoring
from apertus.calls.models import (
    Application,
    ApplicationStatus,
    Call,
    EvaluationAssignment,
    Evaluator,
    EvaluatorRole,
    Gender,
    Interview,
    InterviewAnswer,
    ProofStatus,
    QuotaDimension,
    Result,
    Score,
)
from apertus.calls.selectors.calls import eligible_states
from apertus.organizations.models import OrganizationType

EVALUATING_ROLES = (EvaluatorRole.BOTH, EvaluatorRole.EVALUATION)
INTERVIEWING_ROLES = (EvaluatorRole.BOTH, EvaluatorRole.INTERVIEW)


def _evaluator_rows(user) -> frozenset[tuple[int, int, str]]:
    if user is None or not getattr(user, "is_authenticated", False):
        return frozenset()
    cached = getattr(user, "_calls_evaluator_scopes", None)
    if cached is None:
        cached = frozenset(Evaluator.objects.filter(user_id=user.pk).values_list("call_id", "organization_id", "role"))
        user._calls_evaluator_scopes = cached
    return cached


def evaluator_scopes(user, kind: str | None = None) -> frozenset[tuple[int, int]]:
    """The (call id, institution id) pairs ``user`` evaluates for; read once per request.

    ``kind`` "evaluation" or "interview" keeps only the pairs where their role allows that work
    (an interview-only person never reaches the scores, and a scorer-only person no interview).
    """
    roles = {"evaluation": EVALUATING_ROLES, "interview": INTERVIEWING_ROLES}.get(kind or "", None)
    return frozenset((call, org) for call, org, role in _evaluator_rows(user) if roles is None or role in roles)


def _mine(user, model, roles) -> QuerySet:
    scope = Evaluator.objects.filter(
        user_id=user.pk,
        call_id=OuterRef("application__call_id"),
        organization_id=OuterRef("organization_id"),
        role__in=roles,
    )
    return model.objects.filter(Exists(scope))


def evaluations_for(user) -> QuerySet[EvaluationAssignment]:
    """Only the assignments of the institutions ``user`` evaluates for (the applicant's name is
    read for those whose scoring is final; pages show it only then)."""
    return (
        _mine(user, EvaluationAssignment, EVALUATING_ROLES)
        .select_related("application__call", "application__applicant", "application__state", "organization")
        .order_by("application__call__opens_at", "submitted_at", "application__pk")
    )


def interviews_for(user) -> QuerySet[Interview]:
    return (
        _mine(user, Interview, INTERVIEWING_ROLES)
        .select_related("application__call", "application__applicant", "application__state", "organization")
        .order_by("application__call__opens_at", "submitted_at", "application__pk")
    )


def evaluation_get(*, pk: int) -> EvaluationAssignment:
    """Raises DoesNotExist. Whether the reader may see it is ``calls.view_evaluation``."""
    return (
        EvaluationAssignment.objects.select_related(
            "application__call", "application__applicant", "application__state", "organization"
        )
        .prefetch_related(
            "application__cv_entries", Prefetch("scores", queryset=Score.objects.select_related("criterion"))
        )
        .get(pk=pk)
    )


def interview_get(*, pk: int) -> Interview:
    return (
        Interview.objects.select_related(
            "application__call", "application__applicant", "application__state", "organization"
        )
        .prefetch_related("answers")
        .get(pk=pk)
    )


# --- Ranking ------------------------------------------------------------------------------------


@dataclass
class Ranked:
    application: Application
    evaluation: Decimal | None
    interview: Decimal | None
    combined: Decimal | None
    evaluations_done: int
    evaluations_total: int
    interviews_done: int
    interviews_total: int
    position: int | None = None


def ranking(call: Call) -> list[Ranked]:
    """Submitted applications by combined score (the one selector). Those still missing an
    evaluation or interview score come last, unranked. Ties: higher evaluation, earlier submission."""
    criteria = list(call.criteria.all())
    questions = list(call.questions.all())
    applications = (
        Application.objects.filter(call=call, status=ApplicationStatus.SUBMITTED)
        .select_related("applicant", "state")
        .prefetch_related(
            Prefetch("evaluations", queryset=EvaluationAssignment.objects.prefetch_related("scores")),
            Prefetch(
                "interviews",
                queryset=Interview.objects.prefetch_related(
                    Prefetch("answers", queryset=InterviewAnswer.objects.all())
                ),
            ),
        )
    )
    rows = []
    for app in applications:
        evaluations = [a for a in app.evaluations.all() if a.is_submitted]
        interviews = [i for i in app.interviews.all() if i.is_submitted]
        evaluation = scoring.mean(
            scoring.evaluation_score(criteria, {s.criterion_id: s.value for s in a.scores.all()}) for a in evaluations
        )
        interview = scoring.mean(
            scoring.interview_score(questions, {x.question_id: x.value for x in i.answers.all()}) for i in interviews
        )
        combined = scoring.combined_score(
            evaluation, interview, evaluation_weight=call.evaluation_weight, interview_weight=call.interview_weight
        )
        rows.append(
            Ranked(
                app,
                evaluation,
                interview,
                combined,
                len(evaluations),
                len(app.evaluations.all()),
                len(interviews),
                len(app.interviews.all()),
            )
        )
    rows.sort(
        key=lambda r: (
            r.combined is None,
            -(r.combined or 0),
            -(r.evaluation or 0),
            r.application.submitted_at,
            r.application.pk,
        )
    )
    for index, row in enumerate(r for r in rows if r.combined is not None):
        row.position = index + 1
    return rows


# --- Quotas -------------------------------------------------------------------------------------


@dataclass
class QuotaRow:
    key: str
    label: str
    selected: int
    target: int | None

    @property
    def status(self) -> str:
        if self.target is None:
            return ""
        return "ok" if self.selected == self.target else ("over" if self.selected > self.target else "under")


@dataclass
class QuotaTables:
    states: list[QuotaRow]
    genders: list[QuotaRow]
    sectors: list[QuotaRow]
    selected: int
    seats: int


def quota_tables(call: Call, applications: list[Application]) -> QuotaTables:
    """Selected people by state, gender and sector against the call's targets (2 queries)."""
    chosen = [a for a in applications if a.selected]
    targets = {(q.dimension, q.key): q.target for q in call.quotas.all()}
    by_state = Counter(a.state_id for a in chosen)
    by_gender = Counter(a.gender for a in chosen)
    by_sector = Counter(a.sector for a in chosen)
    states = [
        QuotaRow(
            s.code, s.short_name, by_state[s.pk], targets.get((QuotaDimension.STATE, s.code), call.quota_per_state)
        )
        for s in eligible_states(call)
    ]
    genders = [
        QuotaRow(value, str(label), by_gender[value], targets.get((QuotaDimension.GENDER, value)))
        for value, label in Gender.choices
    ]
    sectors = [
        QuotaRow(value, str(label), by_sector[value], targets.get((QuotaDimension.SECTOR, value)))
        for value, label in OrganizationType.choices
    ]
    return QuotaTables(states, genders, sectors, len(chosen), sum(r.target or 0 for r in states))


def selection_candidates(call: Call) -> list[Ranked]:
    """The ranking, restricted to what may be selected: a valid proof of address."""
    return [r for r in ranking(call) if r.application.proof_status == ProofStatus.VALID]


def results(call: Call) -> QuerySet[Application]:
    """The selected people of a call whose results are published (name and state only)."""
    return (
        Application.objects.filter(call=call, result=Result.ACCEPTED)
        .select_related("applicant", "state")
        .order_by("state__short_name", "applicant__last_name", "applicant__first_name", "pk")
    )


def evaluations_pending(user) -> QuerySet[EvaluationAssignment]:
    """The evaluator's applications still to score (not yet sent)."""
    return evaluations_for(user).filter(submitted_at__isnull=True)


def interviews_pending(user) -> QuerySet[Interview]:
    return interviews_for(user).filter(submitted_at__isnull=True)
