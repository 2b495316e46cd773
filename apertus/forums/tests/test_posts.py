"""Posts: inert Markdown, bounded topic pages whatever their length, permalinks, editing and moderation."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from apertus.core.testing import assert_inert, client_for
from apertus.forums import services
from apertus.forums.models import Post, Topic
from apertus.forums.tests.conftest import HOSTILE, timeline


def _topic_with(forum, author, n: int) -> Topic:
    topic = services.topic_create(actor=None, author=author, forum=forum, title=f"Tema de {n}", body="Primero")
    start = timezone.now()
    Post.objects.bulk_create(
        [Post(topic=topic, author=author, body=f"Mensaje **{i}**", created_at=start) for i in range(n - 1)]
    )
    Topic.objects.filter(pk=topic.pk).update(post_count=n)
    return topic


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_a_topic_page_costs_the_same_with_10_or_200_posts(people, cohort, django_assert_max_num_queries):
    forum = cohort["forums"]["general"]
    small = _topic_with(forum, people["fellow_oaxaca"], 10)
    large = _topic_with(forum, cohort["fellow_sonora"], 200)
    for role in ("fellow_oaxaca", "facilitator"):
        client = client_for(people[role])
        client.get("/foros/")  # warm the session
        counts = {_queries(client, f"/foros/temas/{t.pk}/") for t in (small, large)}
        counts.add(_queries(client, f"/foros/temas/{large.pk}/?page=10"))
        assert len(counts) == 1, (role, counts)
        with django_assert_max_num_queries(10):
            html = client.get(f"/foros/temas/{large.pk}/?page=10").content.decode()
        assert html.count('class="card"') == 20 and "Página 10 de 10" in html


def test_forum_pages_are_bounded_and_paginated(people, cohort, django_assert_max_num_queries):
    forum = cohort["forums"]["general"]
    for n in range(45):
        Topic.objects.create(
            forum=forum, title=f"Tema {n}", author=people["fellow_oaxaca"], last_post_at=timezone.now()
        )
    client = client_for(people["fellow_oaxaca"])
    with django_assert_max_num_queries(9):
        html = client.get("/foros/2017/general/?page=2").content.decode()
    assert "Página 2 de 3" in html
    with django_assert_max_num_queries(9):
        assert client.get("/foros/2017/").status_code == 200


def test_a_permalink_leads_to_the_page_that_shows_the_post(people, cohort):
    topic = _topic_with(cohort["forums"]["general"], people["fellow_oaxaca"], 45)
    last = topic.posts.order_by("created_at", "pk").last()
    response = client_for(people["fellow_oaxaca"]).get(f"/foros/publicaciones/{last.pk}/")
    assert response.status_code == 302 and response["Location"] == f"/foros/temas/{topic.pk}/?page=3#p{last.pk}"


def test_hostile_markdown_in_topics_and_posts_is_inert(people, cohort):
    client = client_for(people["fellow_oaxaca"])
    response = client.post("/foros/2017/general/nuevo-tema/", {"title": "<b>Tema</b>", "body": HOSTILE})
    assert response.status_code == 302
    topic = Topic.objects.get(title="<b>Tema</b>")
    assert client.post(f"/foros/temas/{topic.pk}/", {"body": HOSTILE}).status_code == 302
    html = client.get(f"/foros/temas/{topic.pk}/").content.decode()
    assert_inert(timeline(html))
    assert "&lt;b&gt;Tema&lt;/b&gt;" in html and html.count("&lt;script&gt;") == 2


def test_authors_edit_their_posts_and_staff_hide_with_a_reason(people, cohort):
    post = cohort["general_topic"].posts.get()
    edit = f"/foros/publicaciones/{post.pk}/editar/"
    assert client_for(cohort["fellow_sonora"]).post(edit, {"body": "ajeno"}).status_code == 403
    assert client_for(people["fellow_oaxaca"]).post(edit, {"body": "Hola, corregido"}).status_code == 302
    post.refresh_from_db()
    assert post.body == "Hola, corregido" and post.edited_at is not None
    moderate = f"/foros/publicaciones/{post.pk}/moderar/"
    assert client_for(cohort["fellow_sonora"]).post(moderate, {"hide": "1", "reason": "x"}).status_code == 403
    assert client_for(people["facilitator"]).post(moderate, {"hide": "1"}).status_code == 400  # a reason is required
    assert (
        client_for(people["facilitator"]).post(moderate, {"hide": "1", "reason": "Datos personales"}).status_code == 302
    )
    topic = Topic.objects.get(pk=cohort["general_topic"].pk)
    assert topic.post_count == 0
    seen_by_peer = client_for(cohort["fellow_sonora"]).get(topic.get_absolute_url()).content.decode()
    assert "Datos personales" in seen_by_peer and "corregido" not in seen_by_peer
    # The author can no longer edit a hidden post.
    assert client_for(people["fellow_oaxaca"]).get(edit).status_code == 403


@pytest.mark.parametrize("body", ["", "   "])
def test_empty_posts_are_refused(people, cohort, body):
    response = client_for(people["fellow_oaxaca"]).post(f"/foros/temas/{cohort['general_topic'].pk}/", {"body": body})
    assert response.status_code == 400
    assert Post.objects.filter(topic=cohort["general_topic"]).count() == 1


def test_a_deleted_account_keeps_its_posts_anonymised_and_loses_its_subscriptions(people, cohort):
    from apertus.accounts.personal_data import personal_data_for
    from apertus.accounts.services import account_delete
    from apertus.forums.models import Subscription

    author = people["fellow_oaxaca"]
    data = personal_data_for(author)["datos"]["foros_y_mensajes"]
    assert [p["texto"] for p in data["mensajes_en_foros"]] == ["Hola a todas"]
    account_delete(user=author)
    assert not Subscription.objects.filter(user=author).exists()
    html = client_for(people["facilitator"]).get(cohort["general_topic"].get_absolute_url()).content.decode()
    assert "Hola a todas" in html and "Persona eliminada" in html
