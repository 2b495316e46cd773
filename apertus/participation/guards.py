"""The conditions co-creation adds to the plan lifecycle (``plans.lifecycle.add_guard``), connected once
from ``ParticipationConfig.ready``.
"""

from __future__ import annotations

from django.utils.translation import ngettext

from apertus.participation.models import Process
from apertus.participation.selectors import unanswered_count
from apertus.plans.lifecycle import add_guard
from apertus.plans.models import PlanStatus


def every_proposal_answered(plan) -> str | None:
    """OGP co-creation standard 4: a plan is not published while a proposal waits for its answer."""
    process = Process.objects.filter(plan=plan).first()
    if process is None:
        return None
    missing = unanswered_count(process)
    if not missing:
        return None
    return ngettext(
        "%(n)d propuesta ciudadana no tiene respuesta razonada.",
        "%(n)d propuestas ciudadanas no tienen respuesta razonada.",
        missing,
    ) % {"n": missing}


def connect() -> None:
    add_guard(PlanStatus.PUBLISHED, every_proposal_answered)
