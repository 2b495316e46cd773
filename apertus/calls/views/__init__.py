from apertus.calls.views.apply import application, cv_delete, my_applications, step, submit  # noqa: F401
from apertus.calls.views.authoring import (  # noqa: F401
    call_edit,
    call_new,
    call_preview,
    call_publish,
    evaluator_remove,
    evaluators,
    file_remove,
)
from apertus.calls.views.manage import (  # noqa: F401
    agreement,
    application_detail,
    apply_proposal,
    assign_evaluations,
    assign_interviews,
    confirm,
    extend,
    manage,
    publish_results,
    ranking,
    select,
    selection,
)
from apertus.calls.views.public import call_detail, call_list, methodology, results  # noqa: F401
from apertus.calls.views.review import evaluation, evaluator_home, interview  # noqa: F401
