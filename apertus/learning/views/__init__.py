from apertus.learning.views.assignments import (  # noqa: F401
    activity_submissions,
    extension_grant,
    feedback_file,
    submission_detail,
    submission_file,
    submission_grade,
    submission_upload,
)
from apertus.learning.views.builder import (  # noqa: F401
    activity_edit,
    activity_new,
    builder,
    builder_copy,
    builder_preview,
    criterion_edit,
    criterion_new,
    item_delete,
    item_move,
    item_reorder,
    module_edit,
    module_new,
    question_edit,
    question_new,
    seminar_edit,
    seminar_new,
    session_edit,
    session_new,
)
from apertus.learning.views.calendar import course_calendar  # noqa: F401
from apertus.learning.views.certificates import certificate_pdf, certificate_verify, certificates_issue  # noqa: F401
from apertus.learning.views.course import activity_complete, activity_detail, course, index, methodology, outline  # noqa: F401
from apertus.learning.views.grades import (  # noqa: F401
    gradebook,
    gradebook_xlsx,
    late_join_rule,
    my_grades,
    seminar_attendance,
    seminar_detail,
    seminars,
)
from apertus.learning.views.quizzes import attempt_detail, attempt_start  # noqa: F401
