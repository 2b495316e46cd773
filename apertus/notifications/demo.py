"""Demo follows and notifications: the demo citizen follows their state, its plan and a commitment.

Their inbox then holds the latest progress of that plan, as the messenger sends it. Idempotent:
follows are unique and each progress report notifies a person once.
"""

from __future__ import annotations

from apertus.accounts.models import User
from apertus.notifications.hooks import progress_reported
from apertus.notifications.services import follow

DEMO_CITIZEN = "ciudadania@demo.apertus.mx"


def notifications_demo_load() -> int:
    """Returns how many new notifications it created (0 on a second run)."""
    from apertus.plans.models import ProgressReport
    from apertus.plans.selectors import current_plan_by_state

    citizen = User.objects.filter(email=DEMO_CITIZEN, is_active=True).select_related("state").first()
    if citizen is None or citizen.state is None:
        return 0
    follow(user=citizen, obj=citizen.state)
    plan = current_plan_by_state().get(citizen.state_id)
    if plan is None:
        return 0
    follow(user=citizen, obj=plan)
    commitment = plan.commitments.order_by("number").first()
    if commitment is not None:
        follow(user=citizen, obj=commitment)
    reports = (ProgressReport.objects.filter(commitment__plan=plan, commitment__is_deleted=False)
               .select_related("milestone").order_by("-created_at", "-id")[:5])
    return sum(progress_reported(report) for report in reversed(list(reports)))
