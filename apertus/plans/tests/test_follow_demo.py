import pytest

from apertus.accounts.services import user_create
from apertus.notifications.models import Follow, Notification
from apertus.plans import services as plans
from apertus.plans.demo import DEMO_CITIZEN
from apertus.plans.demo import follows_demo_load as notifications_demo_load
from apertus.plans.models import MilestoneStatus
from apertus.plans.tests.conftest import build_plan
from apertus.territories.models import State

pytestmark = pytest.mark.django_db


def test_the_demo_citizen_follows_their_state_and_sees_its_progress_once():
    morelos = State.objects.get(code="17")
    assert notifications_demo_load() == 0  # no demo people yet: nothing to do
    citizen = user_create(email=DEMO_CITIZEN, password=None, first_name="Ciro", state=morelos)
    plan = build_plan("17", commitments=1, milestones=2)
    for milestone in plan.commitments.get().milestones.all():
        plans.progress_report(actor=None, milestone=milestone, progress=50, status=MilestoneStatus.IN_PROGRESS)
    assert notifications_demo_load() == 2
    assert notifications_demo_load() == 0
    assert Follow.objects.filter(user=citizen).count() == 3
    assert Notification.objects.filter(recipient=citizen, event="followed_progress").count() == 2
