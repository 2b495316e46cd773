"""Writes on action plans. Web views, the API and the importers all come through here."""

from apertus.plans.services.commitments import (  # noqa: F401
    commitment_create,
    commitment_delete,
    commitment_override_completion,
    commitment_restore,
    commitment_update,
)
from apertus.plans.services.milestones import (  # noqa: F401
    evidence_add,
    milestone_create,
    milestone_delete,
    milestone_update,
    progress_report,
)
from apertus.plans.services.plans import plan_create, plan_document_add, plan_transition, plan_update  # noqa: F401
