import pytest

from apertus.core.testing import assert_inert, assert_matrix, client_for, everyone, only
from apertus.plans import services
from apertus.plans.models import Commitment

from .conftest import build_plan

OAXACA_EDITORS = ["stl_oaxaca", "coordinator"]


def test_permission_matrix_over_plan_views(people, oaxaca_plan, oaxaca_draft, sonora_plan):
    c = oaxaca_plan.commitments.first()
    m = c.milestones.first()
    d = oaxaca_draft.commitments.first()
    anon_redirect = {"anonymous": 302}
    denied = lambda editors: {**only(editors, 200, 403), **anon_redirect}  # noqa: E731
    matrix = {
        ("GET", "/planes/"): everyone(200),
        ("GET", oaxaca_plan.get_absolute_url()): everyone(200),
        ("GET", c.get_absolute_url()): everyone(200),
        # drafts: only their STL and coordinators know they exist
        ("GET", oaxaca_draft.get_absolute_url()): only(OAXACA_EDITORS, 200, 404),
        ("GET", d.get_absolute_url()): only(OAXACA_EDITORS, 200, 404),
        ("GET", "/planes/oaxaca/nuevo/"): denied(OAXACA_EDITORS),
        ("GET", "/planes/sonora/nuevo/"): denied(["stl_sonora", "coordinator"]),
        ("GET", "/planes/oaxaca/1/editar/"): denied(OAXACA_EDITORS),
        ("GET", "/planes/oaxaca/1/compromisos/nuevo/"): denied(OAXACA_EDITORS),
        ("GET", f"/planes/compromisos/{c.pk}/editar/"): denied(OAXACA_EDITORS),
        ("GET", f"/planes/compromisos/{c.pk}/hitos/nuevo/"): denied(OAXACA_EDITORS),
        ("GET", f"/planes/hitos/{m.pk}/editar/"): denied(OAXACA_EDITORS),
        ("GET", f"/planes/hitos/{m.pk}/avance/"): denied(OAXACA_EDITORS),
        ("GET", "/planes/papelera/"): denied(["coordinator"]),
        ("GET", "/planes/sonora/1/editar/"): denied(["stl_sonora", "coordinator"]),
    }
    assert_matrix(people, matrix)


def test_posts_from_the_wrong_state_change_nothing(people, oaxaca_plan):
    c = oaxaca_plan.commitments.first()
    m = c.milestones.first()
    sonora = client_for(people["stl_sonora"])
    posts = [
        (f"/planes/hitos/{m.pk}/avance/", {"progress": 90, "status": "en_proceso", "version": m.version}),
        (f"/planes/compromisos/{c.pk}/eliminar/", {"reason": "no"}),
        (
            f"/planes/compromisos/{c.pk}/cumplimiento/",
            {"completion": "completo", "justification": "porque sí, de verdad"},
        ),
        ("/planes/oaxaca/1/etapa/", {"target": "concluido"}),
        (f"/planes/compromisos/{c.pk}/restaurar/", {}),
    ]
    for url, data in posts:
        assert sonora.post(url, data).status_code in (403, 404), url
    m.refresh_from_db()
    c.refresh_from_db()
    oaxaca_plan.refresh_from_db()
    assert (m.progress, c.is_deleted, c.completion_override, oaxaca_plan.status) == (0, False, "", "implementacion")


def test_drafts_never_appear_in_lists_api_or_exports(client, oaxaca_plan, oaxaca_draft):
    title = "Plan de prueba Oaxaca"
    listing = client.get("/planes/").content.decode()
    assert listing.count(title) == 1  # the published one only
    api = client.get("/api/plans/").json()
    assert [p["id"] for p in api["items"]] == [oaxaca_plan.pk]
    assert client.get(f"/api/plans/{oaxaca_draft.pk}").status_code == 404
    csv_text = b"".join(client.get("/datos/planes.csv").streaming_content).decode()
    assert str(oaxaca_plan.pk) in csv_text and f"\n{oaxaca_draft.pk}," not in csv_text
    commitments_csv = b"".join(client.get("/datos/compromisos.csv").streaming_content).decode()
    draft_ids = set(oaxaca_draft.commitments.values_list("pk", flat=True))
    assert not any(line.split(",")[0] in {str(i) for i in draft_ids} for line in commitments_csv.splitlines()[1:])


@pytest.mark.parametrize("n", [2, 200])
def test_plan_page_queries_do_not_grow_with_commitments(client, db, django_assert_num_queries, n):
    plan = build_plan("20", commitments=n, milestones=1)
    with django_assert_num_queries(QUERIES["plan"]) as captured:
        response = client.get(plan.get_absolute_url())
    assert response.status_code == 200
    assert response.content.decode().count('href="/planes/compromisos/') >= n
    assert len(captured) == QUERIES["plan"]


@pytest.mark.parametrize("n", [2, 30])
def test_commitment_page_queries_do_not_grow_with_milestones(client, db, django_assert_num_queries, n):
    plan = build_plan("20", commitments=1, milestones=n)
    commitment = plan.commitments.first()
    for milestone in commitment.milestones.all():
        services.progress_report(
            actor=None,
            milestone=milestone,
            progress=10,
            status="en_proceso",
            new_evidence=[{"description": "Nota", "url": "https://ejemplo.mx/n"}],
        )
    with django_assert_num_queries(QUERIES["commitment"]):
        assert client.get(commitment.get_absolute_url()).status_code == 200


# Measured: the same with 2 or 200 commitments, 2 or 30 milestones. A change here is a regression.
# With the comment thread, the co-creation trail and tables, and the IRM design assessment (apertus.advice).
QUERIES = {"plan": 10, "commitment": 15}


def test_hostile_text_renders_inert(client, oaxaca_plan, people):
    from apertus.core.tests.test_text import HOSTILE

    c = oaxaca_plan.commitments.first()
    for text in HOSTILE:
        c = services.commitment_update(
            actor=people["coordinator"],
            commitment=c,
            expected_version=None,
            problem=text,
            objective=text,
            baseline=text,
        )
        html = client.get(c.get_absolute_url()).content.decode()
        body = html[html.index('id="plantilla"') : html.index('id="hitos"')]
        assert_inert(body)


def test_conflict_is_shown_with_what_changed(people, oaxaca_plan):
    c = oaxaca_plan.commitments.first()
    stl = client_for(people["stl_oaxaca"])
    form = stl.get(f"/planes/compromisos/{c.pk}/editar/").context["form"]
    data = {k: v for k, v in form.initial.items() if v is not None and k not in ("targets", "co_responsible")}
    data.update(
        {
            "primary_goal": c.primary_goal_id,
            "lead_institution": c.lead_institution_id,
            "version": c.version,
            "start_date": "2025-01-01",
            "end_date": "2027-12-31",
            "weight": 1,
        }
    )
    services.commitment_update(
        actor=people["coordinator"], commitment=c, expected_version=c.version, title="Título de la coordinación"
    )
    response = stl.post(f"/planes/compromisos/{c.pk}/editar/", {**data, "title": "Título del STL"})
    assert response.status_code == 409
    html = response.content.decode()
    assert "Conflicto de edición" in html and "Título de la coordinación" in html and "Título del STL" in html
    assert Commitment.objects.get(pk=c.pk).title == "Título de la coordinación"
