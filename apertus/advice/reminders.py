"""The "round due soon" reminder: what the notifications app's reminder runner sends for technical advice.

``due_reminders`` yields one reminder per open review round due within three days; its ``dedupe_key``
(round and due date) makes running it every hour harmless.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from apertus.advice.models import ReviewRound, RoundStatus
from apertus.advice.selectors import advisor_user_ids, stl_user_ids

DUE_EVENT = "advice_due"
DUE_SOON_DAYS = 3


def due_reminders(now):
    """Open rounds whose due date is within three days: the advisors and the STL hear of it once per due date."""
    today = now.date()
    rounds = ReviewRound.objects.filter(
        status=RoundStatus.OPEN, due_date__gte=today, due_date__lte=today + timedelta(days=DUE_SOON_DAYS)
    ).select_related("plan__state")
    for review in rounds:
        with translation.override(settings.LANGUAGE_CODE):
            title = _("La ronda de revisión de %(plan)s vence el %(due)s") % {
                "plan": review.plan,
                "due": review.due_date.isoformat(),
            }
        yield {
            "event": DUE_EVENT,
            "recipients": set(advisor_user_ids(review.plan_id)) | set(stl_user_ids(review.plan)),
            "title": title,
            "body": "",
            "url": review.get_absolute_url(),
            "dedupe_key": f"advice-due:{review.pk}:{review.due_date.isoformat()}",
            "target": review,
        }
