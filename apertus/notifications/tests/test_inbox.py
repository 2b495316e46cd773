"""The inbox: only the owner's notifications, unread first, marked read by POST, bounded queries, inert text."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from apertus.core.testing import assert_inert, client_for
from apertus.core.tests.test_text import HOSTILE
from apertus.notifications.models import Notification
from apertus.notifications.services import notify

pytestmark = pytest.mark.django_db


def _notify(user, n, **extra):
    args = {
        "event": "comment_reply",
        "title": f"Aviso {n}",
        "body": f"Texto {n}",
        "url": f"/comentarios/{n}/",
        "dedupe_key": f"aviso:{n}",
    }
    args.update(extra)
    return notify(recipients=[user], **args)


def test_only_the_owner_sees_and_marks_their_notifications(make_person, client):
    ana, beto = make_person("Ana"), make_person("Beto")
    _notify(ana, 1, title="Solo para Ana")
    _notify(beto, 2, title="Solo para Beto")
    assert client.get("/notificaciones/").status_code == 302  # anonymous: to log in
    html = client_for(ana).get("/notificaciones/").content.decode()
    assert "Solo para Ana" in html and "Solo para Beto" not in html
    betos = Notification.objects.get(recipient=beto)
    assert client_for(ana).post(f"/notificaciones/{betos.pk}/leida/").status_code == 404
    assert client_for(ana).get(f"/notificaciones/{betos.pk}/leida/").status_code == 405
    assert client.post(f"/notificaciones/{betos.pk}/leida/").status_code == 302
    betos.refresh_from_db()
    assert betos.read_at is None


def test_unread_first_marked_and_marked_read_by_post(make_person):
    ana = make_person("Ana")
    for n in range(3):
        _notify(ana, n)
    first = Notification.objects.get(dedupe_key="aviso:0")
    client = client_for(ana)
    response = client.post(f"/notificaciones/{first.pk}/leida/", {"next": "/notificaciones/?page=1"})
    assert response.status_code == 302 and response.url == "/notificaciones/?page=1"
    first.refresh_from_db()
    assert first.read_at is not None
    html = client.get("/notificaciones/").content.decode()
    assert html.count('data-testid="unread"') == 2
    assert 'data-testid="unread-count">Tienes 2 avisos sin leer.' in html
    assert html.index("Aviso 2") < html.index("Aviso 1") < html.index("Aviso 0")  # unread first, newest first
    assert client.post("/notificaciones/leidas/").status_code == 302
    assert not Notification.objects.filter(read_at__isnull=True).exists()
    assert 'data-testid="unread"' not in client.get("/notificaciones/").content.decode()


def test_the_inbox_is_paginated_and_its_queries_do_not_grow(make_person):
    few, many = make_person("Pocos"), make_person("Muchos")
    for n in range(5):
        _notify(few, n)
    Notification.objects.bulk_create(
        [
            Notification(recipient=many, event="comment_reply", title=f"Aviso {n}", dedupe_key=f"bulk:{n}", batch="x")
            for n in range(100)
        ]
    )
    counts = []
    for person in (few, many):
        client = client_for(person)
        client.get("/notificaciones/")  # warm the session
        with CaptureQueriesContext(connection) as queries:
            html = client.get("/notificaciones/").content.decode()
        counts.append(len(queries))
        assert html.count('data-testid="notification"') == (5 if person is few else 30)
    assert counts[0] == counts[1] and counts[1] <= 8
    page4 = client_for(many).get("/notificaciones/?page=4").content.decode()
    assert page4.count('data-testid="notification"') == 10


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_text_renders_inert(make_person, text):
    ana = make_person("Ana")
    _notify(ana, 1, title=text, body=text, url=text if len(text) < 100 else "/")
    html = client_for(ana).get("/notificaciones/").content.decode()
    [fragment] = re.findall(r'<div class="notification-text">(.*?)</div>', html, re.S)
    assert_inert(fragment)
    assert "<script>alert" not in html and "<iframe" not in html and 'href="javascript' not in html


def test_notice_markdown_is_rendered_safely_in_the_inbox(make_person):
    ana = make_person("Ana")
    _notify(
        ana,
        1,
        body="La sesión es **mañana**.\n\n- Lleva tu [guía](https://ejemplo.mx/guia)\n\n<img src=x onerror=alert(1)>",
    )
    html = client_for(ana).get("/notificaciones/").content.decode()
    body = re.search(r'<div class="notification-body">(.*?)</div>', html, re.S).group(1)
    assert "<strong>mañana</strong>" in body and "**" not in body
    assert '<a href="https://ejemplo.mx/guia"' in body
    assert "<img" not in body  # raw HTML is shown as text, never run
    assert_inert(body)
