"""Reads for calls, applications and review (see the modules of this package)."""

from apertus.calls.selectors.agreement import OUTLIER_SHARE, Agreement, agreement  # noqa: F401
from apertus.calls.selectors.applications import (  # noqa: F401
    STEP_SLUGS,
    STEPS,
    Completeness,
    application_for_coordination,
    application_of,
    applications_for_call,
    applications_of_user,
    completeness,
    cv_by_section,
    cv_counts,
    proofs_to_check,
)
from apertus.calls.selectors.calls import (  # noqa: F401
    account_by_email,
    call_evaluators,
    call_get,
    call_is_open,
    call_stage,
    call_time_zone,
    calls_with_results,
    default_states,
    eligible_states,
    methodology,
    published_calls,
    visible_calls,
)
from apertus.calls.selectors.proposal import ProposalView, selection_proposal  # noqa: F401
from apertus.calls.selectors.review import (  # noqa: F401
    Ranked,
    evaluation_get,
    evaluations_for,
    evaluations_pending,
    evaluator_scopes,
    interview_get,
    interviews_for,
    interviews_pending,
    quota_tables,
    ranking,
    results,
    selection_candidates,
)
