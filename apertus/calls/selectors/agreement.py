"""Agreement between evaluators: how far apart the institutions' scores of one application are.

Each institution's evaluation is already on the 0–10 scale (``scoring.evaluation_score``), so the
spread (highest minus lowest) and the standard deviation compare across calls and rubrics. An
application whose spread exceeds ``OUTLIER_SHARE`` of the scale is flagged for a second look.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Prefetch

from apertus.calls import scoring
from apertus.calls.models import Application, ApplicationStatus, Call, EvaluationAssignment

SCALE = scoring.TEN
OUTLIER_SHARE = Decimal("0.30")


@dataclass
class Agreement:
    application: Application
    scores: list[tuple[str, Decimal]]  # (institution, its evaluation 0–10), submitted only
    pending: int
    mean: Decimal | None
    spread: Decimal | None
    stdev: Decimal | None

    @property
    def is_outlier(self) -> bool:
        return self.spread is not None and self.spread > SCALE * OUTLIER_SHARE


def spread_and_stdev(values: list[Decimal]) -> tuple[Decimal | None, Decimal | None]:
    """Range and population standard deviation; None with fewer than two values."""
    if len(values) < 2:
        return None, None
    mean = sum(values, Decimal(0)) / len(values)
    variance = sum(((v - mean) ** 2 for v in values), Decimal(0)) / len(values)
    return max(values) - min(values), variance.sqrt()


def agreement(call: Call) -> list[Agreement]:
    """One row per submitted application with assignments; outliers first, then by spread (4 queries)."""
    criteria = list(call.criteria.all())
    applications = (
        Application.objects.filter(call=call, status=ApplicationStatus.SUBMITTED, evaluations__isnull=False)
        .distinct()
        .select_related("applicant", "state")
        .prefetch_related(
            Prefetch(
                "evaluations",
                queryset=EvaluationAssignment.objects.select_related("organization").prefetch_related("scores"),
            )
        )
        .order_by("submitted_at", "pk")
    )
    rows = []
    for app in applications:
        done = [a for a in app.evaluations.all() if a.is_submitted]
        scores = [
            (a.organization.name, scoring.evaluation_score(criteria, {s.criterion_id: s.value for s in a.scores.all()}))
            for a in done
        ]
        scores = [(name, value) for name, value in scores if value is not None]
        values = [v for _n, v in scores]
        spread, stdev = spread_and_stdev(values)
        rows.append(Agreement(app, scores, len(app.evaluations.all()) - len(done), scoring.mean(values), spread, stdev))
    rows.sort(key=lambda r: (not r.is_outlier, -(r.spread or 0)))
    return rows
