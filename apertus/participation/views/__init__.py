from apertus.participation.views.manage import phase_create, phase_delete, phase_edit, process_manage  # noqa: F401
from apertus.participation.views.public import (  # noqa: F401
    process_detail,
    process_list,
    proposal_create,
    proposal_detail,
    proposal_respond,
    support_add,
    support_withdraw,
)
