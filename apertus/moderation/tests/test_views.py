"""Moderation pages for every role, and what moderators see and do there."""

import pytest

from apertus.comments.models import Comment
from apertus.comments.tests.factories import make_comment
from apertus.core.testing import assert_inert, assert_matrix, client_for, only
from apertus.core.tests.test_text import HOSTILE
from apertus.moderation import services
from apertus.moderation.models import ModerationAction, UserBlock

MODERATORS = ["stl_oaxaca", "stl_sonora", "coordinator"]


@pytest.fixture
def comment(people, commitment):
    return make_comment(commitment, people["citizen"], body="Texto reportado")


def _denied_or_login(allowed, yes):
    return {**only(allowed, yes, 403), "anonymous": 302}


def test_pages_only_for_moderators(people, comment):
    assert_matrix(
        people,
        {
            ("GET", "/moderacion/"): _denied_or_login(MODERATORS, 200),
            ("GET", "/moderacion/bitacora/"): _denied_or_login(MODERATORS, 200),
            ("GET", "/moderacion/bloqueos/"): _denied_or_login(["coordinator"], 200),
        },
    )


def test_hide_restore_dismiss_for_the_states_moderators(people, comment):
    base = f"/moderacion/contenido/comments.comment/{comment.pk}"
    # a 302 for a moderator whose action came second is the redirect back with "already hidden"
    allowed = _denied_or_login(["stl_oaxaca", "coordinator"], 302)
    assert_matrix(people, {("POST", f"{base}/ocultar/"): allowed}, data={"reason": "Spam"})
    comment.refresh_from_db()
    assert comment.is_hidden
    assert_matrix(people, {("POST", f"{base}/restaurar/"): allowed}, data={"reason": "Revisado"})
    comment.refresh_from_db()
    assert not comment.is_hidden
    assert_matrix(people, {("POST", f"{base}/descartar/"): allowed})
    assert list(ModerationAction.objects.order_by("id").values_list("action", "actor")) == [
        ("ocultar", people["stl_oaxaca"].pk),
        ("restaurar", people["stl_oaxaca"].pk),
        ("descartar", people["stl_oaxaca"].pk),
        ("descartar", people["coordinator"].pk),
    ]


def test_unknown_or_unmoderatable_content_is_404(people, comment):
    coordinator = client_for(people["coordinator"])
    assert (
        coordinator.post("/moderacion/contenido/comments.comment/999999/ocultar/", {"reason": "x"}).status_code == 404
    )
    assert (
        coordinator.post(
            f"/moderacion/contenido/accounts.user/{people['citizen'].pk}/ocultar/", {"reason": "x"}
        ).status_code
        == 404
    )
    assert coordinator.post("/moderacion/contenido/nada.nada/1/ocultar/", {"reason": "x"}).status_code == 404


def test_block_and_unblock_for_coordinators(people):
    target = people["applicant"]
    allowed = _denied_or_login(["coordinator"], 302)
    assert_matrix(people, {("POST", f"/moderacion/personas/{target.pk}/bloquear/"): allowed}, data={"reason": "Spam"})
    assert UserBlock.objects.get().lifted_at is None
    assert_matrix(people, {("POST", f"/moderacion/personas/{target.pk}/desbloquear/"): allowed}, data={"reason": "Ok"})
    assert UserBlock.objects.get().lifted_at is not None
    assert (
        client_for(people["coordinator"]).post("/moderacion/personas/999999/bloquear/", {"reason": "x"}).status_code
        == 404
    )


def test_hiding_without_a_reason_is_refused(people, comment):
    response = client_for(people["coordinator"]).post(
        f"/moderacion/contenido/comments.comment/{comment.pk}/ocultar/", {"reason": " "}, follow=True
    )
    assert "Indica el motivo." in response.content.decode()
    comment.refresh_from_db()
    assert not comment.is_hidden and not ModerationAction.objects.exists()


