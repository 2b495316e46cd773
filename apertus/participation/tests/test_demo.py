"""The demo: every demo plan gets a process placed around today, with proposals, supports and answers."""

from apertus.accounts.demo import demo_people_load
from apertus.core.testing import demo_steps_load
from apertus.participation import selectors
from apertus.participation.demo import participation_demo_load
from apertus.participation.models import Action, PhaseKind, Process, Proposal, Support
from apertus.plans import lifecycle
from apertus.plans.demo import plans_demo_load
from apertus.plans.models import ActionPlan, PlanStatus
from apertus.program.demo import fellows_demo_load
from apertus.stl.demo import stl_demo_load


def test_demo_processes_fit_each_plans_stage(db):
    # What load_demo runs before it (kept once per run, core/testing.py).
    demo_steps_load(demo_people_load, fellows_demo_load, stl_demo_load, plans_demo_load)
    assert participation_demo_load() == ActionPlan.objects.count() == 15
    assert participation_demo_load() == 0  # idempotent
    for process in Process.objects.select_related("plan"):
        plan = process.plan
        current = selectors.current_phase(process)
        proposals = Proposal.objects.filter(process=process)
        assert process.phases.count() == 6
        if plan.status == PlanStatus.DRAFT:
            assert current is None and not proposals.exists()
            continue
        assert 4 <= proposals.count() <= 10
        if plan.status == PlanStatus.COCREATION:
            assert current.kind == PhaseKind.PROPOSALS and selectors.phase_allows(process, Action.PROPOSE)
            assert selectors.unanswered_count(process) > 0
            step = lifecycle.find_step(plan.status, PlanStatus.PUBLISHED)
            assert any("respuesta razonada" in reason for reason in lifecycle.blockers(plan, step))
        else:
            assert selectors.unanswered_count(process) == 0  # the publishing guard holds
            assert (current is None) == (plan.status == PlanStatus.CONCLUDED)
            for proposal in proposals.select_related("response__commitment"):
                if proposal.response.kind != "no_incorporada":
                    assert proposal.response.commitment.plan_id == plan.pk
        for proposal in proposals:
            assert proposal.support_count == Support.objects.filter(proposal=proposal).count()
            assert proposal.author.is_demo and not proposal.author.has_usable_password()
    assert Support.objects.exists()
