from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from apertus.core.concurrency import lock_version
from apertus.core.history import attribute, save_with_history
from apertus.core.permissions import require
from apertus.documents.models import Document
from apertus.documents.services import document_create
from apertus.plans import lifecycle
from apertus.plans.models import ActionPlan, PlanStatus
from apertus.plans.services.common import apply
from apertus.search import index as search_index

PLAN_FIELDS = {"title", "period_start", "period_end", "summary"}


def plan_create(
    *, actor, state, title: str, period_start, period_end, summary: str = "", edition: int | None = None
) -> ActionPlan:
    require(actor, "plans.add_plan", state)
    with transaction.atomic():
        if edition is None:
            last = (
                ActionPlan.all_objects.filter(state=state)
                .order_by("-edition")
                .values_list("edition", flat=True)
                .first()
            )
            edition = (last or 0) + 1
        plan = ActionPlan(
            state=state, edition=edition, title=title, period_start=period_start, period_end=period_end, summary=summary
        )
        save_with_history(plan, actor)
        search_index.update(plan)
    return plan


def plan_update(*, actor, plan: ActionPlan, expected_version: int | None, **fields) -> ActionPlan:
    require(actor, "plans.change_plan", plan)
    with transaction.atomic():
        current = lock_version(ActionPlan, pk=plan.pk, expected_version=expected_version, submitted=fields)
        apply(current, fields, PLAN_FIELDS)
        current.version += 1
        save_with_history(current, actor)
        search_index.update(current)
    return current


def plan_transition(*, actor, plan: ActionPlan, target: str, reason: str = "") -> ActionPlan:
    """Move a plan along its lifecycle, if the step exists, the actor may take it and its guards hold."""
    step = lifecycle.find_step(plan.status, target)
    if step is None:
        raise ValidationError(
            _("No se puede pasar de «%(a)s» a «%(b)s».") % {"a": plan.get_status_display(), "b": target}
        )
    require(actor, step.permission, plan)
    with transaction.atomic():
        current = ActionPlan.objects.select_for_update().get(pk=plan.pk)
        if current.status != step.source:
            raise ValidationError(_("El plan cambió de etapa mientras tanto; recarga la página."))
        problems = lifecycle.blockers(current, step)
        if problems:
            raise ValidationError(problems)
        was_draft = current.status == PlanStatus.DRAFT
        current.status = target
        current.version += 1
        attribute(current, actor)
        current._change_reason = reason or str(step.label)
        current.save()
        if was_draft:
            _publish_plan_files(current)
        # Its commitments, milestones and proposals are public exactly when it is out of draft, and their
        # documents hold nothing else of the plan: they follow only when that changes.
        search_index.update(current, follow=was_draft or target == PlanStatus.DRAFT)
    return current


def plan_document_add(*, actor, plan: ActionPlan, upload, title: str, kind: str, date=None):
    """Add a file to the plan's public document repository (public as soon as the plan is)."""

    require(actor, "plans.change_plan", plan)
    with transaction.atomic():
        document = document_create(
            actor=actor, upload=upload, title=title, kind=kind, date=date, state=plan.state, is_public=plan.is_public
        )
        plan.documents.add(document)
    return document


def _publish_plan_files(plan: ActionPlan) -> None:
    """When a plan leaves draft, its repository and its evidence files become public with it."""

    evidence_docs = Document.objects.filter(pk__in=plan.commitments.values("milestones__evidence__document"))
    plan.documents.filter(is_public=False).update(is_public=True)
    evidence_docs.filter(is_public=False).update(is_public=True)