def test_hiding_from_the_thread_returns_there(people, comment):
    back = comment.target.get_absolute_url() + "#comentarios"
    response = client_for(people["stl_oaxaca"]).post(
        f"/moderacion/contenido/comments.comment/{comment.pk}/ocultar/", {"reason": "Spam", "next": back}
    )
    assert response["Location"] == back
    response = client_for(people["stl_oaxaca"]).post(
        f"/moderacion/contenido/comments.comment/{comment.pk}/restaurar/",
        {"reason": "Ok", "next": "https://evil.example/"},
    )
    assert response["Location"] == "/moderacion/"


def test_queue_shows_flagged_items_with_their_forms(people, comment, settings):
    settings.MODERATION_FLAG_THRESHOLD = 2
    for role in ("fellow_oaxaca", "applicant"):
        services.flag_add(user=people[role], obj=comment, reason=f"Reporte de {role}")
    html = client_for(people["stl_oaxaca"]).get("/moderacion/").content.decode()
    assert "En revisión (1)" in html and "Texto reportado" in html and "Reporte de applicant" in html
    assert f'action="/moderacion/contenido/comments.comment/{comment.pk}/ocultar/"' in html
    assert f'action="/moderacion/personas/{people["citizen"].pk}/bloquear/"' not in html  # STL cannot block
    coordinator_html = client_for(people["coordinator"]).get("/moderacion/").content.decode()
    assert f'action="/moderacion/personas/{people["citizen"].pk}/bloquear/"' in coordinator_html
    assert "En revisión (0)" in client_for(people["stl_sonora"]).get("/moderacion/").content.decode()


def test_log_and_blocks_pages_list_what_happened(people, comment):
    services.content_hide(actor=people["coordinator"], obj=comment, reason="Publicidad engañosa")
    services.user_block(actor=people["coordinator"], user=people["citizen"], reason="Spam reiterado")
    log = client_for(people["stl_oaxaca"]).get("/moderacion/bitacora/").content.decode()
    assert "Publicidad engañosa" in log and "Spam reiterado" not in log  # blocks are program-wide: coordinators
    assert f'action="/moderacion/contenido/comments.comment/{comment.pk}/restaurar/"' in log
    blocks = client_for(people["coordinator"]).get("/moderacion/bloqueos/").content.decode()
    assert "Spam reiterado" in blocks and f'action="/moderacion/personas/{people["citizen"].pk}/desbloquear/"' in blocks


@pytest.mark.parametrize("text", HOSTILE[:-1])
def test_hostile_content_is_inert_in_the_queue(people, commitment, settings, text):
    settings.MODERATION_FLAG_THRESHOLD = 1
    hostile = make_comment(commitment, people["citizen"], body=text)
    services.flag_add(user=people["fellow_oaxaca"], obj=hostile, reason=text[:500])
    html = client_for(people["coordinator"]).get("/moderacion/").content.decode()
    section = html[html.index('<article class="card moderation-item"') : html.index("</article>")]
    assert_inert(section.split("<form")[0])
    assert Comment.objects.count() == 1


def test_queue_queries_do_not_grow_with_the_items(people, commitment, settings):
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from apertus.moderation.models import Flag

    settings.MODERATION_FLAG_THRESHOLD = 1
    comment_type = ContentType.objects.get_for_model(Comment)
    coordinator = client_for(people["coordinator"])
    counts = []
    for n in (2, 12):
        Flag.objects.all().delete()
        for i in range(n):
            item = make_comment(commitment, people["citizen"], body=f"reportado {i}")
            Flag.objects.create(
                content_type=comment_type,
                object_id=item.pk,
                reporter=people["fellow_oaxaca"],
                reason="Spam",
                state_id=commitment.plan.state_id,
            )
        with CaptureQueriesContext(connection) as queries:
            html = coordinator.get("/moderacion/").content.decode()
        assert html.count('class="card moderation-item"') == n
        counts.append(len(queries))
    assert counts[0] == counts[1]
