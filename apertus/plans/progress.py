"""Progress, computed in exactly one place and stored where pages read it.

milestone.progress (0-100, reported) → commitment.progress (weighted by milestone weight)
→ plan.progress (weighted by commitment weight). A state's progress is its current plan's.
Cancelled and deleted milestones do not count. Completion on the IRM scale derives from progress.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from decimal import ROUND_HALF_UP, Decimal

from django.db import connection

from apertus.plans.models import ActionPlan, Commitment, Completion, Evidence, Milestone, MilestoneStatus

TWO = Decimal("0.01")


def weighted(pairs: list[tuple[int, Decimal | int]]) -> Decimal:
    """Σ(weight × value) / Σ weight, rounded to hundredths; 0 when nothing counts."""
    total_weight = sum(w for w, _ in pairs)
    if not total_weight:
        return Decimal("0.00")
    value = sum(Decimal(w) * Decimal(v) for w, v in pairs) / Decimal(total_weight)
    return value.quantize(TWO, rounding=ROUND_HALF_UP)


def completion_for(progress: Decimal, has_evidence: bool) -> str:
    """IRM scale: progress claimed without evidence is "no evidence"; else by thresholds."""
    if progress <= 0:
        return Completion.NOT_STARTED
    if not has_evidence:
        return Completion.NO_EVIDENCE
    if progress >= 100:
        return Completion.COMPLETE
    if progress >= 50:
        return Completion.SUBSTANTIAL
    return Completion.LIMITED


_local = threading.local()


@contextmanager
def recomputed_at_end() -> Iterator[None]:
    """Within the block ``recompute_commitment`` and ``recompute_plan`` only note the commitment or the
    plan; at its end each commitment noted is recomputed once, in the order first noted, then each plan
    noted (or holding a commitment noted) once (the numbers depend only on the rows as they then are).
    For code that writes a commitment's milestones and progress many times over and reads neither its
    progress nor its plan's meanwhile (a demo loader, an import). Nested blocks recompute at the
    outermost's end."""
    if getattr(_local, "pending", None) is not None:
        yield
        return
    pending = _local.pending = {}
    plans = _local.plans = {}
    try:
        yield
    finally:
        _local.pending = _local.plans = None
    if connection.in_atomic_block and connection.needs_rollback:
        return  # marked for rollback (a dry run): nothing to store, and no query may run
    for commitment_id in pending:
        try:
            _progress, plan_id = _store_commitment(commitment_id)
        except Commitment.DoesNotExist:  # written in a savepoint since rolled back (an import's failed row)
            continue
        plans.setdefault(plan_id, None)
    for plan_id in plans:
        recompute_plan(plan_id)


def recompute_commitment(commitment_id: int) -> Decimal | None:
    """Store the commitment's progress and completion, then its plan's. Runs in the caller's transaction.

    Uses ``update()``: derived numbers do not bump the edit version (no false edit conflicts) and
    do not flood the history; the progress reports are the record of how progress moved. Inside
    ``recomputed_at_end()`` it only notes the commitment (and returns None).
    """
    pending = getattr(_local, "pending", None)
    if pending is not None:
        pending[commitment_id] = None
        return None
    progress, plan_id = _store_commitment(commitment_id)
    recompute_plan(plan_id)
    return progress


def _store_commitment(commitment_id: int) -> tuple[Decimal, int]:
    """Store the commitment's progress and completion; return the progress and the plan's id."""
    milestones = Milestone.objects.filter(commitment_id=commitment_id).exclude(status=MilestoneStatus.CANCELLED)
    progress = weighted(list(milestones.values_list("weight", "progress")))
    has_evidence = Evidence.objects.filter(milestone__commitment_id=commitment_id, milestone__is_deleted=False).exists()
    Commitment.all_objects.filter(pk=commitment_id).update(
        progress=progress, completion=completion_for(progress, has_evidence)
    )
    return progress, Commitment.all_objects.filter(pk=commitment_id).values_list("plan_id", flat=True).get()


def recompute_plan(plan_id: int) -> Decimal | None:
    """Store the plan's progress. Inside ``recomputed_at_end()`` it only notes the plan (and returns None)."""
    plans = getattr(_local, "plans", None)
    if plans is not None:
        plans[plan_id] = None
        return None
    progress = weighted(list(Commitment.objects.filter(plan_id=plan_id).values_list("weight", "progress")))
    ActionPlan.all_objects.filter(pk=plan_id).update(progress=progress)
    return progress
