"""Who may do what in the course.

Everything is scoped to a cohort (a ``program.ProgramPhase``) and, for grading, to the fellow's state:
``scope_of(obj)`` says which cohort and state an object belongs to, and the facts below compare
that with the person's roles. Staff of a cohort are coordinators and the facilitators assigned
to it (a facilitator with no phase or state serves every cohort or state). A fellow belongs to
exactly the cohort of their fellow role; another fellow's work is never theirs to see.
"""

from __future__ import annotations

from dataclasses import dataclass

from apertus.accounts.models import Role
from apertus.accounts.rules import is_authenticated, is_coordinator
from apertus.accounts.selectors import has_role, roles_of
from apertus.core.permissions import add_rule, always_allow, predicate


@dataclass(frozen=True)
class FellowScope:
    """A fellow in a cohort: what staff act on when they grade, excuse or record attendance."""

    phase_id: int
    state_id: int | None
    fellow_id: int | None = None


def scope_of(obj) -> tuple[int | None, int | None]:
    """(phase id, state id) of a learning object; state is None where the object is cohort-wide."""
    name = obj.__class__.__name__ if obj is not None else ""
    if name == "FellowScope":
        return obj.phase_id, obj.state_id
    if name in {"Course"}:
        return obj.phase_id, None
    if name in {"Seminar", "Grade", "Certificate"}:
        return obj.program.phase_id, getattr(obj, "state_id", None)
    if name == "Module":
        return obj.program.phase_id, None
    if name == "Session":
        return obj.module.program.phase_id, None
    if name == "Activity":
        return obj.session.module.program.phase_id, None
    if name == "Submission":
        return obj.activity.session.module.program.phase_id, obj.state_id
    if name == "Attempt":
        phase_id = obj.activity.session.module.program.phase_id
        assignment = fellow_assignment(obj.fellow, phase_id)
        return phase_id, assignment.state_id if assignment else None
    return None, None


def fellow_assignment(user, phase_id):
    """The person's current fellow role in that cohort (exact match: a fellow has one cohort)."""
    if phase_id is None:
        return None
    for assignment in roles_of(user):
        if assignment.role == Role.FELLOW and assignment.phase_id == phase_id:
            return assignment
    return None


@predicate
def is_cohort_fellow(user, obj):
    phase_id, _state_id = scope_of(obj)
    return fellow_assignment(user, phase_id) is not None


@predicate
def is_cohort_staff(user, obj):
    """Coordinators, and facilitators of the cohort (and of the state, where the object has one)."""
    if is_coordinator(user, obj):
        return True
    phase_id, state_id = scope_of(obj)
    return phase_id is not None and has_role(user, Role.FACILITATOR, phase_id=phase_id, state_id=state_id)


@predicate
def is_owner(user, obj):
    owner_id = getattr(obj, "fellow_id", None)
    return bool(user and user.is_authenticated and owner_id is not None and owner_id == user.pk)


@predicate
def is_team_member(user, obj):
    """For a team deliverable: a fellow of the same cohort and state as the team."""
    if not getattr(obj, "is_team", False):
        return False
    phase_id, state_id = scope_of(obj)
    assignment = fellow_assignment(user, phase_id)
    return assignment is not None and state_id is not None and assignment.state_id == state_id


@predicate
def is_published_program(user, obj):
    return bool(obj is not None and getattr(obj, "is_published", False))


cohort_member = is_cohort_fellow | is_cohort_staff

# The outline (titles and dates) and the grading methodology are public once published.
add_rule("learning.view_outline", is_published_program | cohort_member)
# The course itself: activities, seminars, its own progress.
add_rule("learning.view_course", is_authenticated & cohort_member)
add_rule("learning.take_activity", is_authenticated & is_cohort_fellow)
add_rule("learning.view_own_grades", is_authenticated & is_cohort_fellow)
add_rule("learning.view_attempt", is_authenticated & (is_owner | is_cohort_staff))
add_rule("learning.view_submission", is_authenticated & (is_owner | is_team_member | is_cohort_staff))
# ``obj``: a Submission, or a FellowScope for the fellow concerned.
add_rule("learning.grade_fellow", is_authenticated & is_cohort_staff)
add_rule("learning.view_gradebook", is_authenticated & is_cohort_staff)
# Extensions and exemptions (``obj``: a FellowScope) and the cohort's late-join rule (``obj``: a Course).
add_rule("learning.grant_exception", is_authenticated & is_cohort_staff)
add_rule("learning.set_late_join_rule", is_authenticated & is_cohort_staff)
add_rule("learning.record_attendance", is_authenticated & is_cohort_staff)
add_rule("learning.change_course", is_coordinator)
# Building the cohort's course (modules, sessions, activities, quizzes, rubrics, seminars; ``obj``: the
# Course or a part of it): its staff, as for the late-join rule. The program itself (weights, pass
# mark, publication) stays with coordinators (``change_course``).
add_rule("learning.build_course", is_authenticated & is_cohort_staff)
add_rule("learning.issue_certificate", is_coordinator)
add_rule("learning.view_certificate", is_authenticated & (is_owner | is_cohort_staff))
add_rule("learning.verify_certificate", always_allow)
