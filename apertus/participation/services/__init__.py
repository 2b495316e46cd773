"""Writes on co-creation. Web views, the API and the demo loader all come through here.

Every citizen action is checked twice on the server: the permission (who) and the open phase
(when, through ``selectors.phase_refusal``). ``now`` exists only so tests and the demo loader can
replay a moment; views never pass it.
"""

from apertus.participation.services.processes import (  # noqa: F401
    phase_create,
    phase_delete,
    phase_update,
    process_create,
    process_update,
)
from apertus.participation.services.proposals import proposal_create, support_add, support_withdraw  # noqa: F401
from apertus.participation.services.responses import proposal_respond  # noqa: F401
