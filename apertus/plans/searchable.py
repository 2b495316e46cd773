"""What the site search indexes of the plans: published plans, their commitments and milestones."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from apertus.core.searchable import Doc, IndexedType, goal, join, phase_id
from apertus.plans.models import Commitment, Completion, Milestone, MilestoneStatus, PlanStatus
from apertus.plans.selectors import public_plans


def _plans():
    return public_plans().select_related("state__participation")


def _plan(plan) -> Doc:
    return Doc(
        title=plan.title,
        body=join(plan.state.name, plan.summary),
        url=plan.get_absolute_url(),
        state_id=plan.state_id,
        phase_id=phase_id(plan.state),
        status=plan.status,
    )


def _plan_dependents(plan) -> list[QuerySet]:
    # the plan's proposals follow too (participation.searchable)
    return [
        Commitment.all_objects.filter(plan=plan),
        Milestone.all_objects.filter(commitment__plan=plan),
    ]


def _commitments():
    return (
        Commitment.objects.filter(plan__in=public_plans())
        .select_related("plan__state__participation", "primary_goal", "lead_institution")
        .prefetch_related("targets", "values__value")
    )


def _commitment(c) -> Doc:
    goals = set(goal(c.primary_goal)) | {int(t.code.split(".")[0]) for t in c.targets.all()}
    values = [f"{v.value.name_es}: {v.justification}" for v in c.values.all()]  # the OGP values it serves
    return Doc(
        title=c.title,
        url=c.get_absolute_url(),
        state_id=c.plan.state_id,
        phase_id=phase_id(c.plan.state),
        status=c.effective_completion,
        goals=sorted(goals),
        body=join(
            c.plan.state.name,
            c.lead_institution.name,
            c.problem,
            c.objective,
            c.expected_results,
            c.how_it_solves,
            c.corruption_prevention,
            c.baseline,
            c.other_actors,
            *values,
        ),
    )


def _commitment_dependents(commitment) -> list[QuerySet]:
    return [Milestone.all_objects.filter(commitment=commitment)]


def _milestones():
    return Milestone.objects.filter(commitment__in=_commitments().values("pk")).select_related(
        "commitment__plan__state__participation", "commitment__primary_goal"
    )


def _milestone(m) -> Doc:
    c = m.commitment
    return Doc(
        title=m.title,
        url=m.get_absolute_url(),
        body=join(c.title, m.deliverable),
        state_id=c.plan.state_id,
        phase_id=phase_id(c.plan.state),
        status=m.status,
        goals=goal(c.primary_goal),
    )


PLAN = IndexedType(
    "plan",
    _("Plan de acción"),
    _("Planes de acción"),
    "plans.actionplan",
    _plans,
    _plan,
    _plan_dependents,
    weight=1.2,
    order=10,
    statuses=tuple(PlanStatus.choices),
)
COMMITMENT = IndexedType(
    "compromiso",
    _("Compromiso"),
    _("Compromisos"),
    "plans.commitment",
    _commitments,
    _commitment,
    _commitment_dependents,
    weight=1.6,
    order=20,
    statuses=tuple(Completion.choices),
)
MILESTONE = IndexedType(
    "hito",
    _("Hito"),
    _("Hitos"),
    "plans.milestone",
    _milestones,
    _milestone,
    weight=0.9,
    order=30,
    statuses=tuple(MilestoneStatus.choices),
)
