"""The comments API and the open-data set: shown comments on visible targets, no personal fields."""

import csv
import io

from apertus.comments.tests.factories import make_comment
from apertus.core.datasets import DATASETS
from apertus.core.testing import client_for
from apertus.moderation.services import content_hide, user_block


def _api(client, label, pk, **params):
    return client.get("/api/comments/", {"target": label, "id": pk, **params})


def test_api_lists_shown_comments_with_non_personal_fields(people, commitment):
    top = make_comment(commitment, people["citizen"], body="Primero")
    reply = make_comment(commitment, people["fellow_oaxaca"], body="Respuesta", parent=top, reply_to=top)
    hidden = make_comment(commitment, people["applicant"], body="Oculto")
    content_hide(actor=people["coordinator"], obj=hidden, reason="Spam")
    blocked = make_comment(commitment, people["monitor"], body="De alguien bloqueado")
    user_block(actor=people["coordinator"], user=people["monitor"], reason="Acoso")
    response = _api(client_for(None), "plans.commitment", commitment.pk)
    assert response.status_code == 200
    data = response.json()
    assert data["count"] == 2
    assert [item["id"] for item in data["items"]] == [top.pk, reply.pk]
    assert set(data["items"][0]) == {"id", "parent_id", "author", "body", "created_at", "edited"}
    assert data["items"][1]["parent_id"] == top.pk
    assert data["items"][0]["author"] == "Citizen Prueba" and data["items"][0]["edited"] is False
    text = response.content.decode()
    assert "@test.apertus.mx" not in text and hidden.body not in text and blocked.body not in text


def test_api_hides_replies_under_a_hidden_thread(people, commitment):
    top = make_comment(commitment, people["citizen"])
    make_comment(commitment, people["fellow_oaxaca"], body="Respuesta huérfana", parent=top, reply_to=top)
    content_hide(actor=people["coordinator"], obj=top, reason="Datos personales")
    assert _api(client_for(None), "plans.commitment", commitment.pk).json()["count"] == 0


def test_api_only_for_targets_the_caller_may_see(people, commitment, draft):
    make_comment(draft, people["stl_oaxaca"], body="Sobre el borrador")
    assert _api(client_for(None), "plans.commitment", draft.pk).status_code == 404
    assert _api(client_for(people["stl_sonora"]), "plans.commitment", draft.pk).status_code == 404
    assert _api(client_for(people["stl_oaxaca"]), "plans.commitment", draft.pk).json()["count"] == 1
    assert _api(client_for(None), "accounts.user", people["citizen"].pk).status_code == 404
    assert _api(client_for(None), "plans.commitment", 999999).status_code == 404
    assert client_for(None).get("/api/comments/").status_code == 422
    assert _api(client_for(None), "plans.actionplan", commitment.plan_id).json()["count"] == 0


def test_api_paginates(people, commitment):
    for n in range(7):
        make_comment(commitment, people["citizen"], body=f"c{n}")
    data = _api(client_for(None), "plans.commitment", commitment.pk, limit=3, offset=3).json()
    assert data["count"] == 7 and [i["body"] for i in data["items"]] == ["c3", "c4", "c5"]


def test_open_data_has_shown_comments_on_public_targets_only(people, commitment, draft):
    shown = make_comment(commitment, people["citizen"], body='=HYPERLINK("x") público')
    make_comment(draft, people["stl_oaxaca"], body="En un borrador")
    hidden = make_comment(commitment, people["applicant"], body="Oculto")
    content_hide(actor=people["coordinator"], obj=hidden, reason="Spam")
    on_plan = make_comment(commitment.plan, people["fellow_oaxaca"], body="Sobre el plan")
    response = DATASETS["comentarios"].response()
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert [(r["id"], r["objeto_tipo"], r["texto"]) for r in rows] == [
        (str(shown.pk), "plans.commitment", '\'=HYPERLINK("x") público'),
        (str(on_plan.pk), "plans.actionplan", "Sobre el plan"),
    ]
    assert set(rows[0]) == {
        "id",
        "comentario_padre_id",
        "objeto_tipo",
        "objeto_tipo_etiqueta",
        "objeto_id",
        "texto",
        "fecha",
        "editado",
    }
