"""Work waiting for each role, built through the apps' own helpers: ``n`` items of every kind."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import timedelta

import pytest
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from apertus.advice.models import AdvisorAssignment, ReviewRound
from apertus.calls.models import EvaluationAssignment
from apertus.calls.tests.conftest import build_call, fill_application, institutions, make_applicant
from apertus.core.testing import data_kept_copy
from apertus.learning import services as learning
from apertus.learning.tests.conftest import build_course, make_fellow, pdf_upload
from apertus.moderation.models import Flag
from apertus.notifications.models import Notification
from apertus.plans.tests.conftest import build_plan


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@dataclass
class World:
    people: dict
    evaluator: object
    fellow: object
    plan: object


def build_world(people, n: int) -> World:
    """``n`` overdue milestones in Oaxaca (and one in Sonora), ``n`` open rounds for the advisor,
    ``n`` applications to score, ``n`` submissions to grade, ``n`` flags, ``n`` unread notices each."""
    plan = build_plan("20", commitments=n, milestones=1)
    build_plan("26", commitments=1, milestones=1)
    advisor, coordinator = people["advisor"], people["coordinator"]
    AdvisorAssignment.objects.create(plan=plan, user=advisor)
    for number in range(1, n + 1):
        review = ReviewRound.objects.create(plan=plan, number=number, due_date=timezone.localdate() + timedelta(days=9))
        review.commitments.set(plan.commitments.all())

    call = build_call()
    [(organization, evaluator)] = institutions(call, count=1)
    for k in range(n):
        application = fill_application(make_applicant(f"aspirante{k}@test.apertus.mx"), call)
        EvaluationAssignment.objects.create(application=application, organization=organization)

    course = build_course()
    phase = course.program.phase
    fellow = make_fellow(phase, "20", "becaria.curso@test.apertus.mx")
    for k in range(n):
        other = make_fellow(phase, "20", f"becario{k}@test.apertus.mx")
        learning.submission_upload(actor=other, activity=course.assignment, upload=pdf_upload())
    people["facilitator"].roles.update(phase=phase)

    commitment_type = ContentType.objects.get_for_model(plan.commitments.first())
    for k, commitment in enumerate(plan.commitments.all()[:n]):
        Flag.objects.create(
            content_type=commitment_type,
            object_id=commitment.pk,
            reporter=people["citizen"],
            reason=f"Motivo {k}",
            state=plan.state,
        )
    for person in people.values():
        if person is None:
            continue
        for k in range(n):
            Notification.objects.create(
                recipient=person,
                event="prueba",
                title=f"Aviso {k}",
                url="/planes/",
                dedupe_key=f"prueba-{person.pk}-{k}",
                batch="b",
            )
    assert coordinator is not None
    return World(people, evaluator, fellow, plan)


def world_kept(people, n: int) -> World:
    """``build_world(people, n)`` made once (per day: due dates and deadlines are counted from today), then
    its rows written back in the test's transaction (core/testing.py: ``data_kept_copy``), with the test's
    own ``people``. The uploaded files are not written back (each test has its own MEDIA_ROOT): the panel
    lists the submissions, it never opens them."""
    world = data_kept_copy(f"dashboard world {n} {timezone.localdate()}", lambda: build_world(people, n))
    return replace(world, people=people)
