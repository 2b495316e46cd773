from apertus.calls.models.applications import (  # noqa: F401
    Application,
    ApplicationStatus,
    CVEntry,
    Gender,
    ProofStatus,
    Result,
)
from apertus.calls.models.calls import (  # noqa: F401
    RESERVED_SLUGS,
    Call,
    Evaluator,
    EvaluatorRole,
    InterviewQuestion,
    Quota,
    QuotaDimension,
    RubricCriterion,
)
from apertus.calls.models.review import (  # noqa: F401
    SCALE_MAX,
    SCALE_MIN,
    EvaluationAssignment,
    Interview,
    InterviewAnswer,
    Score,
)
