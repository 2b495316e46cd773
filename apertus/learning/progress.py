"""Where a fellow stands: activity locks and progress per session, module and program.

``is_unlocked`` is the only place that decides whether a fellow may work on an activity; every
service that acts on an activity asks it, and the pages show what it says.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apertus.learning.models import Activity, ActivityProgress, ProgressStatus


class ActivityLocked(PermissionDenied):
    """The activity is not open to this fellow yet (previous activities pending, or not open)."""


def completed_ids(fellow, activity_ids: Iterable[int]) -> set[int]:
    return set(
        ActivityProgress.objects.filter(
            fellow=fellow, activity_id__in=list(activity_ids), status=ProgressStatus.COMPLETED
        ).values_list("activity_id", flat=True)
    )


def predecessor_map(program) -> dict[int, list[int]]:
    """activity id -> ids of the activities that must be completed first (one query)."""
    through = Activity.predecessors.through
    result: dict[int, list[int]] = {}
    for from_id, to_id in through.objects.filter(from_activity__session__module__program=program).values_list(
        "from_activity_id", "to_activity_id"
    ):
        result.setdefault(from_id, []).append(to_id)
    return result


def is_unlocked(
    fellow, activity: Activity, *, predecessors: list[int] | None = None, completed: set[int] | None = None, now=None
) -> bool:
    """True when ``fellow`` may work on ``activity``: it has opened and every predecessor is completed
    (or the fellow is exempt from it: see ``allowances``).

    Pages pass ``predecessors`` and ``completed`` (with the exemptions) they loaded once for the
    whole program; services call it bare and it reads what it needs.
    """
    now = now or timezone.now()
    if activity.opens_at and activity.opens_at > now:
        return False
    if predecessors is None:
        predecessors = list(activity.predecessors.values_list("pk", flat=True))
    if not predecessors:
        return True
    if completed is None:
        completed = completed_ids(fellow, predecessors)
        if not all(pk in completed for pk in predecessors):
            from apertus.learning.allowances import exempt_ids

            completed |= exempt_ids(activity.session.module.program, fellow)
    return all(pk in completed for pk in predecessors)


def require_unlocked(fellow, activity: Activity) -> None:
    if not is_unlocked(fellow, activity):
        raise ActivityLocked(_("Esta actividad aún no está disponible: completa primero las actividades previas."))


def validate_predecessors(activity: Activity, predecessors: Iterable[Activity]) -> None:
    """Predecessors belong to the same program, are not the activity itself, and make no cycle."""
    predecessors = list(predecessors)
    program_id = activity.session.module.program_id
    if any(p.pk == activity.pk for p in predecessors):
        raise ValidationError(_("Una actividad no puede ser previa de sí misma."))
    if any(p.session.module.program_id != program_id for p in predecessors):
        raise ValidationError(_("Las actividades previas deben ser del mismo programa."))
    graph = predecessor_map(activity.session.module.program) if activity.pk else {}
    graph[activity.pk] = [p.pk for p in predecessors]
    seen, stack = set(), list(graph[activity.pk])
    while stack:
        current = stack.pop()
        if current == activity.pk:
            raise ValidationError(_("Las actividades previas forman un ciclo."))
        if current not in seen:
            seen.add(current)
            stack.extend(graph.get(current, []))


@dataclass
class Summary:
    done: int = 0
    total: int = 0

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0


def annotate(
    modules,
    *,
    fellow=None,
    statuses: dict[int, str] | None = None,
    predecessors: dict[int, list[int]] | None = None,
    exempt: set[int] | None = None,
    now=None,
) -> Summary:
    """Set ``status``, ``unlocked``, ``exempt`` and ``summary`` on the prefetched modules, sessions
    and activities, and return the program's summary. Without a fellow (staff) nothing is locked.
    An activity the fellow is exempt from unlocks what follows it."""
    statuses = statuses or {}
    predecessors = predecessors or {}
    exempt = exempt or set()
    completed = {pk for pk, s in statuses.items() if s == ProgressStatus.COMPLETED} | exempt
    program_summary = Summary()
    for module in modules:
        module.summary = Summary()
        for session in module.sessions.all():
            session.summary = Summary()
            for activity in session.activities.all():
                activity.status = statuses.get(activity.pk, ProgressStatus.NOT_STARTED)
                activity.status_label = ProgressStatus(activity.status).label
                activity.exempt = activity.pk in exempt
                activity.unlocked = fellow is None or is_unlocked(
                    fellow, activity, predecessors=predecessors.get(activity.pk, []), completed=completed, now=now
                )
                done = activity.status == ProgressStatus.COMPLETED
                for summary in (session.summary, module.summary, program_summary):
                    summary.total += 1
                    summary.done += done
    return program_summary
