"""What a reader is told: the completion without evidence, the lifecycle guard, the history in words."""

import re

import pytest
from django.core.exceptions import ValidationError

from apertus.plans import services
from apertus.plans.models import Completion, PlanStatus
from apertus.plans.services import progress_report

from .conftest import build_plan


def test_full_progress_without_evidence_says_so(client, db):
    plan = build_plan("20", commitments=1, milestones=1)
    commitment = plan.commitments.get()
    progress_report(actor=None, milestone=commitment.milestones.get(), progress=100, status="completado")
    commitment.refresh_from_db()
    assert commitment.completion == Completion.NO_EVIDENCE
    html = client.get(commitment.get_absolute_url()).content.decode()
    completion = re.search(r'data-testid="completion">(.*?)</dd>', html, re.S).group(1)
    assert "Avance reportado sin evidencia adjunta" in completion
    assert "Sin evidencia disponible" not in html


def test_guard_names_commitments_by_number(db, people):
    plan = build_plan("20", status=PlanStatus.COCREATION, commitments=2, milestones=0)
    numbers = sorted(plan.commitments.values_list("number", flat=True))
    with pytest.raises(ValidationError) as error:
        services.plan_transition(actor=people["stl_oaxaca"], plan=plan, target=PlanStatus.PUBLISHED)
    expected = "Compromisos sin hitos: núm. " + ", ".join(str(n) for n in numbers) + "."
    assert expected in error.value.messages


def test_public_history_shows_choice_labels_not_codes(client, db):
    plan = build_plan("20", commitments=1, milestones=1)
    commitment = plan.commitments.get()
    services.commitment_override_completion(
        actor=None,
        commitment=commitment,
        completion=Completion.NO_EVIDENCE,
        justification="El informe del IRM no encontró evidencia.",
    )
    services.commitment_override_completion(
        actor=None,
        commitment=commitment,
        completion=Completion.SUBSTANTIAL,
        justification="Evidencia entregada en la sesión de revisión.",
    )
    html = client.get(commitment.get_absolute_url()).content.decode()
    history = html[html.index('id="historial"') : html.index('id="comentarios"')]
    assert "<del>Avance reportado sin evidencia adjunta</del>" in history
    assert "<ins>Sustancial</ins>" in history
    for code in ("sin_evidencia", "sustancial"):
        assert code not in history
