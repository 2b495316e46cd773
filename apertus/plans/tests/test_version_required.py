"""An edit that leaves out the version it was based on is refused (409 page, 422 in the API), never applied."""

from apertus.accounts.tokens import token_create
from apertus.core.testing import client_for
from apertus.plans import services
from apertus.plans.models import ActionPlan, Commitment, Milestone


def _commitment_form(stl, c):
    form = stl.get(f"/planes/compromisos/{c.pk}/editar/").context["form"]
    data = {
        k: v for k, v in form.initial.items() if v is not None and k not in ("targets", "co_responsible", "version")
    }
    data.update(
        {
            "primary_goal": c.primary_goal_id,
            "lead_institution": c.lead_institution_id,
            "start_date": "2025-01-01",
            "end_date": "2027-12-31",
            "weight": 1,
        }
    )
    return data


def test_a_commitment_edit_without_version_does_not_overwrite(people, oaxaca_plan):
    c = oaxaca_plan.commitments.first()
    stl = client_for(people["stl_oaxaca"])
    data = _commitment_form(stl, c)
    services.commitment_update(
        actor=people["coordinator"], commitment=c, expected_version=c.version, title="Título de la coordinación"
    )
    response = stl.post(f"/planes/compromisos/{c.pk}/editar/", {**data, "title": "Título del STL"})
    assert response.status_code == 409
    assert "Falta la versión" in response.content.decode()
    assert Commitment.objects.get(pk=c.pk).title == "Título de la coordinación"


def test_plan_milestone_and_progress_forms_without_version_are_refused(people, oaxaca_plan):
    stl = client_for(people["stl_oaxaca"])
    plan = oaxaca_plan
    milestone = plan.commitments.first().milestones.first()
    plan_url = f"/planes/{plan.state.slug}/{plan.edition}/editar/"
    response = stl.post(
        plan_url,
        {
            "title": "Sin versión",
            "period_start": plan.period_start.isoformat(),
            "period_end": plan.period_end.isoformat(),
            "summary": "x",
        },
    )
    assert response.status_code == 409
    assert ActionPlan.objects.get(pk=plan.pk).title != "Sin versión"
    form = stl.get(f"/planes/hitos/{milestone.pk}/editar/").context["form"]
    data = {k: v for k, v in form.initial.items() if v is not None and k != "version"}
    data.update(
        {
            "title": "Hito sin versión",
            "start_date": milestone.start_date.isoformat(),
            "end_date": milestone.end_date.isoformat(),
        }
    )
    if milestone.responsible_id:
        data["responsible"] = milestone.responsible_id
    assert stl.post(f"/planes/hitos/{milestone.pk}/editar/", data).status_code == 409
    assert Milestone.objects.get(pk=milestone.pk).title != "Hito sin versión"
    response = stl.post(f"/planes/hitos/{milestone.pk}/avance/", {"progress": 70, "status": "en_proceso"})
    assert response.status_code == 409
    assert Milestone.objects.get(pk=milestone.pk).progress == milestone.progress
    assert milestone.reports.count() == 0


def test_the_api_requires_the_version(client, people, oaxaca_plan):
    milestone = oaxaca_plan.commitments.first().milestones.first()
    _, raw = token_create(user=people["stl_oaxaca"], name="t")
    response = client.post(
        f"/api/plans/milestones/{milestone.pk}/progress",
        {"progress": 70, "status": "en_proceso"},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {raw}",
    )
    assert response.status_code == 422
    assert "version" in response.content.decode()
    assert Milestone.objects.get(pk=milestone.pk).progress == milestone.progress
    schema = client.get("/api/openapi.json").json()["components"]["schemas"]["ProgressIn"]
    assert "version" in schema["required"]
