"""Plans built through the services, as the app builds them."""

from datetime import date

import pytest
from django.db import transaction
from django.utils import timezone

from apertus.core.testing import data_kept_copy
from apertus.organizations.models import Organization, OrganizationType
from apertus.organizations.services import organization_ensure
from apertus.plans import services
from apertus.plans.models import PlanStatus
from apertus.plans.progress import recomputed_at_end
from apertus.search import index as search_index
from apertus.taxonomy.models import Scheme, Term
from apertus.territories.models import State

PATH = [PlanStatus.COCREATION, PlanStatus.PUBLISHED, PlanStatus.IMPLEMENTATION]


def build_plan(state_code="20", *, commitments=2, milestones=2, status=PlanStatus.IMPLEMENTATION, edition=None):
    state = State.objects.get(code=state_code)
    goal = Term.objects.get(scheme=Scheme.SDG_GOAL, code="16")
    lead = Organization.objects.filter(state=state, type=OrganizationType.GOVERNMENT).first() or organization_ensure(
        name=f"Gobierno de {state}", type=OrganizationType.GOVERNMENT, state=state
    )
    civil = organization_ensure(
        name=f"Colectivo de prueba de {state}", type=OrganizationType.CIVIL_SOCIETY, state=state
    )
    plan = services.plan_create(
        actor=None,
        state=state,
        title=f"Plan de prueba {state}",
        edition=edition,
        period_start=date(2025, 1, 1),
        period_end=date(2027, 12, 31),
    )
    targets = list(Term.objects.filter(scheme=Scheme.SDG_TARGET, code__in=["16.6", "16.10"]))
    # As an import does: the search index written once, at the end, and each commitment's progress
    # recomputed once, instead of both again after every commitment, milestone and step (the same rows).
    with transaction.atomic(), search_index.deferred():
        with recomputed_at_end():
            for n in range(commitments):
                commitment = services.commitment_create(
                    actor=None,
                    plan=plan,
                    title=f"Compromiso {n + 1}",
                    problem="Problema",
                    objective="Objetivo",
                    primary_goal=goal,
                    lead_institution=lead,
                    start_date=date(2025, 1, 1),
                    end_date=date(2027, 12, 31),
                    co_responsible=[civil],
                    targets=targets,
                )
                for m in range(milestones):
                    services.milestone_create(
                        actor=None,
                        commitment=commitment,
                        title=f"Hito {m + 1}",
                        start_date=date(2025, 1, 1),
                        end_date=date(2026, 6, 30),
                        weight=m + 1,
                    )
        if status != PlanStatus.DRAFT:
            for step in PATH[: PATH.index(status) + 1] if status in PATH else PATH + [status]:
                plan = services.plan_transition(actor=None, plan=plan, target=step)
    plan.refresh_from_db()
    return plan


def build_plan_kept(state_code="20", **options):
    """``build_plan(state_code, **options)`` for a fixture: built through the services the first time from
    a given starting point, its rows written back after that (``data_kept_copy``, keyed by the arguments
    and today's date, as the plan's history is dated); each caller gets its own copy of the plan.

    For fixtures, whose starting point is the same from one test to the next: a starting point is told
    from another only by how many rows each table holds, and the tables the build changed are put back
    whole. A test body that has written rows of its own calls ``build_plan``.
    """
    name = f"build_plan {state_code} {sorted(options.items())} {timezone.localdate()}"
    return data_kept_copy(name, lambda: build_plan(state_code, **options))


@pytest.fixture
def oaxaca_plan(db):
    return build_plan_kept("20")


@pytest.fixture
def sonora_plan(db):
    return build_plan_kept("26")


@pytest.fixture
def oaxaca_draft(db):
    return build_plan_kept("20", status=PlanStatus.DRAFT, edition=2)
