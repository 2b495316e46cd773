"""``standards_many``: the statuses of several plans at once are those ``plan_standards`` gives each
plan (the same rules decide, from other queries), and its queries do not grow with the plans or
with their proposals, supports and comments."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from apertus.accounts.models import User
from apertus.comments.services import comment_create
from apertus.participation import services
from apertus.participation.standards import plan_standards, standards_many
from apertus.plans.models import PlanStatus
from apertus.plans.tests.conftest import build_plan
from apertus.stl.tests.conftest import build_stl
from apertus.tables.models import Attendance

from .conftest import build_process, propose
from .test_standards import _media, example, person, statuses  # noqa: F401 (fixtures of the worked example)


def both(plans, now=None) -> tuple[dict, dict]:
    many = standards_many(plans, now=now)
    together = {plan.pk: {s.key: s.status for s in many[plan.pk]} for plan in plans}
    alone = {plan.pk: statuses(plan_standards(plan, now=now)) for plan in plans}
    return together, alone


def busy_plan(code: str, n: int, *, sector: str = "sociedad_civil"):
    """A plan in implementation with ``n`` proposals, each supported and commented by a new person."""
    plan = build_plan(code, commitments=1, milestones=1)
    process = build_process(plan)
    commitment = plan.commitments.get()
    for i in range(n):
        author = person(f"autora{i}.{code}@ejemplo.mx", state=code, sector=sector if i % 2 else "")
        fan = person(f"apoyo{i}.{code}@ejemplo.mx", sector="academia" if i % 3 else "")
        proposal = propose(process, author, title=f"Propuesta {i}")
        services.support_add(actor=fan, proposal=proposal)
        comment_create(actor=fan, target=proposal, body="De acuerdo")
        comment_create(actor=author, target=commitment, body="¿Y el avance?")
    return plan


def test_many_plans_get_the_statuses_each_plan_gets(example, people):  # noqa: F811 (the fixture)
    plan = example["plan"]
    sonora = build_plan("26", commitments=1, milestones=1, status=PlanStatus.PUBLISHED)  # no process, no STL
    busy = busy_plan("19", 3)
    build_stl("19", published=False)
    plans = [plan, sonora, busy]
    together, alone = both(plans)
    assert together == alone
    assert together[plan.pk] == {
        "espacio_dialogo": "cumple",
        "repositorio": "cumple",
        "participacion": "cumple",
        "respuesta_razonada": "no_cumple",
        "dialogo_implementacion": "cumple",
    }
    assert together[sonora.pk]["participacion"] == "no_cumple"
    assert together[busy.pk]["espacio_dialogo"] == "no_cumple"  # its STL has no public page
    # Earlier and later: the six-month window, the implementation's age and the sessions move.
    for days in (-120, -30, 200):
        together, alone = both(plans, timezone.now() + timedelta(days=days))
        assert together == alone, days
    # Only citizens without affiliation and the tables' government attendance: in progress, for both.
    User.objects.update(sector="")
    together, alone = both(plans)
    assert together == alone and together[plan.pk]["participacion"] == "en_progreso"
    # No attendance either, and one person of a sector: still in progress; two sectors: met.
    Attendance.objects.all().delete()
    User.objects.filter(email="ana@ejemplo.mx").update(sector="academia")
    together, alone = both(plans)
    assert together == alone and together[plan.pk]["participacion"] == "cumple"


@pytest.mark.django_db
def test_its_queries_do_not_grow_with_the_plans_or_their_data(people):
    def queries(plans) -> int:
        standards_many(plans)  # the content types are read once per process
        with CaptureQueriesContext(connection) as ctx:
            standards_many(plans)
        return len(ctx)

    small = [busy_plan("20", 1, sector="gobierno")]
    build_stl("20")
    before = queries(small)
    large = [*small, busy_plan("19", 6), busy_plan("26", 4, sector="organo_garante")]
    build_stl("26")
    assert queries(large) == before
