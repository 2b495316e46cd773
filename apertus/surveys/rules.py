"""Who may answer, build and read questionnaires.

Cohorts are learning's: the fellows and staff of a questionnaire are those of its ``Course``, as
``apertus.learning.rules`` decides them (``is_cohort_fellow``, ``is_cohort_staff``). ``obj`` is a
``Questionnaire``, or a ``Course`` for listing and creating.

- Fellows of the cohort answer published questionnaires; they never see results.
- Staff of the cohort (coordinators and its facilitators) build questionnaires and read results;
  per-person answers only where the questionnaire is not anonymous.
- A survey about a facilitator is built and read by coordinators; the person it rates reads
  its aggregated results (never per-person answers) and nobody else does.
"""

from __future__ import annotations

from apertus.accounts.rules import is_authenticated, is_coordinator
from apertus.core.permissions import add_rule, predicate
from apertus.learning.rules import is_cohort_fellow, is_cohort_staff
from apertus.surveys.models import Purpose


def _program(obj):
    if obj is None:
        return None
    return obj.program if obj.__class__.__name__ == "Questionnaire" else obj


@predicate
def is_program_fellow(user, obj):
    program = _program(obj)
    return program is not None and is_cohort_fellow(user, program)


@predicate
def is_program_staff(user, obj):
    program = _program(obj)
    return program is not None and is_cohort_staff(user, program)


@predicate
def is_published(user, obj):
    return bool(getattr(obj, "is_published", False))


@predicate
def is_facilitation_survey(user, obj):
    return getattr(obj, "purpose", None) == Purpose.FACILITATION


@predicate
def is_rated_facilitator(user, obj):
    facilitator_id = getattr(obj, "facilitator_id", None)
    return bool(user and user.is_authenticated and facilitator_id is not None and facilitator_id == user.pk)


# Build and read in full: staff of the cohort, except a survey about a facilitator (coordination only).
manages = is_authenticated & is_program_staff & (is_coordinator | ~is_facilitation_survey)

add_rule("surveys.view_list", is_authenticated & (is_program_fellow | is_program_staff))
add_rule("surveys.add_questionnaire", is_authenticated & is_program_staff)
add_rule("surveys.add_facilitator_survey", is_authenticated & is_program_staff & is_coordinator)
add_rule("surveys.change_questionnaire", manages)
add_rule("surveys.view_results", manages)
add_rule("surveys.view_own_rating", is_authenticated & is_facilitation_survey & is_rated_facilitator & ~manages)
add_rule("surveys.answer_questionnaire", is_authenticated & is_program_fellow & is_published)
add_rule("surveys.view_questionnaire", is_authenticated & ((is_program_fellow & is_published) | manages))
