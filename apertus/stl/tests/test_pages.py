"""The public STL pages: what they show, how many queries they take, and hostile text kept inert."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from apertus.accounts.models import Role, RoleAssignment
from apertus.core.testing import assert_inert, client_for
from apertus.stl import services
from apertus.stl.models import Agreement, AgreementStatus, AttendanceStatus, Member
from apertus.stl.tests.conftest import at, build_stl

HOSTILE = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    "[clic](javascript:alert(1))",
    '<svg onload="alert(1)"><circle/></svg>',
    "<iframe src='https://evil.example'></iframe>",
    '<a href="https://ejemplo.mx" onclick="x()">a</a>',
]


def test_page_groups_members_by_sector_and_shows_sessions_and_agreements(oaxaca, client):
    services.member_end(
        actor=None, member=oaxaca["members"]["sociedad_civil"], end_date=timezone.localdate() - timedelta(days=1)
    )
    services.session_create(
        actor=None, stl=oaxaca["stl"], starts_at=timezone.now() + timedelta(days=10), place="Palacio de Gobierno"
    )
    html = client.get("/stl/oaxaca/").content.decode()
    sections = html.split("<h3>")
    government = next(s for s in sections if s.startswith("Gobierno"))
    assert "Integrante gobierno oaxaca" in government
    civil = next(s for s in sections if s.startswith("Sociedad civil"))
    assert "Sin integrantes activos de este sector." in civil
    assert "Integrantes anteriores" in html and "Integrante sociedad_civil oaxaca" in html
    upcoming = html.split("Próximas sesiones")[1].split("Sesiones celebradas")[0]
    assert "Palacio de Gobierno" in upcoming
    assert "Publicar la minuta" in html and "Pendiente" in html
    alert = re.search(r'<div role="alert" data-testid="stl-alerts">(.*?)</div>', html, re.S).group(1)
    assert 'data-flag="sectors_without_active_member"' in alert and "Sociedad civil" in alert
    assert 'data-flag="no_meeting_in_6_months"' not in alert


def test_six_month_flag_shows_on_the_page_and_the_index(people, client):
    build_stl("26", sessions_ago=(200,))
    build_stl("20", sessions_ago=(20,))
    html = client.get("/stl/sonora/").content.decode()
    assert 'role="alert"' in html and 'data-flag="no_meeting_in_6_months"' in html
    assert 'data-flag="no_meeting_in_6_months"' not in client.get("/stl/oaxaca/").content.decode()
    index = client.get("/stl/").content.decode()
    sonora_row = re.search(r'<tr data-state="sonora">(.*?)</tr>', index, re.S).group(1)
    oaxaca_row = re.search(r'<tr data-state="oaxaca">(.*?)</tr>', index, re.S).group(1)
    assert 'data-flag="no_meeting_in_6_months"' in sonora_row
    assert 'data-flag="no_meeting_in_6_months"' not in oaxaca_row


def _queries_for(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx)


def _busy(ctx, extra_sessions: int):
    members = list(ctx["members"].values())
    for n in range(extra_sessions):
        day = timezone.localdate() - timedelta(days=40 + n)
        session = services.session_create(
            actor=None, stl=ctx["stl"], starts_at=at(day), place=f"Sala {n}", agenda=f"Punto {n}"
        )
        services.attendance_record(
            actor=None, session=session, statuses={m.pk: AttendanceStatus.PRESENT for m in members}
        )
        for status in (AgreementStatus.PENDING, AgreementStatus.DONE):
            services.agreement_add(
                actor=None,
                session=session,
                text=f"Acuerdo {n}",
                owner_member=members[n % 3],
                due_date=day + timedelta(days=10),
                status=status,
            )
    services.session_create(actor=None, stl=ctx["stl"], starts_at=timezone.now() + timedelta(days=3), place="Próxima")


@pytest.mark.parametrize("who", ["anonymous", "stl_oaxaca"])
def test_stl_page_takes_the_same_queries_with_3_or_30_sessions(people, who):
    small, large = build_stl("26", sessions_ago=()), build_stl("20", sessions_ago=())
    _busy(small, 3)
    _busy(large, 30)
    client = client_for(people[who])
    client.get("/")  # settle the session and language cookies first
    counts = {
        url: (_queries_for(client, f"/stl/sonora/{url}"), _queries_for(client, f"/stl/oaxaca/{url}"))
        for url in ["", "?page=2"]
    }
    for url, (few, many) in counts.items():
        assert few == many, (url, few, many)
    assert counts[""][1] <= 16
    # Past sessions are paginated, newest first: the oldest (Sala 29) is on the third page.
    assert not re.search(r"Sala 29\b", client.get("/stl/oaxaca/").content.decode())
    assert re.search(r"Sala 29\b", client.get("/stl/oaxaca/?page=3").content.decode())


def test_api_session_list_takes_the_same_queries_with_3_or_30_sessions(people, client):
    small, large = build_stl("26", sessions_ago=()), build_stl("20", sessions_ago=())
    _busy(small, 3)
    _busy(large, 30)
    assert _queries_for(client, "/api/stl/sonora/sessions") == _queries_for(client, "/api/stl/oaxaca/sessions")
    assert _queries_for(client, "/api/stl/sonora") == _queries_for(client, "/api/stl/oaxaca")


def _fragments(html: str, css_class: str) -> list[str]:
    return re.findall(rf'<div class="{css_class}">(.*?)</div>', html, re.S)


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_markdown_in_agenda_and_agreements_is_inert(oaxaca, people, client, text):
    session = services.session_create(
        actor=None, stl=oaxaca["stl"], starts_at=at(timezone.localdate()), place="Sala", agenda=f"Orden\n\n{text}"
    )
    services.agreement_add(
        actor=None, session=session, text=f"Acuerdo {text}", due_date=timezone.localdate() - timedelta(days=1)
    )
    pages = [
        client.get("/stl/oaxaca/").content.decode(),
        client.get(f"/stl/oaxaca/sesiones/{session.pk}/").content.decode(),
        client_for(people["stl_oaxaca"]).get(f"/stl/oaxaca/sesiones/{session.pk}/").content.decode(),
    ]
    for html in pages:
        fragments = _fragments(html, "agenda") + _fragments(html, "agreement-text")
        assert fragments
        for fragment in fragments:
            assert_inert(fragment)
        assert "<script>alert" not in html and "<iframe" not in html
    assert len(_fragments(pages[0], "agreement-text")) >= 2  # shown with its session and among the overdue


def test_member_with_an_account_can_run_the_stl_until_the_seat_ends(people, oaxaca):
    coordinator = client_for(people["coordinator"])
    citizen = people["citizen"]
    organization = oaxaca["members"]["gobierno"].organization
    assert client_for(citizen).get("/stl/oaxaca/gestion/").status_code == 403
    response = coordinator.post(
        "/stl/oaxaca/gestion/integrantes/nuevo/",
        {
            "display_name": citizen.public_name,
            "email": citizen.email,
            "organization": organization.pk,
            "sector": "sociedad_civil",
            "role": "representante",
            "start_date": (timezone.localdate() - timedelta(days=30)).isoformat(),
        },
    )
    assert response.status_code == 302
    member = Member.objects.get(stl=oaxaca["stl"], person=citizen)
    assert member.display_name == citizen.public_name
    role = RoleAssignment.objects.get(user=citizen, role=Role.STL_MEMBER)
    assert (role.state, role.organization, role.sector, role.ends_on) == (
        oaxaca["state"],
        organization,
        "sociedad_civil",
        None,
    )
    assert client_for(citizen).get("/stl/oaxaca/gestion/").status_code == 200
    assert client_for(citizen).get("/stl/sonora/gestion/").status_code == 404  # Sonora has no STL here

    yesterday = timezone.localdate() - timedelta(days=1)
    response = client_for(citizen).post(
        f"/stl/oaxaca/gestion/integrantes/{member.pk}/baja/", {"end_date": yesterday.isoformat()}
    )
    assert response.status_code == 302
    role.refresh_from_db()
    member.refresh_from_db()
    assert member.end_date == yesterday and role.ends_on == yesterday
    assert client_for(citizen).get("/stl/oaxaca/gestion/").status_code == 403


def test_bad_input_is_refused_with_the_form_again(people, oaxaca):
    client = client_for(people["stl_oaxaca"])
    before = Member.objects.count(), Agreement.objects.count()
    response = client.post(
        "/stl/oaxaca/gestion/integrantes/nuevo/",
        {
            "email": "nadie@example.org",
            "organization": oaxaca["members"]["gobierno"].organization_id,
            "sector": "gobierno",
            "role": "representante",
            "start_date": "2026-01-01",
        },
    )
    assert response.status_code == 400 and "Este campo es obligatorio" in response.content.decode()  # the name
    member = oaxaca["members"]["gobierno"]
    response = client.post(
        f"/stl/oaxaca/gestion/integrantes/{member.pk}/baja/",
        {"end_date": (member.start_date - timedelta(days=1)).isoformat()},
    )
    assert response.status_code == 400 and "no puede ser anterior" in response.content.decode()
    response = client.post("/stl/oaxaca/gestion/sesiones/nueva/", {"starts_at": "2026-12-01T10:00"})
    assert response.status_code == 400 and "Indica el lugar" in response.content.decode()
    sonora = build_stl("26")
    response = client_for(people["coordinator"]).post(
        f"/stl/oaxaca/gestion/sesiones/{oaxaca['sessions'][0].pk}/acuerdos/nuevo/",
        {"text": "Acuerdo", "status": "pendiente", "owner_member": sonora["members"]["gobierno"].pk},
    )
    assert response.status_code == 400  # a member of another STL cannot own Oaxaca's agreement
    assert (Member.objects.count(), Agreement.objects.count()) == (before[0] + 3, before[1] + 1)


def test_unknown_states_and_sessions_are_404(people, oaxaca, sonora, client):
    assert client.get("/stl/zacatecas/").status_code == 404
    assert client.get("/stl/atlantida/").status_code == 404
    assert client.get(f"/stl/oaxaca/sesiones/{sonora['sessions'][0].pk}/").status_code == 404
    coordinator = client_for(people["coordinator"])
    assert coordinator.get(f"/stl/oaxaca/gestion/acuerdos/{sonora['agreement'].pk}/seguimiento/").status_code == 404
    assert (
        coordinator.post(
            f"/stl/oaxaca/gestion/integrantes/{sonora['members']['gobierno'].pk}/baja/", {"end_date": "2026-11-01"}
        ).status_code
        == 404
    )


def test_the_member_form_never_tells_whether_an_email_has_an_account(people, oaxaca):
    client = client_for(people["stl_oaxaca"])
    organization = oaxaca["members"]["gobierno"].organization_id
    answers = []
    for email in (people["citizen"].email, "nadie@example.org"):
        for name in ("", "Persona Integrante"):
            response = client.post(
                "/stl/oaxaca/gestion/integrantes/nuevo/",
                {
                    "display_name": name,
                    "email": email,
                    "organization": organization,
                    "sector": "gobierno",
                    "role": "representante",
                    "start_date": "2026-01-01",
                },
                follow=True,
            )
            body = response.content.decode()
            answers.append(
                (
                    response.status_code,
                    "obligatorio" in body,
                    "Se agregó" in body,
                    "cuenta" in body.split('role="alert"')[-1][:300] if 'role="alert"' in body else False,
                )
            )
    assert answers[0] == answers[2] and answers[1] == answers[3], answers
