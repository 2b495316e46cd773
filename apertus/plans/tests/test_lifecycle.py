from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from apertus.plans import lifecycle, services
from apertus.plans.models import ActionPlan, PlanStatus

from .conftest import build_plan


def test_lifecycle_is_declared_as_data():
    targets = {(s.source, s.target) for s in lifecycle.STEPS}
    assert (PlanStatus.DRAFT, PlanStatus.COCREATION) in targets
    assert (PlanStatus.DRAFT, PlanStatus.PUBLISHED) not in targets  # no skipping co-creation


def test_plan_with_a_commitment_without_milestones_cannot_be_published(db, people):
    plan = build_plan("20", status=PlanStatus.COCREATION, milestones=0)
    with pytest.raises(ValidationError) as error:
        services.plan_transition(actor=people["stl_oaxaca"], plan=plan, target=PlanStatus.PUBLISHED)
    assert "sin hitos" in " ".join(error.value.messages)
    plan.refresh_from_db()
    assert plan.status == PlanStatus.COCREATION


def test_plan_needs_civil_society_co_responsible_to_publish(db, people):
    plan = build_plan("20", status=PlanStatus.COCREATION)
    commitment = plan.commitments.first()
    commitment.co_responsible.clear()
    with pytest.raises(ValidationError) as error:
        services.plan_transition(actor=people["stl_oaxaca"], plan=plan, target=PlanStatus.PUBLISHED)
    assert "sociedad civil" in " ".join(error.value.messages)


def test_steps_are_taken_by_the_states_stl_and_recorded(db, people):
    plan = build_plan("20", status=PlanStatus.DRAFT)
    with pytest.raises(PermissionDenied):
        services.plan_transition(actor=people["stl_sonora"], plan=plan, target=PlanStatus.COCREATION)
    with pytest.raises(PermissionDenied):
        services.plan_transition(actor=people["citizen"], plan=plan, target=PlanStatus.COCREATION)
    plan = services.plan_transition(
        actor=people["stl_oaxaca"], plan=plan, target=PlanStatus.COCREATION, reason="Arranca la consulta"
    )
    latest = plan.history.first()
    assert latest.status == PlanStatus.COCREATION and latest.history_user == people["stl_oaxaca"]
    assert latest.history_change_reason == "Arranca la consulta"


def test_unknown_or_skipping_step_is_refused(db, people):
    plan = build_plan("20", status=PlanStatus.DRAFT)
    for target in [PlanStatus.CONCLUDED, "inventado", PlanStatus.DRAFT]:
        with pytest.raises(ValidationError):
            services.plan_transition(actor=people["coordinator"], plan=plan, target=target)


def test_other_apps_add_guards(db, people):
    plan = build_plan("20", status=PlanStatus.COCREATION)

    def never(p):
        return "Falta responder propuestas."

    lifecycle.add_guard(PlanStatus.PUBLISHED, never)
    try:
        with pytest.raises(ValidationError, match="responder"):
            services.plan_transition(actor=people["coordinator"], plan=plan, target=PlanStatus.PUBLISHED)
    finally:
        for step in lifecycle.STEPS:
            if never in step.guards:
                step.guards.remove(never)


def test_period_must_be_ordered(db, people):
    from apertus.territories.models import State

    with pytest.raises(ValidationError):
        services.plan_create(
            actor=people["stl_oaxaca"],
            state=State.objects.get(code="20"),
            title="Mal",
            period_start=date(2026, 1, 1),
            period_end=date(2025, 1, 1),
        )
    assert not ActionPlan.objects.filter(title="Mal").exists()
