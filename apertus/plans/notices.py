"""What the plans app tells the messenger: progress on a followed commitment, plan or state."""

from __future__ import annotations

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from apertus.notifications.events import FOLLOWED_PROGRESS
from apertus.notifications.selectors import followers_of_any
from apertus.notifications.services import notify
from apertus.plans.models import Commitment


def progress_reported(report) -> int:
    """Progress was reported on a milestone: tell who follows its commitment, plan or state.

    Called by ``apertus.plans.services.progress_report`` inside its transaction, so a refused
    report notifies nobody. Only public plans notify (a draft's progress is not public yet).
    Deduplicated by report: the same report never notifies anyone twice.
    """
    commitment = Commitment.all_objects.select_related("plan__state").get(pk=report.commitment_id)
    plan = commitment.plan
    if commitment.is_deleted or not plan.is_public:
        return 0
    with translation.override(settings.LANGUAGE_CODE):  # stored text is in the site's language
        title, body = _progress_text(report, commitment, plan)
    return notify(
        event=FOLLOWED_PROGRESS.name,
        recipients=followers_of_any([commitment, plan, plan.state]),
        title=title,
        body=body,
        url=commitment.get_absolute_url(),
        actor=report.reported_by,
        dedupe_key=f"progress-report:{report.pk}",
        target=commitment,
    )


def _progress_text(report, commitment, plan) -> tuple[str, str]:
    milestone = report.milestone
    title = _("Avance en «%(commitment)s»: %(before)s %% → %(after)s %%") % {
        "commitment": commitment.title,
        "before": report.progress_before,
        "after": report.progress_after,
    }
    lines = [
        _("Hito: %(milestone)s (%(status)s)")
        % {"milestone": milestone.title, "status": report.get_status_after_display()},
        _("Plan: %(plan)s") % {"plan": plan},
    ]
    if report.note:
        lines.append(report.note)
    return title, "\n".join(lines)
