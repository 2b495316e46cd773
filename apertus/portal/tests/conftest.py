"""Public and private records side by side, for the feeds and the sitemap."""

import pytest
from django.utils import timezone

from apertus.core.testing import data_kept_copy
from apertus.moderation.services import content_hide
from apertus.participation import services as participation_services
from apertus.participation.tests.conftest import build_process, propose
from apertus.plans.models import PlanStatus
from apertus.plans.services import progress_report
from apertus.plans.tests.conftest import build_plan
from apertus.stl.tests.conftest import build_stl

SECRET = "secreto"


@pytest.fixture
def world(db, people):
    """Made once a day (the STLs' sessions are counted back from today), then its rows written back in the
    test's transaction (core/testing.py: ``data_kept_copy``)."""
    return data_kept_copy(f"portal world {timezone.localdate()}", lambda: _world_made(people))


def _world_made(people) -> dict:
    public = build_plan("20", commitments=1, milestones=1, status=PlanStatus.COCREATION)
    public.commitments.update(title="Compromiso visible de agua")
    draft = build_plan("26", commitments=1, milestones=1, status=PlanStatus.DRAFT)
    draft.commitments.update(title=f"Compromiso {SECRET} en borrador")
    for plan in (public, draft):
        progress_report(
            actor=None, milestone=plan.commitments.get().milestones.first(), progress=10, status="en_proceso"
        )
    process = build_process(public)
    shown = propose(process, people["citizen"], title="Propuesta visible")
    hidden = propose(process, people["citizen"], title=f"Propuesta {SECRET} oculta")
    for proposal in (shown, hidden):
        participation_services.proposal_respond(
            actor=people["coordinator"], proposal=proposal, kind="no_incorporada", reason=f"Razones de {proposal.title}"
        )
    content_hide(actor=people["coordinator"], obj=hidden, reason="Contenido ofensivo")
    build_stl("20", published=True, sessions_ago=(10,))
    build_stl("26", published=False, sessions_ago=(5,))
    return {"public": public, "draft": draft, "process": process}
