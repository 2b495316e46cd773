"""The flat API: filters, cursors, conditional GET, bad input, and nothing unpublished."""

import pytest

from apertus.core.testing import data_kept
from apertus.participation.tests.conftest import build_process, propose
from apertus.plans import services
from apertus.plans.models import ActionPlan, Completion, PlanStatus
from apertus.plans.tests.conftest import build_plan


def _plans_made() -> tuple[int, int, int]:
    oaxaca = build_plan("20", commitments=3, milestones=1)
    sonora = build_plan("26", commitments=2, milestones=1)
    draft = build_plan("08", status=PlanStatus.DRAFT, commitments=1, milestones=1)
    return oaxaca.pk, sonora.pk, draft.pk


@pytest.fixture
def plans(db):
    """Oaxaca's and Sonora's published plans and a draft, built through the services once per worker and
    written back for each test (``data_kept``); each test reads its own instances."""
    pks = data_kept("opendata-api-plans", _plans_made)
    found = ActionPlan.objects.in_bulk(pks)
    return tuple(found[pk] for pk in pks)


def _all(client, url):
    items, pages = [], 0
    while url:
        response = client.get(url)
        assert response.status_code == 200, response.content
        body = response.json()
        items += body["items"]
        url = body["next"]
        pages += 1
    return items, pages


def test_commitments_across_published_plans_paged_by_cursor(client, plans):
    oaxaca, sonora, draft = plans
    items, pages = _all(client, "/api/commitments?limit=2")
    assert pages == 3
    ids = [i["id"] for i in items]
    assert ids == sorted(ids) and len(ids) == len(set(ids)) == 5
    assert not set(draft.commitments.values_list("pk", flat=True)) & set(ids)
    first = items[0]
    assert first["sdg_targets"] == ["16.6", "16.10"] and first["milestone_count"] == 1
    assert first["completion"] in Completion.values and first["completion_label"]


@pytest.mark.parametrize(
    ("query", "count"),
    [
        ("state=20", 3),
        ("state=26", 2),
        ("state=08", 0),
        ("sdg_goal=16", 5),
        ("sdg_goal=3", 0),
        ("sdg_target=16.6", 5),
        ("sdg_target=3.1", 0),
        ("status=no_iniciado", 5),
        ("status=completo", 0),
        ("updated_since=2000-01-01", 5),
        ("updated_since=2999-01-01T00:00:00Z", 0),
    ],
)
def test_commitment_filters(client, plans, query, count):
    items, _ = _all(client, f"/api/commitments?{query}")
    assert len(items) == count


def test_plan_and_ogp_value_filters(client, plans):
    from apertus.taxonomy.models import Term

    oaxaca = plans[0]
    assert len(_all(client, f"/api/commitments?plan={oaxaca.pk}")[0]) == 3
    value = Term.objects.filter(scheme="ogp_value").first()
    commitment = oaxaca.commitments.order_by("number").first()
    services.commitment_update(
        actor=None, commitment=commitment, expected_version=commitment.version, values=[(value, "Publica datos")]
    )
    items = _all(client, f"/api/commitments?ogp_value={value.code}")[0]
    assert [i["id"] for i in items] == [commitment.pk] and items[0]["ogp_values"] == [value.code]


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ("colour=red", "colour"),
        ("state=99", "state"),
        ("state=oaxaca", "state"),
        ("plan=abc", "plan"),
        ("sdg_goal=18", "sdg_goal"),
        ("sdg_target=16", "sdg_target"),
        ("ogp_value=nope", "ogp_value"),
        ("status=maybe", "status"),
        ("updated_since=ayer", "updated_since"),
        ("updated_since=2025-13-45", "updated_since"),
        ("limit=0", "limit"),
        ("limit=501", "limit"),
        ("limit=-1", "limit"),
        ("cursor=abc", "cursor"),
        ("state=20&state=26", "state"),
    ],
)
def test_bad_input_is_400_naming_the_parameter(client, plans, query, parameter):
    response = client.get(f"/api/commitments?{query}")
    assert response.status_code == 400
    assert response.json()["parameter"] == parameter


