"""An action plan's lifecycle, declared as data: stages, steps, who may take them, what must hold.

borrador → cocreación → publicado → en implementación → concluido (and back from cocreación to
borrador). Other apps add conditions with ``add_guard`` (e.g. co-creation: every proposal
answered before publishing) instead of editing this file.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from apertus.plans.models import ActionPlan, PlanStatus

Guard = Callable[[ActionPlan], str | None]  # returns a translated reason when the step is not allowed


@dataclass
class Step:
    source: str
    target: str
    permission: str
    label: str
    guards: list[Guard] = field(default_factory=list)


def _has_commitments(plan: ActionPlan) -> str | None:
    if not plan.commitments.exists():
        return str(_("El plan no tiene compromisos."))
    return None


def _every_commitment_has_milestones(plan: ActionPlan) -> str | None:
    missing = [str(c.number) for c in plan.commitments.all() if not c.milestones.exists()]
    if missing:
        return str(_("Compromisos sin hitos: núm. %(numbers)s.") % {"numbers": ", ".join(missing)})
    return None


def _every_commitment_has_civil_society(plan: ActionPlan) -> str | None:
    missing = [
        str(c.number)
        for c in plan.commitments.prefetch_related("co_responsible")
        if not any(o.type == "sociedad_civil" for o in c.co_responsible.all())
    ]
    if missing:
        return str(
            _("Compromisos sin una organización de sociedad civil corresponsable: %(numbers)s.")
            % {"numbers": ", ".join(missing)}
        )
    return None


STEPS: list[Step] = [
    Step(PlanStatus.DRAFT, PlanStatus.COCREATION, "plans.advance_plan", _("Abrir la cocreación")),
    Step(PlanStatus.COCREATION, PlanStatus.DRAFT, "plans.advance_plan", _("Regresar a borrador")),
    Step(
        PlanStatus.COCREATION,
        PlanStatus.PUBLISHED,
        "plans.advance_plan",
        _("Publicar el plan"),
        [_has_commitments, _every_commitment_has_milestones, _every_commitment_has_civil_society],
    ),
    Step(PlanStatus.PUBLISHED, PlanStatus.IMPLEMENTATION, "plans.advance_plan", _("Iniciar la implementación")),
    Step(PlanStatus.IMPLEMENTATION, PlanStatus.CONCLUDED, "plans.conclude_plan", _("Concluir el plan")),
]


def add_guard(target: str, guard: Guard) -> None:
    """Another app's condition for entering ``target`` (every step into it)."""
    for step in STEPS:
        if step.target == target and guard not in step.guards:
            step.guards.append(guard)


def steps_from(status: str) -> list[Step]:
    return [s for s in STEPS if s.source == status]


def find_step(source: str, target: str) -> Step | None:
    return next((s for s in STEPS if s.source == source and s.target == target), None)


def blockers(plan: ActionPlan, step: Step) -> list[str]:
    return [reason for guard in step.guards if (reason := guard(plan))]
