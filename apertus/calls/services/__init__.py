"""Writes for calls, applications, review and selection (see the modules of this package)."""

from apertus.calls.services.applications import (  # noqa: F401
    application_consent,
    application_start,
    application_submit,
    application_update,
    application_upload_proof,
    cv_entry_add,
    cv_entry_delete,
)
from apertus.calls.services.calls import (  # noqa: F401
    call_create,
    call_defaults_ensure,
    call_extend_deadline,
    call_file_add,
    call_file_remove,
    call_publish,
    call_update,
    config_locks,
    criterion_delete,
    criterion_set,
    question_delete,
    question_set,
)
from apertus.calls.services.review import (  # noqa: F401
    evaluation_save,
    evaluations_assign,
    evaluator_add,
    evaluator_remove,
    interview_save,
    interviews_assign,
    proof_check,
)
from apertus.calls.services.selection import (  # noqa: F401
    SelectionOutcome,
    application_select,
    results_publish,
    selection_apply_proposal,
    selection_confirm,
)
