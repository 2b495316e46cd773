"""Notices reach each fellow of the cohort once; news and blog posts are public only once published."""

from django.core import mail

from apertus.core.testing import assert_inert, assert_matrix, client_for, everyone, only
from apertus.forums import services
from apertus.forums.models import BlogPost, BlogStatus, NewsItem, Notice
from apertus.forums.tests.conftest import HOSTILE
from apertus.notifications.models import Notification

STAFF = ["facilitator", "coordinator"]


def test_a_notice_reaches_every_fellow_of_the_cohort_once(people, cohort, django_capture_on_commit_callbacks):
    staff = client_for(people["coordinator"])
    assert (
        staff.post("/foros/2017/avisos/nuevo/", {"title": "Seminario", "body": "Nos vemos **el lunes**"}).status_code
        == 302
    )
    notice = Notice.objects.get()
    assert notice.sent_at is None and not Notification.objects.filter(event="cohort_notice").exists()
    # A draft is seen by staff only.
    assert_matrix(people, {("GET", notice.get_absolute_url()): only(STAFF, 200, 404)})
    send = f"/foros/avisos/{notice.pk}/enviar/"
    assert client_for(people["fellow_oaxaca"]).post(send).status_code == 404
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(3):  # a double click and a retry
            assert staff.post(send).status_code == 302
    fellows_2017 = {people["fellow_oaxaca"].pk, cohort["fellow_sonora"].pk}
    rows = Notification.objects.filter(event="cohort_notice")
    assert sorted(rows.values_list("recipient_id", flat=True)) == sorted(fellows_2017)
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [people["fellow_oaxaca"].email, cohort["fellow_sonora"].email]
    )
    notice.refresh_from_db()
    assert notice.sent_at is not None and notice.recipient_count == 2
    assert services.notice_send(actor=people["coordinator"], notice=notice) == 0
    assert rows.count() == 2
    # Sent: the cohort's participants read it; a 2018 fellow does not.
    assert_matrix(people, {("GET", notice.get_absolute_url()): only(["fellow_oaxaca", *STAFF], 200, 404)})
    assert client_for(cohort["fellow_2018"]).get(notice.get_absolute_url()).status_code == 404


def test_news_are_public_once_published(people, cohort):
    staff = client_for(people["facilitator"])
    assert staff.post("/foros/2017/noticias/nueva/", {"title": "Nueva etapa", "body": HOSTILE}).status_code == 302
    item = NewsItem.objects.get()
    assert item.slug == "nueva-etapa"
    assert_matrix(people, {("GET", item.get_absolute_url()): only(STAFF, 200, 404)})
    assert "Nueva etapa" not in client_for(None).get("/foros/2017/noticias/").content.decode()
    edit = f"/foros/2017/noticias/{item.slug}/editar/"
    assert_matrix(
        people,
        {("POST", edit): only(STAFF, 302, 403)},
        data={"title": "Nueva etapa", "body": HOSTILE, "is_published": "on"},
    )
    assert_matrix(people, {("GET", item.get_absolute_url()): everyone(200)})
    html = client_for(None).get(item.get_absolute_url()).content.decode()
    assert_inert(html.split("<article>", 1)[1].split("</article>", 1)[0])
    assert client_for(None).get("/foros/2017/noticias/").content.decode().count("Nueva etapa") == 1


def test_a_fellows_blog_post_is_public_only_after_staff_publish_it(people, cohort):
    author = client_for(people["fellow_oaxaca"])
    assert (
        author.post("/foros/2017/blog/nueva/", {"title": "Mi experiencia", "body": HOSTILE, "submit": "on"}).status_code
        == 302
    )
    post = BlogPost.objects.get()
    assert post.status == BlogStatus.PENDING and post.author == people["fellow_oaxaca"]
    url = post.get_absolute_url()
    assert_matrix(people, {("GET", url): only(["fellow_oaxaca", *STAFF], 200, 404)})
    review = f"/foros/2017/blog/{post.slug}/revision/"
    assert client_for(cohort["fellow_sonora"]).post(review, {"decision": "publicar"}).status_code == 404
    assert client_for(people["fellow_oaxaca"]).post(review, {"decision": "publicar"}).status_code == 403
    assert client_for(people["facilitator"]).post(review, {"decision": "devolver"}).status_code == 400  # needs a note
    assert client_for(people["facilitator"]).post(review, {"decision": "publicar"}).status_code == 302
    post.refresh_from_db()
    assert post.is_published and post.published_at is not None
    assert Notification.objects.filter(recipient=people["fellow_oaxaca"], event="blog_review").count() == 1
    assert_matrix(people, {("GET", url): everyone(200)})
    html = client_for(None).get(url).content.decode()
    assert_inert(html.split("<article>", 1)[1].split("</article>", 1)[0])
    # Published: the author can no longer change it; staff can withdraw it with a reason.
    assert author.post(f"/foros/2017/blog/{post.slug}/editar/", {"title": "x", "body": "y"}).status_code == 403
    assert (
        client_for(people["coordinator"]).post(review, {"decision": "retirar", "note": "Revisar datos"}).status_code
        == 302
    )
    assert client_for(None).get(url).status_code == 404


def test_only_fellows_of_the_cohort_write_in_its_blog(people, cohort):
    data = {"title": "Entrada", "body": "Texto"}
    assert client_for(cohort["fellow_2018"]).post("/foros/2017/blog/nueva/", data).status_code == 403
    assert client_for(cohort["fellow_2018"]).post("/foros/2018/blog/nueva/", data).status_code == 302
    assert BlogPost.objects.get().phase.year == 2018


def test_the_public_api_lists_published_news_and_blog_only(people, cohort):
    from ninja.testing import TestClient

    from apertus.forums.api import router

    services.news_create(actor=None, phase=cohort["phase"], title="Publicada", body="x", is_published=True)
    services.news_create(actor=None, phase=cohort["phase"], title="Borrador", body="x")
    services.blog_create(
        actor=None, author=people["fellow_oaxaca"], phase=cohort["phase"], title="Pendiente", body="x", submit=True
    )
    client = TestClient(router)
    assert [n["title"] for n in client.get("/news").json()["items"]] == ["Publicada"]
    assert client.get("/blog").json()["count"] == 0


def test_demo_loads_every_kind_once(db):
    from apertus.accounts.demo import demo_people_load
    from apertus.forums.demo import forums_demo_load
    from apertus.forums.models import Conversation, Forum, Topic
    from apertus.program.demo import fellows_demo_load

    demo_people_load()
    fellows_demo_load()
    assert forums_demo_load() == 2
    assert forums_demo_load() == 0
    for year, states in ((2017, 5), (2018, 10)):
        kinds = list(Forum.objects.filter(phase__year=year).values_list("kind", flat=True))
        assert sorted(set(kinds)) == ["actividad", "estado", "general", "soporte"] and kinds.count("estado") == states
    assert Topic.objects.filter(forum__kind="estado").count() == 15
    assert Conversation.objects.count() == 2
    assert Notice.objects.filter(sent_at__isnull=False).count() == 2
    assert NewsItem.objects.filter(is_published=True).count() == 2
    assert BlogPost.objects.filter(status=BlogStatus.PUBLISHED).count() == 2
    assert Notification.objects.filter(event="cohort_notice").count() == 60
