"""A fellow from Oaxaca never reads Sonora's state forum: not its page, topics, posts, nor through the API."""

import pytest
from ninja.testing import TestClient

from apertus.core.testing import assert_matrix, client_for, everyone, only
from apertus.forums import services
from apertus.forums.api import router
from apertus.forums.models import Post, Subscription, Topic
from apertus.notifications.models import Notification

STAFF = ["facilitator", "coordinator"]
PARTICIPANTS = ["fellow_oaxaca", *STAFF]


def _sonora_urls(cohort) -> list[tuple[str, str]]:
    topic, post = cohort["sonora_topic"], cohort["sonora_post"]
    return [
        ("GET", "/foros/2017/sonora/"),
        ("GET", "/foros/2017/sonora/nuevo-tema/"),
        ("POST", "/foros/2017/sonora/nuevo-tema/"),
        ("GET", f"/foros/temas/{topic.pk}/"),
        ("GET", f"/foros/temas/{topic.pk}/?page=2"),
        ("POST", f"/foros/temas/{topic.pk}/"),
        ("POST", f"/foros/temas/{topic.pk}/suscripcion/"),
        ("POST", f"/foros/temas/{topic.pk}/moderar/"),
        ("GET", f"/foros/publicaciones/{post.pk}/"),
        ("GET", f"/foros/publicaciones/{post.pk}/editar/"),
        ("POST", f"/foros/publicaciones/{post.pk}/moderar/"),
    ]


def test_sonoras_state_forum_is_invisible_to_an_oaxaca_fellow_and_to_everyone_outside(people, cohort):
    topics, posts = Topic.objects.count(), Post.objects.count()
    for method, url in _sonora_urls(cohort):
        response = getattr(client_for(people["fellow_oaxaca"]), method.lower())(url, {"body": "intruso", "title": "x"})
        assert response.status_code == 404, (method, url)
        assert b"Plan secreto" not in response.content and b"Respuesta de facilitaci" not in response.content
    assert (Topic.objects.count(), Post.objects.count()) == (topics, posts)  # nothing written
    assert not Subscription.objects.filter(user=people["fellow_oaxaca"], topic=cohort["sonora_topic"]).exists()
    # The same pages, for every role of the matrix: only staff read Sonora's forum.
    topic = cohort["sonora_topic"].pk
    assert_matrix(
        people,
        {
            ("GET", "/foros/2017/sonora/"): only(STAFF, 200, 404),
            ("GET", f"/foros/temas/{topic}/"): only(STAFF, 200, 404),
            ("GET", f"/foros/publicaciones/{cohort['sonora_post'].pk}/"): only(STAFF, 302, 404),
            ("GET", "/foros/2017/oaxaca/"): only(PARTICIPANTS, 200, 404),
        },
    )
    sonora = client_for(cohort["fellow_sonora"])
    assert sonora.get("/foros/2017/sonora/").status_code == 200
    assert b"Plan secreto" in sonora.get(f"/foros/temas/{topic}/").content
    assert sonora.get("/foros/2017/oaxaca/").status_code == 404


def test_the_cohort_page_lists_only_the_readers_state_forum(people, cohort):
    html = client_for(people["fellow_oaxaca"]).get("/foros/2017/").content.decode()
    assert 'data-forum="oaxaca"' in html and 'data-forum="general"' in html
    assert 'data-forum="sonora"' not in html and "Sonora" not in html
    staff = client_for(people["facilitator"]).get("/foros/2017/").content.decode()
    assert 'data-forum="sonora"' in staff and 'data-forum="oaxaca"' in staff


