"""Helpers the learning views share: find or refuse."""

from __future__ import annotations

from django.http import Http404

from apertus.core.permissions import need
from apertus.learning import selectors


def course_or_404(year: int):
    program = selectors.course_get(year=year)
    if program is None:
        raise Http404
    return program


def visible_activity(request, pk: int):
    """The activity, for the cohort's fellows and staff; 403 to anyone else."""
    activity = selectors.activity_get(pk=pk)
    if activity is None:
        raise Http404
    need(request.user, "learning.view_course", activity)
    return activity
