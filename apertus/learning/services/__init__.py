"""Writes in the course. Web views, the API, the admin actions and the demo all come through here."""

from apertus.learning.services.assignments import (  # noqa: F401
    closing_for,
    extension_grant,
    submission_grade,
    submission_upload,
)
from apertus.learning.services.builder import (  # noqa: F401
    activity_add,
    activity_delete,
    activity_update,
    course_copy,
    criterion_add,
    criterion_delete,
    criterion_update,
    module_add,
    module_delete,
    module_update,
    position_move,
    positions_set,
    question_add,
    question_delete,
    question_update,
    seminar_add,
    seminar_delete,
    seminar_update,
    session_add,
    session_delete,
    session_update,
)
from apertus.learning.services.course import (  # noqa: F401
    activity_create,
    course_create,
    course_update,
    criterion_create,
    late_join_rule_set,
    module_create,
    question_create,
    seminar_create,
    session_create,
)
from apertus.learning.services.quizzes import (  # noqa: F401
    AttemptExpired,
    attempt_answer,
    attempt_start,
    attempts_close_expired,
    reveals_answers,
)
from apertus.learning.services.records import (  # noqa: F401
    activity_complete,
    attendance_record,
    certificate_html,
    certificate_issue,
    certificate_pdf,
    certificates_issue,
    normalize_code,
)