@pytest.mark.parametrize("who", ["fellow_oaxaca", "anonymous", "citizen", "stl_sonora"])
def test_the_api_answers_404_for_sonoras_forum_topics_and_posts(people, cohort, who):
    from django.contrib.auth.models import AnonymousUser

    user = people[who] or AnonymousUser()
    client = TestClient(router)
    forum, topic = cohort["forums"]["sonora"].pk, cohort["sonora_topic"].pk
    for path in (f"/{forum}", f"/{forum}/topics", f"/topics/{topic}/posts"):
        response = client.get(path, user=user)
        assert response.status_code == 404, path
    listed = {f["slug"] for f in client.get("/", user=user).json()["items"]}
    assert "sonora" not in listed
    assert ("oaxaca" in listed) is (who == "fellow_oaxaca")


def test_the_api_serves_the_state_forum_to_its_fellows(people, cohort):
    client = TestClient(router)
    topic = cohort["sonora_topic"].pk
    bodies = [p["body"] for p in client.get(f"/topics/{topic}/posts", user=cohort["fellow_sonora"]).json()["items"]]
    assert bodies == ["Solo para el equipo de Sonora", "Respuesta de facilitación"]


def test_a_stale_subscription_never_carries_sonoras_posts_to_oaxaca(people, cohort):
    # e.g. a subscription left from before a person changed state: the reply is not delivered to them.
    Subscription.objects.create(user=people["fellow_oaxaca"], topic=cohort["sonora_topic"])
    services.post_add(actor=people["coordinator"], topic=cohort["sonora_topic"], body="Nueva respuesta")
    notified = set(Notification.objects.filter(event="forum_reply").values_list("recipient_id", flat=True))
    assert cohort["fellow_sonora"].pk in notified
    assert people["fellow_oaxaca"].pk not in notified


def test_the_forum_pages_matrix(people, cohort):
    general = cohort["general_topic"].pk
    assert_matrix(
        people,
        {
            ("GET", "/foros/"): everyone(200),
            ("GET", "/foros/2017/"): only(PARTICIPANTS, 200, 404),
            ("GET", "/foros/2018/"): only(STAFF, 200, 404),
            ("GET", "/foros/2017/general/"): only(PARTICIPANTS, 200, 404),
            ("GET", "/foros/2017/soporte/"): only(PARTICIPANTS, 200, 404),
            ("GET", "/foros/2017/actividad-1/"): only(PARTICIPANTS, 200, 404),
            ("GET", f"/foros/temas/{general}/"): only(PARTICIPANTS, 200, 404),
            ("GET", "/foros/2017/general/nuevo-tema/"): only(PARTICIPANTS, 200, 404),
            ("GET", "/foros/2017/avisos/"): only(PARTICIPANTS, 200, 404),
            ("GET", "/foros/2017/avisos/nuevo/"): only(PARTICIPANTS, 403, 404) | dict.fromkeys(STAFF, 200),
            ("GET", "/foros/2017/noticias/"): everyone(200),
            ("GET", "/foros/2017/blog/"): everyone(200),
            ("GET", "/foros/2017/blog/nueva/"): only(["fellow_oaxaca"], 200, 403),
            ("GET", "/foros/2017/noticias/nueva/"): only(STAFF, 200, 403),
            ("GET", "/foros/mensajes/"): only(["anonymous"], 302, 200),
            ("GET", "/foros/2017/mensajes/nuevo/"): only(PARTICIPANTS, 200, 403) | {"anonymous": 302},
            ("GET", "/foros/2099/"): everyone(404),
        },
    )
    # Moderation of a general topic: staff only.
    assert_matrix(
        people,
        {("POST", f"/foros/temas/{general}/moderar/"): only(PARTICIPANTS, 403, 404) | dict.fromkeys(STAFF, 302)},
        data={"action": "cerrar"},
    )
    # A closed topic takes no more replies from fellows; staff can still answer.
    assert client_for(people["fellow_oaxaca"]).post(f"/foros/temas/{general}/", {"body": "¿?"}).status_code == 403
    assert client_for(people["facilitator"]).post(f"/foros/temas/{general}/", {"body": "Cerrado."}).status_code == 302
