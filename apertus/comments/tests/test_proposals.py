"""Comments on proposals follow their process's phase (the gate participation registers)."""

import pytest

from apertus.comments.models import Comment
from apertus.comments.tests.factories import post_data, render_thread
from apertus.core.testing import client_for
from apertus.moderation.registry import state_id_of
from apertus.plans.models import PlanStatus
from apertus.plans.tests.conftest import build_plan_kept

helpers = pytest.importorskip("apertus.participation.tests.conftest")


@pytest.fixture
def plan(db):
    return build_plan_kept("20", commitments=1, milestones=1, status=PlanStatus.COCREATION)


def _proposal(plan, author, actions):
    from apertus.participation.models import PhaseKind

    process = helpers.build_process(plan, phases=[(PhaseKind.PROPOSALS, "during", actions)])
    return helpers.propose(process, author)


def test_comments_open_while_the_phase_allows_them(people, plan):
    proposal = _proposal(plan, people["citizen"], ["propose", "comment"])
    response = client_for(people["fellow_oaxaca"]).post("/comentarios/nuevo/", post_data(proposal, "Apoyo la idea"))
    comment = Comment.objects.get()
    assert response["Location"] == f"{proposal.get_absolute_url()}#comentario-{comment.pk}"
    assert state_id_of(comment) == plan.state_id
    page = client_for(None).get(proposal.get_absolute_url()).content.decode()
    assert 'id="comentarios-titulo"' in page and "Apoyo la idea" in page


def test_comments_closed_when_no_phase_opens_them(people, plan):
    proposal = _proposal(plan, people["citizen"], ["propose"])
    assert client_for(people["fellow_oaxaca"]).post("/comentarios/nuevo/", post_data(proposal)).status_code == 403
    assert not Comment.objects.exists()
    assert "Ninguna fase de este proceso permite comentar." in render_thread(proposal, people["fellow_oaxaca"])
