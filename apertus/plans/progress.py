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
    """Within the block ``recompute_commitment`` only notes the commitment; at its end each one noted is
    recomputed once, in the order first noted (the numbers depend only on the rows as they then are).
    For code that writes a commitment's milestones and progress many times over and reads neither its
    progress nor its plan's meanwhile (a demo loader). Nested blocks recompute at the outermost's end."""
    if getattr(_local, "pending", None) is not None:
        yield
        return
    pending = _local.pending = {}
    try:
        yield
    finally:
        _local.pending = None
    for commitment_id in pending:
        recompute_commitment(commitment_id)


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
    milestones = Milestone.objects.filter(commitment_id=commitment_id).exclude(status=MilestoneStatus.CANCELLED)
    progress = weighted(list(milestones.values_list("weight", "progress")))
    has_evidence = Evidence.objects.filter(milestone__commitment_id=commitment_id, milestone__is_deleted=False).exists()
    Commitment.all_objects.filter(pk=commitment_id).update(
        progress=progress, completion=completion_for(progress, has_evidence)
    )
    plan_id = Commitment.all_objects.filter(pk=commitment_id).values_list("plan_id", flat=True).get()
    recompute_plan(plan_id)
    return progress


def recompute_plan(plan_id: int) -> Decimal:
    progress = weighted(list(Commitment.objects.filter(plan_id=plan_id).values_list("weight", "progress")))
    ActionPlan.all_objects.filter(pk=plan_id).update(progress=progress)
    return progress
