"""Processes built through the services, with phases placed around this moment."""

from datetime import timedelta

import pytest
from django.utils import timezone

from apertus.participation import services
from apertus.participation.models import Action, PhaseKind
from apertus.plans.models import PlanStatus
from apertus.plans.tests.conftest import build_plan_kept

ALL_ACTIONS = list(Action.values)
# Where the one phase sits relative to now, in days: (start, end).
WHEN = {"before": (2, 10), "during": (-1, 1), "after": (-10, -2)}


def at(days: float):
    return timezone.now() + timedelta(days=days)


def build_process(plan, *, phases=((PhaseKind.PROPOSALS, "during", ALL_ACTIONS),)):
    """A process for ``plan``; each phase is (kind, "before"|"during"|"after", actions)."""
    process = services.process_create(
        actor=None, plan=plan, title=f"Cocreación {plan.state}", description="Proceso de prueba"
    )
    for kind, when, actions in phases:
        start, end = WHEN[when]
        services.phase_create(
            actor=None,
            process=process,
            kind=kind,
            name=f"Fase {PhaseKind(kind).label}",
            starts_at=at(start),
            ends_at=at(end),
            actions=list(actions),
        )
    return process


def moment_in(when: str):
    """A moment inside the phase placed at ``when`` (to replay an action that happened then)."""
    start, end = WHEN[when]
    return at((start + end) / 2)


def propose(process, author, *, when="during", **fields):
    data = {"title": "Agua limpia en mi colonia", "problem": "No hay agua", "solution": "Publicar los datos"} | fields
    return services.proposal_create(actor=author, process=process, now=moment_in(when), **data)


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    from django.core.cache import cache

    cache.clear()  # proposal posts are counted per person in the cache
    yield
    cache.clear()


@pytest.fixture
def cocreation_plan(db):
    return build_plan_kept("20", commitments=1, milestones=1, status=PlanStatus.COCREATION)


@pytest.fixture
def process(cocreation_plan):
    return build_process(cocreation_plan)
