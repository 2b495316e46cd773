"""Through the real messenger: each notification reaches its person once."""

from apertus.comments.tests.factories import make_comment, post_data
from apertus.core.testing import client_for
from apertus.notifications.models import Notification


def test_a_reply_notifies_the_parent_author_once(people, commitment):
    top = make_comment(commitment, people["citizen"], body="¿Cuándo inicia?")
    client = client_for(people["stl_oaxaca"])
    client.post("/comentarios/nuevo/", post_data(commitment, "En marzo", parent=top))
    client.post("/comentarios/nuevo/", post_data(commitment, "Y termina en diciembre", parent=top))
    rows = list(Notification.objects.values_list("recipient", "event", "dedupe_key"))
    replies = sorted(top.replies.values_list("pk", flat=True))
    assert sorted(rows) == sorted((people["citizen"].pk, "comment_reply", f"comment-reply:{pk}") for pk in replies)


def test_moderators_hear_of_a_flagged_item_once(people, commitment, settings):
    settings.MODERATION_FLAG_THRESHOLD = 2
    comment = make_comment(commitment, people["citizen"])
    for role in ("fellow_oaxaca", "applicant", "monitor", "advisor"):
        client_for(people[role]).post(f"/comentarios/{comment.pk}/reportar/", {"reason": "spam"})
    rows = Notification.objects.filter(event="moderation")
    assert sorted(rows.values_list("recipient", flat=True)) == sorted(
        [people["coordinator"].pk, people["stl_oaxaca"].pk]
    )
    assert {r.url for r in rows} == {"/moderacion/"}
