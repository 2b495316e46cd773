from apertus.plans.views.manage import (  # noqa: F401
    commitment_create,
    commitment_delete,
    commitment_edit,
    commitment_override,
    commitment_restore,
    milestone_create,
    milestone_edit,
    plan_create,
    plan_document_add,
    plan_edit,
    plan_transition,
    progress_report,
    trash,
)
from apertus.plans.views.public import commitment_detail, plan_detail, plan_list  # noqa: F401
