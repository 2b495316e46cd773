"""Exceptions to an activity's closing date, for one fellow: the one place that says what they are.

Two sources, the granted one first:
1. an ``Extension`` row that the cohort's staff granted (a later closing date, or an exemption),
   with its reason and who granted it;
2. the cohort's late-join rule (``Course.late_join_rule``), for an activity that closed before
   the fellow joined (the day their fellow role starts): exempt, or open N days from joining.

Everything that reads a fellow's deadline or whether an activity counts for them (submissions,
quizzes, unlocking, grades, the gradebook, the calendar) asks here.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _

from apertus.accounts.models import Role, RoleAssignment
from apertus.learning.models import Activity, Course, Extension, LateJoinRule


@dataclass(frozen=True)
class Allowance:
    activity_id: int
    exempt: bool
    closes_at: dt.datetime | None
    reason: str
    granted_by: object = None  # None for the cohort's rule
    by_rule: bool = False


def joined_on(program: Course, fellow_ids) -> dict[int, dt.date]:
    """fellow id -> the day their fellow role in the cohort started (one query)."""
    result: dict[int, dt.date] = {}
    for user_id, starts_on in (
        RoleAssignment.objects.filter(role=Role.FELLOW, phase_id=program.phase_id, user_id__in=list(fellow_ids))
        .order_by("starts_on")
        .values_list("user_id", "starts_on")
    ):
        result.setdefault(user_id, starts_on)
    return result


def _by_rule(program: Course, activity_id: int, closes_at: dt.datetime, joined: dt.date) -> Allowance | None:
    joined_at = timezone.make_aware(dt.datetime.combine(joined, dt.time.min))
    if program.late_join_rule == LateJoinRule.NONE or closes_at >= joined_at:
        return None
    if program.late_join_rule == LateJoinRule.EXEMPT:
        return Allowance(activity_id, True, None, _("Ingreso tardío: cerró antes de su ingreso."), by_rule=True)
    new_close = joined_at + dt.timedelta(days=program.late_join_days)
    if new_close <= closes_at:
        return None
    return Allowance(
        activity_id,
        False,
        new_close,
        _("Ingreso tardío: %(n)s días desde su ingreso.") % {"n": program.late_join_days},
        by_rule=True,
    )


def allowances(program: Course, fellow_ids, *, activities=None) -> dict[int, dict[int, Allowance]]:
    """fellow id -> activity id -> Allowance, for the fellows asked: three queries at most.

    ``activities`` (id, closes_at) pairs may be passed by a caller that already loaded them.
    """
    fellow_ids = list(fellow_ids)
    result: dict[int, dict[int, Allowance]] = defaultdict(dict)
    if not fellow_ids:
        return result
    if program.late_join_rule != LateJoinRule.NONE:
        if activities is None:
            activities = list(
                Activity.objects.filter(session__module__program=program, closes_at__isnull=False).values_list(
                    "pk", "closes_at"
                )
            )
        for fellow_id, joined in joined_on(program, fellow_ids).items():
            for activity_id, closes_at in activities:
                allowance = closes_at and _by_rule(program, activity_id, closes_at, joined)
                if allowance:
                    result[fellow_id][activity_id] = allowance
    for row in Extension.objects.filter(
        activity__session__module__program=program, fellow_id__in=fellow_ids
    ).select_related("granted_by"):
        result[row.fellow_id][row.activity_id] = Allowance(
            row.activity_id, row.exempt, row.closes_at, row.reason, granted_by=row.granted_by
        )
    return result


def allowance_for(activity: Activity, fellow) -> Allowance | None:
    fellow_id = getattr(fellow, "pk", fellow)
    program = activity.session.module.program
    pairs = [(activity.pk, activity.closes_at)] if activity.closes_at else []
    return allowances(program, [fellow_id], activities=pairs).get(fellow_id, {}).get(activity.pk)


def closing_for(activity: Activity, fellow) -> dt.datetime | None:
    """When ``fellow`` can no longer hand in or try: their extension's date, else the activity's."""
    allowance = allowance_for(activity, fellow)
    if allowance is not None and not allowance.exempt and allowance.closes_at:
        return allowance.closes_at
    return activity.closes_at


def exempt_ids(program: Course, fellow) -> set[int]:
    fellow_id = getattr(fellow, "pk", fellow)
    return {pk for pk, a in allowances(program, [fellow_id]).get(fellow_id, {}).items() if a.exempt}
