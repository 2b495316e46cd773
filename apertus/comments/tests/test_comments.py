"""Posting, threads, editing, reporting and abuse limits, through the web as people use them."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from apertus.comments import registry, services
from apertus.comments.models import Comment
from apertus.comments.tests.factories import make_comment, post_data, render_thread
from apertus.core.testing import assert_inert, client_for
from apertus.core.tests.test_text import HOSTILE
from apertus.moderation.models import Flag
from apertus.moderation.services import user_block

EXTRA_HOSTILE = [
    '<a href="javascript:alert(1)">clic</a>',
    "[x](data:text/html,<script>alert(1)</script>)",
    "[x](JaVaScRiPt:alert(1))",
    "texto \u202egnp.exe con RLO",
    "cero\u200banchura\u2066aislado\u2069 y BOM \ufeff",
    '<svg><a xlink:href="javascript:alert(1)">x</a></svg>',
    "**negrita** <style>body{display:none}</style>",
]


def test_posting_saves_the_comment_and_returns_to_its_place(people, commitment):
    response = client_for(people["citizen"]).post("/comentarios/nuevo/", post_data(commitment, "Me parece **bien**"))
    comment = Comment.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"{commitment.get_absolute_url()}#comentario-{comment.pk}"
    assert (comment.target, comment.author, comment.parent, comment.body) == (
        commitment,
        people["citizen"],
        None,
        "Me parece **bien**",
    )
    html = render_thread(commitment, None)
    assert f'id="comentario-{comment.pk}"' in html and "<strong>bien</strong>" in html


def test_anonymous_visitors_are_sent_to_log_in_and_nothing_is_saved(client, commitment):
    response = client.post("/comentarios/nuevo/", post_data(commitment))
    assert response.status_code == 302 and "/cuentas/login/" in response["Location"]
    assert not Comment.objects.exists()
    assert "Inicia sesión para comentar" in render_thread(commitment, None)


def test_only_allow_listed_and_visible_targets_take_comments(people, commitment, draft):
    citizen = client_for(people["citizen"])
    # a model outside the allow-list, even one that exists
    assert (
        citizen.post(
            "/comentarios/nuevo/",
            {**post_data(commitment), "content_type": "accounts.user", "object_id": people["citizen"].pk},
        ).status_code
        == 404
    )
    assert citizen.post("/comentarios/nuevo/", {**post_data(commitment), "object_id": 999999}).status_code == 404
    assert citizen.post("/comentarios/nuevo/", post_data(draft)).status_code == 404  # a draft the citizen cannot see
    assert client_for(people["stl_oaxaca"]).post("/comentarios/nuevo/", post_data(draft)).status_code == 302
    assert Comment.objects.count() == 1


def test_an_allow_listed_model_that_does_not_exist_yet_is_not_an_error(monkeypatch, people, commitment):
    monkeypatch.setattr(registry, "COMMENTABLE", (*registry.COMMENTABLE, "nada.inexistente"))
    assert registry.target_model("nada.inexistente") is None
    assert registry.targets_visible_to(people["citizen"], "nada.inexistente") is None
    response = client_for(people["citizen"]).post(
        "/comentarios/nuevo/", {**post_data(commitment), "content_type": "nada.inexistente"}
    )
    assert response.status_code == 404


def test_a_registered_gate_refuses_with_its_reason(monkeypatch, people, commitment):
    monkeypatch.setitem(registry._GATES, "plans.commitment", [lambda user, obj: "La fase de comentarios cerró."])
    assert client_for(people["citizen"]).post("/comentarios/nuevo/", post_data(commitment)).status_code == 403
    assert not Comment.objects.exists()
    html = render_thread(commitment, people["citizen"])
    assert "La fase de comentarios cerró." in html and 'action="/comentarios/nuevo/"' not in html


def test_register_comment_gate_rejects_models_outside_the_allow_list():
    with pytest.raises(ValueError):
        registry.register_comment_gate("accounts.user", lambda user, obj: None)


def test_replies_thread_two_levels_and_notify_the_person_answered(people, commitment, notified):
    top = services.comment_create(actor=people["citizen"], target=commitment, body="Propongo algo")
    reply = services.comment_create(actor=people["fellow_oaxaca"], target=commitment, body="De acuerdo", parent=top)
    # answering the reply stays in the same thread and records whom it answers
    deeper = services.comment_create(actor=people["stl_oaxaca"], target=commitment, body="Lo revisamos", parent=reply)
    assert (reply.parent, reply.reply_to) == (top, top)
    assert (deeper.parent, deeper.reply_to) == (top, reply)
    replies = notified.by_event("comment_reply")
    assert [(c["dedupe_key"], [p.pk for p in c["recipients"]]) for c in replies] == [
        (f"comment-reply:{reply.pk}", [people["citizen"].pk]),
        (f"comment-reply:{deeper.pk}", [people["fellow_oaxaca"].pk]),
    ]
    html = render_thread(commitment, None)
    assert (
        html.index(f'id="comentario-{top.pk}"')
        < html.index(f'id="comentario-{reply.pk}"')
        < html.index(f'id="comentario-{deeper.pk}"')
    )
    assert "en respuesta a Fellow_Oaxaca Prueba" in html
    # answering oneself notifies nobody
    services.comment_create(actor=people["citizen"], target=commitment, body="Y además", parent=top)
    assert len(notified.by_event("comment_reply")) == 2


def test_a_reply_must_belong_to_the_same_target(people, commitment, db):
    from apertus.comments.tests.factories import public_commitment

    other = public_commitment("26")
    foreign = make_comment(other, people["citizen"])
    with pytest.raises(ValidationError):
        services.comment_create(actor=people["citizen"], target=commitment, body="x", parent=foreign)
    response = client_for(people["citizen"]).post("/comentarios/nuevo/", post_data(commitment, parent=foreign))
    assert response.status_code == 404
    assert Comment.objects.count() == 1


def test_replies_land_on_the_page_of_their_thread(people, commitment):
    first = make_comment(commitment, people["citizen"], created_at=timezone.now() - timedelta(days=2))
    for n in range(25):
        make_comment(commitment, people["citizen"], body=f"c{n}", created_at=timezone.now() - timedelta(hours=30 - n))
    client = client_for(people["fellow_oaxaca"])
    response = client.post("/comentarios/nuevo/", post_data(commitment, "Respuesta al primero", parent=first))
    reply = Comment.objects.get(body="Respuesta al primero")
    assert response["Location"].endswith(f"#comentario-{reply.pk}") and "cpage" not in response["Location"]
    response = client.post("/comentarios/nuevo/", post_data(commitment, "Nuevo hilo"))
    assert "?cpage=2#comentario-" in response["Location"]


def test_pages_and_order(people, commitment):
    for n in range(23):
        make_comment(
            commitment,
            people["citizen"],
            body=f"numero-{n:02d}",
            created_at=timezone.now() - timedelta(minutes=100 - n),
        )
    first = render_thread(commitment, None)
    assert "numero-00" in first and "numero-19" in first and "numero-20" not in first
    assert "Página 1 de 2" in first
    second = render_thread(commitment, None, "cpage=2")
    assert "numero-20" in second and "numero-00" not in second
    newest = render_thread(commitment, None, "corden=recientes")
    assert newest.index("numero-22") < newest.index("numero-21") and "numero-02" not in newest


def test_edit_within_the_window_and_403_after(people, commitment, settings):
    settings.COMMENT_EDIT_MINUTES = 15
    comment = make_comment(commitment, people["citizen"], body="Primera versión")
    author = client_for(people["citizen"])
    assert author.get(f"/comentarios/{comment.pk}/editar/").status_code == 200
    response = author.post(f"/comentarios/{comment.pk}/editar/", {"body": "Segunda versión"})
    assert response.status_code == 302
    comment.refresh_from_db()
    assert comment.body == "Segunda versión" and comment.edited_at is not None
    assert [h.body for h in comment.history.order_by("history_id")] == ["Primera versión", "Segunda versión"]
    assert "editado" in render_thread(commitment, None)
    # 16 minutes after posting the window is closed
    Comment.objects.filter(pk=comment.pk).update(created_at=timezone.now() - timedelta(minutes=16))
    assert author.get(f"/comentarios/{comment.pk}/editar/").status_code == 403
    assert author.post(f"/comentarios/{comment.pk}/editar/", {"body": "Tercera"}).status_code == 403
    comment.refresh_from_db()
    assert comment.body == "Segunda versión"
    # others never
    Comment.objects.filter(pk=comment.pk).update(created_at=timezone.now())
    assert client_for(people["coordinator"]).get(f"/comentarios/{comment.pk}/editar/").status_code == 403


def test_edit_window_follows_the_setting(people, commitment, settings):
    settings.COMMENT_EDIT_MINUTES = 60
    comment = make_comment(commitment, people["citizen"], created_at=timezone.now() - timedelta(minutes=45))
    assert client_for(people["citizen"]).get(f"/comentarios/{comment.pk}/editar/").status_code == 200


def test_a_report_counts_once_per_person(people, commitment):
    comment = make_comment(commitment, people["citizen"])
    reporter = client_for(people["fellow_oaxaca"])
    first = reporter.post(f"/comentarios/{comment.pk}/reportar/", {"reason": "spam", "detail": "publicidad"})
    second = reporter.post(f"/comentarios/{comment.pk}/reportar/", {"reason": "ofensivo"}, follow=True)
    assert first.status_code == 302
    assert "Ya reportaste este contenido." in second.content.decode()
    comment.refresh_from_db()
    assert comment.flag_count == 1
    assert list(Flag.objects.values_list("reason", "reporter", "state__code")) == [
        ("Publicidad o spam: publicidad", people["fellow_oaxaca"].pk, "20")
    ]
    html = render_thread(commitment, people["fellow_oaxaca"])
    assert "Ya lo reportaste" in html and f'action="/comentarios/{comment.pk}/reportar/"' not in html
    # the author cannot report their own comment
    assert (
        client_for(people["citizen"]).post(f"/comentarios/{comment.pk}/reportar/", {"reason": "spam"}).status_code
        == 403
    )


def test_honeypot_filled_is_a_400_and_nothing_is_saved(people, commitment):
    client = client_for(people["citizen"])
    response = client.post("/comentarios/nuevo/", post_data(commitment, website="http://spam.example"))
    assert response.status_code == 400
    assert client.post("/comentarios/nuevo/", post_data(commitment, website="x")).status_code == 400
    assert not Comment.objects.exists()
    # and bots that do not log in get the same answer
    assert client_for(None).post("/comentarios/nuevo/", post_data(commitment, website="x")).status_code == 400


def test_the_form_has_an_empty_labelled_honeypot_and_labels(people, commitment):
    html = render_thread(commitment, people["citizen"])
    assert 'name="website" id="comentario-web-nuevo" value="" tabindex="-1" autocomplete="off"' in html
    assert '<label for="comentario-cuerpo-nuevo">Tu comentario</label>' in html
    assert '<h2 id="comentarios-titulo">Comentarios</h2>' in html


def test_posting_is_rate_limited_per_person(people, commitment, settings):
    settings.COMMENT_RATE = (3, 600)
    client = client_for(people["citizen"])
    for n in range(3):
        assert client.post("/comentarios/nuevo/", post_data(commitment, f"c{n}")).status_code == 302
    response = client.post("/comentarios/nuevo/", post_data(commitment, "uno de más"))
    assert response.status_code == 429
    html = response.content.decode()
    assert "Puedes publicar hasta 3 comentarios cada 10 minutos" in html and "uno de más" in html
    assert Comment.objects.count() == 3
    # someone else is not affected
    assert client_for(people["fellow_oaxaca"]).post("/comentarios/nuevo/", post_data(commitment)).status_code == 302


def test_blocked_people_cannot_post_and_their_comments_disappear(people, commitment):
    mine = make_comment(commitment, people["citizen"], body="Comentario de alguien que será bloqueado")
    user_block(actor=people["coordinator"], user=people["citizen"], reason="Acoso reiterado")
    response = client_for(people["citizen"]).post("/comentarios/nuevo/", post_data(commitment))
    assert response.status_code == 403
    assert Comment.objects.count() == 1
    assert "Tu cuenta no puede publicar comentarios." in render_thread(commitment, people["citizen"])
    assert mine.body not in render_thread(commitment, None)
    assert client_for(people["fellow_oaxaca"]).get(f"/comentarios/{mine.pk}/").status_code == 404
    with pytest.raises(PermissionDenied):
        services.comment_create(actor=people["citizen"], target=commitment, body="x")


@pytest.mark.parametrize("text", HOSTILE + EXTRA_HOSTILE)
def test_hostile_input_is_refused_or_rendered_inert(people, commitment, text):
    response = client_for(people["citizen"]).post("/comentarios/nuevo/", post_data(commitment, text))
    if len(text) > 5000:
        assert response.status_code == 200 and not Comment.objects.exists()
        assert "5000" in response.content.decode()
        return
    assert response.status_code == 302
    comment = Comment.objects.get()
    for trick in ("\u202e", "\u200b", "\u2066", "\u2069", "\ufeff"):
        assert trick not in comment.body
    html = render_thread(commitment, None)
    assert f'id="comentario-{comment.pk}"' in html
    assert_inert(html)


def test_5001_characters_are_refused_5000_accepted(people, commitment):
    client = client_for(people["citizen"])
    assert client.post("/comentarios/nuevo/", post_data(commitment, "a" * 5001)).status_code == 200
    assert not Comment.objects.exists()
    assert client.post("/comentarios/nuevo/", post_data(commitment, "a" * 5000)).status_code == 302
    with pytest.raises(ValidationError):
        services.comment_create(actor=people["citizen"], target=commitment, body="b" * 5001)


def test_links_in_comments_are_nofollow_ugc(people, commitment):
    make_comment(commitment, people["citizen"], body="Mira [esto](https://ejemplo.mx/a) y <https://ejemplo.mx/b>")
    html = render_thread(commitment, None)
    assert html.count('rel="nofollow ugc noopener"') == 2
    assert 'href="https://ejemplo.mx/a"' in html


def test_an_empty_comment_is_refused(people, commitment):
    response = client_for(people["citizen"]).post("/comentarios/nuevo/", post_data(commitment, "  \u200b "))
    assert response.status_code == 200 and not Comment.objects.exists()


def test_permalink_leads_to_the_comment_on_its_page(people, commitment, draft):
    comment = make_comment(commitment, people["citizen"])
    response = client_for(None).get(f"/comentarios/{comment.pk}/")
    assert response["Location"] == f"{commitment.get_absolute_url()}#comentario-{comment.pk}"
    hidden_target = make_comment(draft, people["stl_oaxaca"])
    assert client_for(None).get(f"/comentarios/{hidden_target.pk}/").status_code == 404
    assert client_for(people["stl_oaxaca"]).get(f"/comentarios/{hidden_target.pk}/").status_code == 302
