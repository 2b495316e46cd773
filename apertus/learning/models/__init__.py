from apertus.learning.models.assignments import CriterionScore, Extension, RubricCriterion, Submission
from apertus.learning.models.course import (
    GRADED_KINDS,
    SELF_COMPLETED_KINDS,
    SUBMISSION_KINDS,
    Activity,
    ActivityKind,
    AttemptPolicy,
    Component,
    LateJoinRule,
    Module,
    Program,
    Session,
    embed_origin,
    privacy_embed_url,
)
from apertus.learning.models.quizzes import Attempt, AttemptStatus, Option, Question, QuestionKind, Selection
from apertus.learning.models.records import (
    ActivityProgress,
    AttendanceStatus,
    Certificate,
    Grade,
    ProgressStatus,
    Seminar,
    SeminarAttendance,
)

__all__ = [
    "GRADED_KINDS", "SELF_COMPLETED_KINDS", "SUBMISSION_KINDS",
    "Activity", "ActivityKind", "ActivityProgress", "Attempt", "AttemptPolicy", "AttemptStatus", "AttendanceStatus",
    "Certificate", "Component", "LateJoinRule", "CriterionScore", "Extension", "Grade", "Module", "Option", "Program",
    "ProgressStatus", "Question", "QuestionKind", "RubricCriterion", "Selection", "Seminar", "SeminarAttendance",
    "Session", "Submission", "embed_origin", "privacy_embed_url",
]
