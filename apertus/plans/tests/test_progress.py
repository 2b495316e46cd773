from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from apertus.plans import services
from apertus.plans.models import Completion, MilestoneStatus
from apertus.plans.progress import completion_for, weighted


def test_weighted_average():
    assert weighted([]) == Decimal("0.00")
    assert weighted([(1, 100), (1, 0)]) == Decimal("50.00")
    assert weighted([(3, 100), (1, 0)]) == Decimal("75.00")
    assert weighted([(1, 33), (2, 67)]) == Decimal("55.67")


@pytest.mark.parametrize(
    ("progress", "evidence", "expected"),
    [
        (0, False, Completion.NOT_STARTED),
        (0, True, Completion.NOT_STARTED),
        (40, False, Completion.NO_EVIDENCE),
        (40, True, Completion.LIMITED),
        (50, True, Completion.SUBSTANTIAL),
        (99.99, True, Completion.SUBSTANTIAL),
        (100, True, Completion.COMPLETE),
    ],
)
def test_completion_scale(progress, evidence, expected):
    assert completion_for(Decimal(str(progress)), evidence) == expected


def test_progress_rolls_up_by_weight_to_commitment_and_plan(oaxaca_plan):
    c1, c2 = list(oaxaca_plan.commitments.order_by("number"))
    m1, m2 = list(c1.milestones.order_by("number"))  # weights 1 and 2
    services.progress_report(actor=None, milestone=m2, progress=60, status=MilestoneStatus.IN_PROGRESS)
    c1.refresh_from_db()
    assert c1.progress == Decimal("40.00")  # (1*0 + 2*60) / 3
    assert c1.completion == Completion.NO_EVIDENCE  # progress without evidence
    services.progress_report(
        actor=None,
        milestone=m1,
        progress=100,
        status=MilestoneStatus.COMPLETED,
        new_evidence=[{"description": "Acta", "url": "https://ejemplo.mx/acta.pdf"}],
    )
    c1.refresh_from_db()
    oaxaca_plan.refresh_from_db()
    assert c1.progress == Decimal("73.33")
    assert c1.completion == Completion.SUBSTANTIAL
    assert oaxaca_plan.progress == Decimal("36.67")  # (73.33 + 0) / 2, rounded from the stored values


def test_cancelled_and_deleted_milestones_do_not_count(oaxaca_plan):
    c1 = oaxaca_plan.commitments.order_by("number").first()
    m1, m2 = list(c1.milestones.order_by("number"))
    services.progress_report(actor=None, milestone=m1, progress=100, status=MilestoneStatus.COMPLETED)
    services.progress_report(actor=None, milestone=m2, progress=0, status=MilestoneStatus.CANCELLED)
    c1.refresh_from_db()
    assert c1.progress == Decimal("100.00")
    services.progress_report(actor=None, milestone=m2, progress=50, status=MilestoneStatus.IN_PROGRESS)
    services.milestone_delete(actor=None, milestone=m2, reason="Duplicado")
    c1.refresh_from_db()
    assert c1.progress == Decimal("100.00")


@pytest.mark.parametrize(
    ("progress", "status"),
    [(101, "en_proceso"), (-1, "en_proceso"), (80, "completado"), (20, "no_iniciado"), (10, "inventado")],
)
def test_inconsistent_progress_is_refused_and_changes_nothing(oaxaca_plan, progress, status):
    milestone = oaxaca_plan.commitments.first().milestones.first()
    with pytest.raises(ValidationError):
        services.progress_report(actor=None, milestone=milestone, progress=progress, status=status)
    milestone.refresh_from_db()
    assert milestone.progress == 0 and milestone.reports.count() == 0
