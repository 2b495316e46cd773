"""The STL API: published STLs only, public fields only, lists paginated."""

import csv
import io

from apertus.stl import services
from apertus.stl.tests.conftest import build_stl


def test_list_shows_published_stls_with_their_health(people, client):
    build_stl("20", sessions_ago=(30,))
    build_stl("26", sessions_ago=(300,))
    build_stl("08", published=False)
    page = client.get("/api/stl/").json()
    assert page["count"] == 2
    by_state = {item["state_slug"]: item for item in page["items"]}
    assert set(by_state) == {"oaxaca", "sonora"}
    assert by_state["sonora"]["health"]["no_meeting_in_6_months"] is True
    assert by_state["oaxaca"]["health"]["no_meeting_in_6_months"] is False
    assert by_state["oaxaca"]["health"]["agreements_by_status"]["pendiente"] == 1
    assert client.get("/api/stl/?limit=1&offset=1").json()["items"][0]["state_slug"] == "sonora"
    # Drafts stay out of the list even for those who may see them on the site.
    from apertus.core.testing import client_for

    assert client_for(people["coordinator"]).get("/api/stl/").json()["count"] == 2


def test_detail_lists_members_with_public_fields_only(people, oaxaca, client):
    citizen = people["citizen"]
    services.member_add(
        actor=None,
        stl=oaxaca["stl"],
        person=citizen,
        display_name="Ciudadana integrante",
        organization=oaxaca["members"]["gobierno"].organization,
        sector="sociedad_civil",
    )
    response = client.get("/api/stl/oaxaca")
    assert response.status_code == 200
    data = response.json()
    assert citizen.email not in response.content.decode() and "@" not in response.content.decode()
    member = next(m for m in data["members"] if m["name"] == "Ciudadana integrante")
    assert set(member) == {"name", "organization", "organization_slug", "sector", "role", "start_date", "end_date"}
    assert member["sector"] == "sociedad_civil" and member["end_date"] is None
    assert data["health"]["sectors_without_active_member"] == []
    assert client.get("/api/stl/zacatecas").status_code == 404


def test_sessions_paginate_and_session_detail_counts_attendance(oaxaca, client):
    for n in range(3):
        services.session_create(
            actor=None,
            stl=oaxaca["stl"],
            starts_at=oaxaca["sessions"][0].starts_at.replace(year=2019 + n),
            place=f"Sala {n}",
        )
    page = client.get("/api/stl/oaxaca/sessions?limit=2&offset=0").json()
    assert page["count"] == 4 and len(page["items"]) == 2
    assert page["items"][0]["id"] == oaxaca["sessions"][0].pk  # newest first
    session = client.get(f"/api/stl/oaxaca/sessions/{oaxaca['sessions'][0].pk}").json()
    assert session["attendance"] == {"presente": 2, "ausente": 0, "justificada": 1}
    assert [a["text"] for a in session["agreements"]] == ["Publicar la minuta"]
    assert session["agreements"][0]["status"] == "pendiente"
    assert session["agenda"].startswith("1. Bienvenida")


def test_a_session_is_reached_only_through_its_own_stl(oaxaca, sonora, client):
    assert client.get(f"/api/stl/oaxaca/sessions/{sonora['sessions'][0].pk}").status_code == 404
    assert client.get("/api/stl/oaxaca/sessions/999999").status_code == 404


def _csv(client, slug) -> list[dict]:
    response = client.get(f"/datos/{slug}.csv")
    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode("utf-8").lstrip("\ufeff")
    return list(csv.DictReader(io.StringIO(text)))


def test_open_data_has_published_stls_only_and_no_contact_data(people, client):
    published = build_stl("20")
    build_stl("26", published=False)
    services.member_add(
        actor=None,
        stl=published["stl"],
        person=people["citizen"],
        display_name="Con cuenta",
        organization=published["members"]["gobierno"].organization,
        sector="gobierno",
    )
    members = _csv(client, "stl-integrantes")
    assert {r["clave_entidad"] for r in members} == {"20"} and len(members) == 4
    assert not any("@" in value for row in members for value in row.values())
    sessions = _csv(client, "stl-sesiones")
    assert [(r["clave_entidad"], r["presentes"], r["ausencias_justificadas"], r["acuerdos"]) for r in sessions] == [
        ("20", "2", "1", "1")
    ]
    agreements = _csv(client, "stl-acuerdos")
    assert [(r["clave_entidad"], r["estado"], r["sesion_id"]) for r in agreements] == [
        ("20", "pendiente", sessions[0]["id"])
    ]