def test_a_tampered_cursor_is_400(client, plans):
    cursor = client.get("/api/commitments?limit=1").json()["next_cursor"]
    value, signature = cursor.rsplit(":", 1)
    tampered = value[:-1] + ("A" if value[-1] != "A" else "B") + ":" + signature
    assert client.get(f"/api/commitments?cursor={tampered}").status_code == 400
    assert client.get(f"/api/commitments?cursor={cursor}").status_code == 200
    # A commitments cursor does not open the proposals list either.
    assert client.get(f"/api/proposals?cursor={cursor}").status_code == 400


def test_etag_and_last_modified_answer_304_until_something_changes(client, plans, django_assert_max_num_queries):
    first = client.get("/api/commitments?state=20")
    etag, modified = first["ETag"], first["Last-Modified"]
    with django_assert_max_num_queries(1):
        assert client.get("/api/commitments?state=20", HTTP_IF_NONE_MATCH=etag).status_code == 304
    assert client.get("/api/commitments?state=20", HTTP_IF_MODIFIED_SINCE=modified).status_code == 304
    assert client.get("/api/commitments?state=26", HTTP_IF_NONE_MATCH=etag).status_code == 200
    commitment = plans[0].commitments.first()
    services.commitment_update(actor=None, commitment=commitment, expected_version=commitment.version, title="Nuevo")
    again = client.get("/api/commitments?state=20", HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 200
    assert "Nuevo" in [i["title"] for i in again.json()["items"]]


def test_deleted_commitments_are_not_listed(client, plans):
    commitment = plans[0].commitments.first()
    services.commitment_delete(actor=None, commitment=commitment, reason="Duplicado")
    ids = [i["id"] for i in _all(client, "/api/commitments")[0]]
    assert commitment.pk not in ids and len(ids) == 4


@pytest.fixture
def proposals(db, people):
    plan = build_plan("20", commitments=1, milestones=1, status=PlanStatus.COCREATION)
    process = build_process(plan)
    visible = propose(process, people["citizen"], title="Visible")
    hidden = propose(process, people["citizen"], title="Oculta")
    from apertus.moderation.services import content_hide

    content_hide(actor=people["coordinator"], obj=hidden, reason="Datos personales")
    draft_plan = build_plan("26", commitments=1, milestones=1, status=PlanStatus.COCREATION)
    secret = propose(build_process(draft_plan), people["citizen"], title="De un borrador")
    type(draft_plan).objects.filter(pk=draft_plan.pk).update(status=PlanStatus.DRAFT)  # taken back to draft
    return visible, hidden, secret


def test_proposals_are_public_only_and_without_personal_data(client, proposals, people):
    visible, hidden, secret = proposals
    response = client.get("/api/proposals")
    items = response.json()["items"]
    assert [i["id"] for i in items] == [visible.pk]
    text = response.content.decode()
    assert people["citizen"].email not in text and "author" not in items[0]
    assert client.get("/api/proposals?state=20").json()["items"][0]["id"] == visible.pk
    assert client.get("/api/proposals?state=26").json()["items"] == []
    assert client.get("/api/proposals?response=sin_respuesta").json()["items"][0]["id"] == visible.pk
    assert client.get("/api/proposals?response=incorporada").json()["items"] == []


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ("author=1", "author"),
        ("municipality=123", "municipality"),
        ("response=si", "response"),
        ("process=x", "process"),
    ],
)
def test_bad_proposal_filters_are_400(client, db, query, parameter):
    response = client.get(f"/api/proposals?{query}")
    assert response.status_code == 400 and response.json()["parameter"] == parameter


def test_existing_plan_routes_still_work(client, plans):
    oaxaca = plans[0]
    assert client.get("/api/plans/").status_code == 200
    assert client.get(f"/api/plans/{oaxaca.pk}/commitments").status_code == 200
    schema = client.get("/api/openapi.json").json()
    assert "/api/commitments" in schema["paths"] and "/api/proposals" in schema["paths"]
