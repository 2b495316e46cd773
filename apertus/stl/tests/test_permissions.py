"""Roles × states × actions over every STL view, and the wrong state's member changing nothing."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from apertus.core.testing import assert_matrix, client_for, everyone, only
from apertus.documents.models import Document
from apertus.program.models import ExerciseInstitution
from apertus.stl.models import Agreement, Attendance, Member, Session, Stl


def _urls(ctx) -> dict[str, str]:
    slug = ctx["state"].slug
    session = ctx["sessions"][0].pk
    return {
        "detail": f"/stl/{slug}/",
        "session": f"/stl/{slug}/sesiones/{session}/",
        "manage": f"/stl/{slug}/gestion/",
        "edit": f"/stl/{slug}/gestion/datos/",
        "member_add": f"/stl/{slug}/gestion/integrantes/nuevo/",
        "member_end": f"/stl/{slug}/gestion/integrantes/{ctx['members']['gobierno'].pk}/baja/",
        "session_create": f"/stl/{slug}/gestion/sesiones/nueva/",
        "attendance": f"/stl/{slug}/gestion/sesiones/{session}/asistencia/",
        "minutes": f"/stl/{slug}/gestion/sesiones/{session}/minuta/",
        "agreement_add": f"/stl/{slug}/gestion/sesiones/{session}/acuerdos/nuevo/",
        "agreement_status": f"/stl/{slug}/gestion/acuerdos/{ctx['agreement'].pk}/seguimiento/",
    }


MANAGEMENT = [
    "manage",
    "edit",
    "member_add",
    "member_end",
    "session_create",
    "attendance",
    "agreement_add",
    "agreement_status",
    "minutes",
]


def _posts(ctx) -> dict[str, dict]:
    organization = ExerciseInstitution.objects.filter(participation__state=ctx["state"]).first().organization
    return {
        "edit": {"declaration_date": "2016-05-01", "signatories": "Nuevas firmas", "is_published": "on"},
        "member_add": {
            "display_name": "Persona nueva",
            "organization": organization.pk,
            "sector": "gobierno",
            "role": "suplente",
            "start_date": "2026-01-15",
        },
        "session_create": {
            "starts_at": "2026-12-15T10:00",
            "place": "Sala del órgano garante",
            "agenda": "1. Instalación",
        },
        "attendance": {f"m{ctx['members']['gobierno'].pk}": "ausente"},
        "agreement_add": {"text": "Publicar el calendario", "status": "pendiente"},
        "agreement_status": {"status": "cumplido"},
    }


@pytest.mark.parametrize(("state_key", "allowed"), [("oaxaca", "stl_oaxaca"), ("sonora", "stl_sonora")])
def test_permission_matrix(people, request, state_key, allowed):
    ctx = request.getfixturevalue(state_key)
    urls = _urls(ctx)
    runners = ["coordinator", allowed]
    matrix = {("GET", urls[name]): only(runners, 200, 403) for name in MANAGEMENT}
    matrix[("GET", "/stl/")] = everyone(200)
    matrix[("GET", urls["detail"])] = everyone(200)
    matrix[("GET", urls["session"])] = everyone(200)
    matrix[("POST", urls["detail"])] = everyone(405)
    matrix[("POST", urls["session"])] = everyone(405)
    matrix[("POST", urls["manage"])] = everyone(405)
    assert_matrix(people, matrix)

    before = Member.objects.count(), Session.objects.count(), Agreement.objects.count()
    for name, data in _posts(ctx).items():
        assert_matrix(people, {("POST", urls[name]): only(runners, 302, 403)}, data=data)
    # Only the two allowed roles wrote: one member, session and agreement each.
    assert (Member.objects.count(), Session.objects.count(), Agreement.objects.count()) == (
        before[0] + 2,
        before[1] + 2,
        before[2] + 2,
    )

    # Without a file the allowed roles get the form back with its error; the others never get that far.
    assert_matrix(people, {("POST", urls["minutes"]): only(runners, 400, 403)}, data={"is_public": "on"})

    # The STL member (listed before coordination) ends the seat; a second ending is refused, not repeated.
    expected = only([], 302, 403) | {allowed: 302, "coordinator": 400}
    assert_matrix(people, {("POST", urls["member_end"]): expected}, data={"end_date": "2026-11-01"})


def test_drafts_are_hidden_from_everyone_but_coordination_and_the_states_members(people):
    from apertus.stl.tests.conftest import build_stl

    ctx = build_stl("20", published=False)
    urls = _urls(ctx)
    seers = ["coordinator", "stl_oaxaca"]
    assert_matrix(
        people,
        {
            ("GET", urls["detail"]): only(seers, 200, 404),
            ("GET", urls["session"]): only(seers, 200, 404),
            ("GET", "/api/stl/oaxaca"): only(seers, 200, 404),
            ("GET", "/api/stl/oaxaca/sessions"): only(seers, 200, 404),
            ("GET", f"/api/stl/oaxaca/sessions/{ctx['sessions'][0].pk}"): only(seers, 200, 404),
            ("GET", urls["manage"]): only(seers, 200, 403),
        },
    )
    for role in ["anonymous", "citizen", "stl_sonora", "monitor"]:
        html = client_for(people[role]).get("/stl/").content.decode()
        assert 'data-state="oaxaca"' not in html, role
    assert 'data-state="oaxaca"' in client_for(people["stl_oaxaca"]).get("/stl/").content.decode()


def _png() -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "white").save(buffer, "PNG")
    return buffer.getvalue()


def _snapshot():
    return {
        "stl": list(Stl.objects.values_list("pk", "declaration_date", "signatories", "is_published").order_by("pk")),
        "members": list(Member.objects.values_list("pk", "display_name", "end_date", "role").order_by("pk")),
        "sessions": list(Session.objects.values_list("pk", "starts_at", "agenda").order_by("pk")),
        "attendance": list(Attendance.objects.values_list("pk", "status").order_by("pk")),
        "agreements": list(Agreement.objects.values_list("pk", "text", "status").order_by("pk")),
        "documents": Document.objects.count(),
        "history": (
            Stl.history.count(),
            Member.history.count(),
            Session.history.count(),
            Attendance.history.count(),
            Agreement.history.count(),
        ),
    }


def test_a_member_of_another_state_gets_403_and_changes_nothing(people, oaxaca, sonora):
    urls = _urls(oaxaca)
    posts = _posts(oaxaca) | {
        "member_end": {"end_date": timezone.localdate().isoformat()},
        "minutes": {"upload": SimpleUploadedFile("minuta.png", _png(), content_type="image/png"), "is_public": "on"},
    }
    before = _snapshot()
    intruder = client_for(people["stl_sonora"])
    for name, data in posts.items():
        assert intruder.post(urls[name], data).status_code == 403, name
    # The same member may run Sonora's STL, so the refusal is about the state, not the role.
    assert intruder.get(_urls(sonora)["manage"]).status_code == 200
    assert _snapshot() == before


def test_changes_need_a_csrf_token(people, oaxaca):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    strict.force_login(people["stl_oaxaca"], backend="apertus.accounts.backends.AuthenticationBackend")
    before = _snapshot()
    assert strict.post(_urls(oaxaca)["agreement_status"], {"status": "cancelado"}).status_code == 403
    assert _snapshot() == before
