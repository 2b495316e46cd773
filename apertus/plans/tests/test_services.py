"""Nothing lost: history for every change, conflicts refused, deletes soft and restorable."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from apertus.core.concurrency import EditConflict
from apertus.core.history import change_log
from apertus.plans import services
from apertus.plans.models import Commitment, Completion, MilestoneStatus


def test_every_change_leaves_an_attributed_history_row(oaxaca_plan, people):
    stl = people["stl_oaxaca"]
    commitment = oaxaca_plan.commitments.first()
    milestone = commitment.milestones.first()
    counts = lambda: (commitment.history.count(), milestone.history.count())  # noqa: E731
    before = counts()
    commitment = services.commitment_update(
        actor=stl, commitment=commitment, expected_version=commitment.version, title="Compromiso con título nuevo"
    )
    milestone = services.milestone_update(
        actor=stl, milestone=milestone, expected_version=milestone.version, deliverable="Informe público"
    )
    services.progress_report(actor=stl, milestone=milestone, progress=30, status=MilestoneStatus.IN_PROGRESS)
    after = counts()
    assert after == (before[0] + 1, before[1] + 2)
    assert commitment.history.first().history_user == stl
    log = change_log(commitment)
    assert ("title", "Compromiso 1", "Compromiso con título nuevo") in [(c.field, c.old, c.new) for c in log[0].changes]
    assert milestone.reports.get().reported_by == stl


def test_second_save_of_the_same_version_is_a_conflict(oaxaca_plan, people):
    commitment = oaxaca_plan.commitments.first()
    loaded = commitment.version
    services.commitment_update(
        actor=people["stl_oaxaca"], commitment=commitment, expected_version=loaded, objective="Objetivo de Ana"
    )
    with pytest.raises(EditConflict) as conflict:
        services.commitment_update(
            actor=people["coordinator"], commitment=commitment, expected_version=loaded, objective="Objetivo de Beto"
        )
    changed = {c.field: (c.theirs, c.yours) for c in conflict.value.changes}
    assert changed["objective"] == ("Objetivo de Ana", "Objetivo de Beto")
    commitment.refresh_from_db()
    assert commitment.objective == "Objetivo de Ana"


def test_milestone_progress_conflict(oaxaca_plan, people):
    milestone = oaxaca_plan.commitments.first().milestones.first()
    loaded = milestone.version
    services.progress_report(
        actor=people["stl_oaxaca"], milestone=milestone, progress=40, status="en_proceso", expected_version=loaded
    )
    with pytest.raises(EditConflict):
        services.progress_report(
            actor=people["coordinator"],
            milestone=milestone,
            progress=10,
            status="en_proceso",
            expected_version=loaded,
            new_evidence=[{"description": "x", "url": "https://a.mx"}],
        )
    milestone.refresh_from_db()
    assert milestone.progress == 40
    assert milestone.evidence.count() == 0  # the refused report left no evidence behind


def test_other_states_stl_cannot_change_anything(oaxaca_plan, people):
    commitment = oaxaca_plan.commitments.first()
    milestone = commitment.milestones.first()
    sonora = people["stl_sonora"]
    attempts = [
        lambda: services.commitment_update(actor=sonora, commitment=commitment, expected_version=None, title="x"),
        lambda: services.milestone_update(actor=sonora, milestone=milestone, expected_version=None, title="x"),
        lambda: services.progress_report(actor=sonora, milestone=milestone, progress=50, status="en_proceso"),
        lambda: services.commitment_delete(actor=sonora, commitment=commitment, reason="x"),
        lambda: services.plan_update(actor=sonora, plan=oaxaca_plan, expected_version=None, title="x"),
    ]
    for attempt in attempts:
        with pytest.raises(PermissionDenied):
            attempt()
    commitment.refresh_from_db()
    assert commitment.title == "Compromiso 1" and commitment.version == 1


def test_soft_delete_hides_keeps_history_and_coordinators_restore(oaxaca_plan, people, client):
    commitment = oaxaca_plan.commitments.first()
    services.commitment_delete(actor=people["stl_oaxaca"], commitment=commitment, reason="Se fusionó con el 2")
    assert not Commitment.objects.filter(pk=commitment.pk).exists()
    assert Commitment.all_objects.get(pk=commitment.pk).is_deleted
    assert client.get(commitment.get_absolute_url()).status_code == 404
    assert client.get(f"/api/plans/commitments/{commitment.pk}").status_code == 404
    assert "Compromiso 1" not in client.get(oaxaca_plan.get_absolute_url()).content.decode()
    with pytest.raises(PermissionDenied):
        services.commitment_restore(actor=people["stl_oaxaca"], commitment=commitment)
    services.commitment_restore(actor=people["coordinator"], commitment=commitment)
    assert client.get(commitment.get_absolute_url()).status_code == 200
    reasons = [h.history_change_reason for h in Commitment.all_objects.get(pk=commitment.pk).history.all()]
    assert "Se fusionó con el 2" in reasons


def test_delete_needs_a_reason(oaxaca_plan, people):
    commitment = oaxaca_plan.commitments.first()
    with pytest.raises(ValidationError):
        services.commitment_delete(actor=people["coordinator"], commitment=commitment, reason="  ")
    assert Commitment.objects.filter(pk=commitment.pk).exists()


def test_completion_override_needs_a_justification_and_a_coordinator(oaxaca_plan, people):
    commitment = oaxaca_plan.commitments.first()
    with pytest.raises(PermissionDenied):
        services.commitment_override_completion(
            actor=people["stl_oaxaca"],
            commitment=commitment,
            completion=Completion.COMPLETE,
            justification="Lo decimos nosotros",
        )
    with pytest.raises(ValidationError):
        services.commitment_override_completion(
            actor=people["coordinator"], commitment=commitment, completion=Completion.COMPLETE, justification="corta"
        )
    services.commitment_override_completion(
        actor=people["coordinator"],
        commitment=commitment,
        completion=Completion.LIMITED,
        justification="La evaluación independiente encontró avance limitado.",
    )
    commitment.refresh_from_db()
    assert commitment.effective_completion == Completion.LIMITED
    assert commitment.completion == Completion.NOT_STARTED  # the derived value is kept


def test_a_long_justification_is_kept_whole_in_the_history(oaxaca_plan, people):
    commitment = oaxaca_plan.commitments.first()
    justification = "El informe del mecanismo independiente documenta avance limitado. " * 6
    services.commitment_override_completion(
        actor=people["coordinator"], commitment=commitment, completion=Completion.LIMITED, justification=justification
    )
    assert len(justification.strip()) > 300
    assert commitment.history.latest().history_change_reason == justification.strip()


def test_terms_must_come_from_the_right_vocabulary(oaxaca_plan, people):
    from apertus.taxonomy.models import Scheme, Term

    commitment = oaxaca_plan.commitments.first()
    target = Term.objects.get(scheme=Scheme.SDG_TARGET, code="6.1")
    with pytest.raises(ValidationError):
        services.commitment_update(
            actor=people["coordinator"], commitment=commitment, expected_version=None, primary_goal=target
        )
    value = Term.objects.get(scheme=Scheme.OGP_VALUE, code="acceso")
    with pytest.raises(ValidationError):
        services.commitment_update(
            actor=people["coordinator"], commitment=commitment, expected_version=None, values=[(value, "   ")]
        )
