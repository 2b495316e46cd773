"""Progress on something I follow: the hook the plans app calls after a progress report."""

import pytest
from django.core import mail

from apertus.notifications.models import Notification
from apertus.notifications.services import follow
from apertus.plans import services as plans
from apertus.plans.models import MilestoneStatus, PlanStatus
from apertus.plans.notices import progress_reported
from apertus.plans.tests.conftest import build_plan

pytestmark = pytest.mark.django_db


def _report(actor, plan, progress=40, note="Se publicó la primera base de datos."):
    milestone = plan.commitments.get().milestones.order_by("number").first()
    return plans.progress_report(
        actor=actor, milestone=milestone, progress=progress, status=MilestoneStatus.IN_PROGRESS, note=note
    )


def test_followers_of_the_commitment_plan_or_state_hear_once(people, django_capture_on_commit_callbacks):
    plan = build_plan("20", commitments=1, milestones=1)
    commitment = plan.commitments.get()
    follow(user=people["citizen"], obj=commitment)
    follow(user=people["citizen"], obj=plan)  # follows two of them: still one notification
    follow(user=people["monitor"], obj=plan.state)
    follow(user=people["fellow_oaxaca"], obj=plan)
    follow(user=people["stl_oaxaca"], obj=commitment)  # the reporter: not told of their own report
    follow(user=people["stl_sonora"], obj=build_plan("26", commitments=1, milestones=1))  # another plan
    with django_capture_on_commit_callbacks(execute=True):
        report = _report(people["stl_oaxaca"], plan)  # the plans service calls the hook itself
    rows = Notification.objects.filter(dedupe_key=f"progress-report:{report.pk}")
    assert {n.recipient for n in rows} == {people["citizen"], people["monitor"], people["fellow_oaxaca"]}
    notice = rows.first()
    assert notice.event == "followed_progress" and notice.target == commitment
    assert notice.url == commitment.get_absolute_url() and notice.actor == people["stl_oaxaca"]
    assert "0 % → 40 %" in notice.title and "Se publicó la primera base de datos." in notice.body
    assert len(mail.outbox) == 3
    with django_capture_on_commit_callbacks(execute=True):
        assert progress_reported(report) == 0  # the same report again: nobody twice
    assert len(mail.outbox) == 3


def test_progress_on_a_draft_plan_notifies_nobody(people):
    draft = build_plan("20", commitments=1, milestones=1, status=PlanStatus.DRAFT, edition=2)
    follow(user=people["citizen"], obj=draft.state)
    follow(user=people["coordinator"], obj=draft)
    report = _report(people["stl_oaxaca"], draft)
    assert Notification.objects.count() == 0
    assert progress_reported(report) == 0
