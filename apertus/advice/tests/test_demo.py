"""The demo: a closed, public round on published plans, an open one on plans in co-creation, and assessments."""

from apertus.accounts.demo import demo_people_load
from apertus.advice.demo import advice_demo_load
from apertus.advice.models import CommentStatus, IRMAssessment, ReviewRound, RoundStatus
from apertus.advice.rules import PUBLISHED
from apertus.core.testing import demo_steps_load
from apertus.plans import lifecycle
from apertus.plans.demo import plans_demo_load
from apertus.plans.models import Commitment, PlanStatus
from apertus.program.demo import fellows_demo_load
from apertus.stl.demo import stl_demo_load


def test_demo_rounds_and_assessments(db, settings, tmp_path):
    settings.VAR_DIR = tmp_path
    demo_steps_load(demo_people_load, fellows_demo_load, stl_demo_load, plans_demo_load)  # kept (core/testing.py)
    assert advice_demo_load()
    assert advice_demo_load() == ""  # idempotent
    closed = ReviewRound.objects.filter(status=RoundStatus.CLOSED).select_related("plan")
    opened = ReviewRound.objects.filter(status=RoundStatus.OPEN).select_related("plan")
    assert closed.count() >= 2 and opened.count() >= 2
    assert len({r.plan.state_id for r in ReviewRound.objects.select_related("plan")}) >= 4
    for review in closed:
        assert review.plan.status in PUBLISHED
        assert review.comments.exists()
        assert not review.comments.exclude(status=CommentStatus.ACCEPTED).exists()
    for review in opened:
        assert review.plan.status == PlanStatus.COCREATION
        step = lifecycle.find_step(review.plan.status, PlanStatus.PUBLISHED)
        assert any("asesoría técnica" in reason for reason in lifecycle.blockers(review.plan, step))
    published = Commitment.objects.filter(plan__status__in=PUBLISHED)
    assert published.exists() and IRMAssessment.objects.filter(commitment__in=published).count() == published.count()
