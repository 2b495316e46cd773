from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apertus.core.concurrency import lock_version
from apertus.core.history import attribute, save_with_history
from apertus.core.permissions import require
from apertus.plans.models import Commitment, CommitmentValue, Completion
from apertus.plans.progress import recompute_commitment, recompute_plan
from apertus.plans.services.common import apply
from apertus.search import index as search_index
from apertus.taxonomy.models import Scheme

COMMITMENT_FIELDS = {
    "title",
    "problem",
    "baseline",
    "objective",
    "expected_results",
    "how_it_solves",
    "corruption_prevention",
    "primary_goal",
    "lead_institution",
    "other_actors",
    "start_date",
    "end_date",
    "budget",
    "contact",
    "weight",
}


def _check_terms(*, primary_goal=None, targets=None, values=None) -> None:
    errors = {}
    if primary_goal is not None and primary_goal.scheme != Scheme.SDG_GOAL:
        errors["primary_goal"] = _("El ODS principal debe ser un objetivo.")
    if targets is not None and any(t.scheme != Scheme.SDG_TARGET for t in targets):
        errors["targets"] = _("Las metas deben ser metas ODS.")
    if values is not None:
        if any(term.scheme != Scheme.OGP_VALUE for term, _j in values):
            errors["values"] = _("Los valores deben ser valores de gobierno abierto.")
        elif any(not (j or "").strip() for _t, j in values):
            errors["values"] = _("Cada valor de gobierno abierto necesita una justificación.")
    if errors:
        raise ValidationError(errors)


def _set_relations(commitment, *, targets, co_responsible, values, new: bool = False) -> None:
    """``new``: the commitment was just created and has none yet, so they are only added (``set`` and the
    deletion would first ask for the ones it has)."""
    for related, items in ((commitment.targets, targets), (commitment.co_responsible, co_responsible)):
        if items is not None and new:
            related.add(*items)
        elif items is not None:
            related.set(items)
    if values is not None:
        if not new:
            commitment.values.all().delete()
        CommitmentValue.objects.bulk_create(
            [CommitmentValue(commitment=commitment, value=term, justification=j.strip()) for term, j in values]
        )


def commitment_create(
    *, actor, plan, number: int | None = None, targets=(), co_responsible=(), values=(), **fields
) -> Commitment:
    """Create a commitment. ``values`` is a list of (ogp_value term, justification)."""
    require(actor, "plans.change_commitment", plan)
    _check_terms(primary_goal=fields.get("primary_goal"), targets=list(targets), values=list(values))
    with transaction.atomic():
        if number is None:
            last = Commitment.all_objects.filter(plan=plan).order_by("-number").values_list("number", flat=True).first()
            number = (last or 0) + 1
        commitment = Commitment(plan=plan, number=number)
        apply(commitment, fields, COMMITMENT_FIELDS)
        save_with_history(commitment, actor)
        _set_relations(
            commitment, targets=list(targets), co_responsible=list(co_responsible), values=list(values), new=True
        )
        recompute_plan(plan.pk)
        search_index.update(commitment)
    return commitment


def commitment_update(
    *,
    actor,
    commitment: Commitment,
    expected_version: int | None,
    targets=None,
    co_responsible=None,
    values=None,
    **fields,
) -> Commitment:
    require(actor, "plans.change_commitment", commitment)
    _check_terms(primary_goal=fields.get("primary_goal"), targets=targets, values=values)
    with transaction.atomic():
        current = lock_version(Commitment, pk=commitment.pk, expected_version=expected_version, submitted=fields)
        apply(current, fields, COMMITMENT_FIELDS)
        current.version += 1
        save_with_history(current, actor)
        _set_relations(current, targets=targets, co_responsible=co_responsible, values=values)
        recompute_plan(current.plan_id)
        search_index.update(current)
    return current


def commitment_override_completion(*, actor, commitment: Commitment, completion: str, justification: str) -> Commitment:
    """Set the IRM completion by hand. Only with a written justification; "" returns to the derived value."""
    require(actor, "plans.override_completion", commitment)
    if completion and completion not in Completion.values:
        raise ValidationError({"completion": _("Valor de cumplimiento desconocido.")})
    if completion and len((justification or "").strip()) < 10:
        raise ValidationError(
            {"justification": _("Explica en al menos 10 caracteres por qué se asigna este cumplimiento.")}
        )
    with transaction.atomic():
        current = Commitment.objects.select_for_update().get(pk=commitment.pk)
        current.completion_override = completion
        current.completion_justification = justification.strip() if completion else ""
        current.version += 1
        attribute(current, actor)
        current._change_reason = justification.strip()
        current.save()
        search_index.update(current)
    return current


def commitment_delete(*, actor, commitment: Commitment, reason: str) -> Commitment:
    """Soft delete: hidden everywhere, kept with its history, restorable by coordinators."""
    require(actor, "plans.delete_commitment", commitment)
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Indica el motivo de la eliminación.")})
    with transaction.atomic():
        current = Commitment.objects.select_for_update().get(pk=commitment.pk)
        current.is_deleted = True
        current.deleted_at = timezone.now()
        current.deleted_reason = reason.strip()[:255]
        current.version += 1
        attribute(current, actor)
        current._change_reason = reason.strip()
        current.save()
        recompute_plan(current.plan_id)
        search_index.update(current)  # removed, with its milestones
    return current


def commitment_restore(*, actor, commitment: Commitment) -> Commitment:
    require(actor, "plans.restore_commitment", commitment)
    with transaction.atomic():
        current = Commitment.all_objects.select_for_update().get(pk=commitment.pk)
        if Commitment.objects.filter(plan_id=current.plan_id, number=current.number).exists():
            raise ValidationError(
                _("Ya existe otro compromiso con el número %(n)s en este plan.") % {"n": current.number}
            )
        current.is_deleted = False
        current.deleted_at = None
        current.deleted_reason = ""
        current.version += 1
        attribute(current, actor)
        current._change_reason = _("Restaurado")
        current.save()
        recompute_commitment(current.pk)
        search_index.update(current)
    return current
