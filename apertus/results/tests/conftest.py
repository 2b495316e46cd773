"""A small world whose every figure is counted by hand in the tests (see ``World``).

Fellows come from the indicators page's worked example (``cohorts/tests/conftest.build_example``):
2017 has 16 counted fellows (Morelos 4, Oaxaca 5, Sonora 7), 8 completed the course, 5 hold a
certificate; 2018 has 3 (Campeche), none trained.

Plans, built through the services:
- Oaxaca, edition 1, in implementation, with a co-creation process. Commitments: 1 "Contrataciones"
  (target 16.5, value acceso, one milestone reported 100 % with evidence: complete); 2 "Padrón"
  (target 16.6, no value); 3 "Mesas" (no target, value participación). Proposals: 3 shown (2 answered)
  and 1 hidden by moderation (not counted).
- Sonora, edition 1, published, no co-creation process (so no proposals). One commitment (targets
  16.5 and 16.10, no value).
- Morelos: a draft plan with one commitment (never counted).
STLs: Oaxaca published, met 30 days ago; Sonora published, last met 400 days ago; Morelos not published.

So, for the whole program: 15 states; 19 fellows, 8 trained, 5 certified; 2 STLs installed, 1 meeting
the six-month rule; 1 plan co-created, 2 published; 4 commitments, 3 with targets, 2 with values,
2 anti-corruption (16.5), 1 complete; progress (33.33 + 0) / 2 = 16.7 %; 3 proposals, 2 answered.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

import pytest
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.utils import timezone

from apertus.cohorts.tests.conftest import build_example
from apertus.core.testing import data_kept_copy
from apertus.organizations.models import OrganizationType
from apertus.organizations.services import organization_ensure
from apertus.participation.models import Process, Proposal, Response, ResponseKind
from apertus.plans import services as plans
from apertus.plans.models import MilestoneStatus, PlanStatus
from apertus.stl import services as stl_services
from apertus.taxonomy.models import Scheme, Term
from apertus.territories.models import State

PATH = [PlanStatus.COCREATION, PlanStatus.PUBLISHED, PlanStatus.IMPLEMENTATION]
PERIOD = (date(2025, 1, 1), date(2027, 12, 31))


def terms(scheme, *codes):
    return list(Term.objects.filter(scheme=scheme, code__in=codes))


def make_plan(code: str):
    state = State.objects.get(code=code)
    plan = plans.plan_create(
        actor=None, state=state, title=f"Plan de {state.short_name}", period_start=PERIOD[0], period_end=PERIOD[1]
    )
    return plan, state


def add_commitment(plan, state, title, *, target_codes=(), value_codes=(), goal="16"):
    lead = organization_ensure(
        name=f"Gobierno de {state.short_name} (prueba)", type=OrganizationType.GOVERNMENT, state=state
    )
    civil = organization_ensure(
        name=f"Colectivo de {state.short_name} (prueba)", type=OrganizationType.CIVIL_SOCIETY, state=state
    )
    values = [(t, "Justificación.") for t in terms(Scheme.OGP_VALUE, *value_codes)]
    commitment = plans.commitment_create(
        actor=None,
        plan=plan,
        title=title,
        problem="Problema",
        objective="Objetivo",
        primary_goal=Term.objects.get(scheme=Scheme.SDG_GOAL, code=goal),
        lead_institution=lead,
        start_date=PERIOD[0],
        end_date=PERIOD[1],
        targets=terms(Scheme.SDG_TARGET, *target_codes),
        values=values,
        co_responsible=[civil],
    )
    milestone = plans.milestone_create(
        actor=None, commitment=commitment, title="Hito", start_date=PERIOD[0], end_date=date(2026, 6, 30)
    )
    return commitment, milestone


def advance(plan, status):
    for step in PATH[: PATH.index(status) + 1]:
        plan = plans.plan_transition(actor=None, plan=plan, target=step)
    return plan


def add_proposals(process, n: int, *, answered: int = 0, hidden: int = 0, prefix="Propuesta"):
    made = []
    for i in range(n):
        proposal = Proposal.objects.create(
            process=process, title=f"{prefix} {i}", problem="P", solution="S", is_hidden=i < hidden
        )
        if hidden <= i < hidden + answered:
            Response.objects.create(proposal=proposal, kind=ResponseKind.INCORPORATED, reason="Razones.")
        made.append(proposal)
    return made


def meet(stl, days_ago: int):
    day = timezone.localdate() - timedelta(days=days_ago)
    return stl_services.session_create(
        actor=None,
        stl=stl,
        starts_at=timezone.make_aware(datetime.combine(day, time(10))),
        place="Sala",
        agenda="Orden del día",
    )


@dataclass
class World:
    example: object
    oaxaca: object
    sonora: object
    morelos: object
    process: object
    commitments: list


def build_world() -> World:
    example = build_example()
    oaxaca, oax = make_plan("20")
    c1, m1 = add_commitment(oaxaca, oax, "Contrataciones abiertas", target_codes=["16.5"], value_codes=["acceso"])
    c2, _m2 = add_commitment(oaxaca, oax, "Padrón de beneficiarios", target_codes=["16.6"])
    c3, _m3 = add_commitment(oaxaca, oax, "Mesas ciudadanas", value_codes=["participacion"], goal="11")
    oaxaca = advance(oaxaca, PlanStatus.IMPLEMENTATION)
    plans.progress_report(
        actor=None,
        milestone=m1,
        progress=100,
        status=MilestoneStatus.COMPLETED,
        new_evidence=[{"description": "Portal", "url": "https://example.org/datos"}],
    )
    process = Process.objects.create(plan=oaxaca, title="Cocreación")
    add_proposals(process, 4, answered=2, hidden=1)
    sonora, son = make_plan("26")
    c4, _m4 = add_commitment(sonora, son, "Obra pública abierta", target_codes=["16.5", "16.10"])
    sonora = advance(sonora, PlanStatus.PUBLISHED)
    morelos, mor = make_plan("17")
    add_commitment(morelos, mor, "Borrador secreto", target_codes=["16.5"], value_codes=["acceso"])
    for code, published, days in (("20", True, 30), ("26", True, 400), ("17", False, 10)):
        stl = stl_services.stl_create(actor=None, state=State.objects.get(code=code), is_published=published)
        meet(stl, days)
    for plan in (oaxaca, sonora, morelos):
        plan.refresh_from_db()
    return World(example, oaxaca, sonora, morelos, process, [c1, c2, c3, c4])


@pytest.fixture
def world(db):
    """``build_world()`` made once a day (the STLs' meetings are counted back from today), then its rows
    written back in the test's transaction (core/testing.py: ``data_kept_copy``).

    Building through the services reads the content types of what it writes, and Django keeps them for
    the process; written back, nothing reads them. They are read here, all in one query, so that a test
    that counts a page's queries before and after adding data does not count them the first time only
    (a transactional test before it on the same worker forgets them)."""
    cache.clear()
    world = data_kept_copy(f"results world {timezone.localdate()}", build_world)
    ContentType.objects.get_for_models(*apps.get_models())
    return world
