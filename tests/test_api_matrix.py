"""The public API × every role, on the demo data: what is published answers to everyone, drafts and
private records to no one, and the calls that need a token answer 401 to a browser session.

The API authenticates no one through the browser session (``TokenAuth`` for the few private calls),
so every role gets the same answer from a public endpoint: a session does not open a draft.
"""

from __future__ import annotations

import pytest

from apertus.core.testing import assert_matrix, demo_data_load, everyone, make_people


@pytest.fixture
def demo(db):
    demo_data_load()
    return make_people()


def test_public_read_endpoints_answer_everyone_the_same(demo):
    from apertus.calls.models import Call
    from apertus.calls.selectors import published_calls
    from apertus.documents.selectors import public_documents
    from apertus.organizations.models import Organization
    from apertus.participation.models import Process
    from apertus.plans.models import Milestone
    from apertus.plans.selectors import public_plans
    from apertus.territories.models import State

    milestone = Milestone.objects.filter(commitment__plan__in=public_plans()).order_by("pk").first()
    commitment = milestone.commitment
    call = published_calls().filter(results_published_at__isnull=False).first()
    unpublished_results = published_calls().filter(results_published_at__isnull=True).first()
    draft_call = Call.objects.filter(is_published=False).first()
    organization = Organization.objects.order_by("pk").first()
    process = Process.objects.filter(plan__in=public_plans()).order_by("pk").first()
    document = public_documents().first()
    state = State.objects.get(code="20")
    assert call and unpublished_results and organization and process and document  # the demo holds each

    api = "/api"
    public = [
        f"{api}/commitments",
        f"{api}/proposals",
        f"{api}/plans/commitments/{commitment.pk}",
        f"{api}/plans/commitments/{commitment.pk}/milestones",
        f"{api}/plans/commitments/{commitment.pk}/reports",
        f"{api}/plans/milestones/{milestone.pk}",
        f"{api}/plans/{commitment.plan_id}/commitments",
        f"{api}/states/{state.slug}",
        f"{api}/states/{state.slug}/municipalities",
        f"{api}/organizations/",
        f"{api}/organizations/{organization.slug}",
        f"{api}/program/partners",
        f"{api}/program/phases",
        f"{api}/stl/",
        f"{api}/calls/",
        f"{api}/calls/{call.slug}",
        f"{api}/calls/{call.slug}/results",
        f"{api}/comments/?target=plans.commitment&id={commitment.pk}",
        f"{api}/documents/{document.uuid}",
        f"{api}/forums/news",
        f"{api}/forums/blog",
        f"{api}/forums/",
        f"{api}/terms/sdg_goal",
        f"{api}/sdg/matrix",
        f"{api}/participation/processes/{process.pk}",
        f"{api}/learning/certificates/verify?code=NO-EXISTE",
    ]
    hidden = [
        f"{api}/calls/{unpublished_results.slug}/results",
        f"{api}/documents/00000000-0000-0000-0000-000000000000",
        f"{api}/comments/?target=auth.user&id=1",
    ]
    if draft_call is not None:
        hidden += [f"{api}/calls/{draft_call.slug}", f"{api}/calls/{draft_call.slug}/results"]
    matrix = {("GET", url): everyone(200) for url in public}
    matrix |= {("GET", url): everyone(404) for url in hidden}
    assert_matrix(demo, matrix)


def test_a_draft_plan_answers_no_one(demo):
    from apertus.plans.models import PlanStatus
    from apertus.plans.tests.conftest import build_plan

    draft = build_plan("26", status=PlanStatus.DRAFT, edition=2030)
    commitment = draft.commitments.first()
    milestone = commitment.milestones.first()
    urls = [
        f"/api/plans/{draft.pk}/commitments",
        f"/api/plans/commitments/{commitment.pk}",
        f"/api/plans/commitments/{commitment.pk}/milestones",
        f"/api/plans/commitments/{commitment.pk}/reports",
        f"/api/plans/milestones/{milestone.pk}",
    ]
    assert_matrix(demo, {("GET", url): everyone(404) for url in urls})


def test_private_calls_need_a_token(demo):
    from apertus.plans.models import Milestone
    from apertus.surveys.models import Questionnaire

    milestone = Milestone.objects.order_by("pk").first()
    questionnaire = Questionnaire.objects.order_by("pk").first()
    matrix = {
        ("POST", f"/api/plans/milestones/{milestone.pk}/progress"): everyone(401),
        ("GET", f"/api/surveys/{questionnaire.pk}/results"): everyone(401),
    }
    assert_matrix(demo, matrix)
