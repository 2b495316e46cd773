"""Table pages, API and open data: who sees and does what, hostile text, query counts, privacy."""

import json
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from apertus.core.testing import assert_inert, assert_matrix, client_for, everyone, only
from apertus.core.tests.test_text import HOSTILE
from apertus.plans.models import PlanStatus
from apertus.plans.tests.conftest import build_plan
from apertus.tables import services
from apertus.tables.models import Registration
from apertus.tables.tests.conftest import make_citizens, make_table

MANAGERS = ["stl_oaxaca", "coordinator"]


def _login_or(status):
    """Management pages: anonymous visitors are sent to log in, others get ``status``."""
    return {**only(MANAGERS, 200, status), "anonymous": 302}


def test_permission_matrix_of_a_public_plan(table, plan, people):
    base = f"/mesas/{table.pk}"
    assert_matrix(
        people,
        {
            ("GET", "/mesas/"): everyone(200),
            ("GET", f"/mesas/oaxaca/{plan.edition}/"): everyone(200),
            ("GET", f"{base}/"): everyone(200),
            ("GET", f"/mesas/oaxaca/{plan.edition}/nueva/"): _login_or(403),
            ("GET", f"{base}/editar/"): _login_or(403),
            ("GET", f"{base}/asistencia/"): _login_or(403),
            ("GET", f"{base}/minuta/"): _login_or(403),
            ("GET", f"{base}/compromisos/"): _login_or(403),
        },
    )


def test_everyone_signed_in_may_register_for_a_public_plans_table(plan, people):
    table = make_table(plan, capacity=50)
    assert_matrix(people, {("POST", f"/mesas/{table.pk}/inscribirme/"): everyone(302)})
    registered = set(Registration.objects.filter(table=table).values_list("user__email", flat=True))
    assert registered == {people[role].email for role in people if role != "anonymous"}


def test_tables_of_a_draft_plan_are_seen_only_by_its_stl_and_coordination(people):
    draft = build_plan("20", commitments=1, milestones=1, status=PlanStatus.DRAFT, edition=7)
    table = make_table(draft, capacity=50)
    hidden = {**only(MANAGERS, 200, 404)}
    assert_matrix(
        people,
        {
            ("GET", f"/mesas/{table.pk}/"): hidden,
            ("GET", f"/mesas/oaxaca/{draft.edition}/"): hidden,
            ("GET", f"/mesas/{table.pk}/editar/"): {**only(MANAGERS, 200, 404), "anonymous": 302},
        },
    )
    # nobody registers for a table of a plan that is not public yet
    assert_matrix(people, {("POST", f"/mesas/{table.pk}/inscribirme/"): {**only(MANAGERS, 403, 404), "anonymous": 302}})
    assert not Registration.objects.filter(table=table).exists()


def test_stl_creates_edits_and_links_through_the_pages(plan, people):
    client = client_for(people["stl_oaxaca"])
    response = client.post(
        f"/mesas/oaxaca/{plan.edition}/nueva/",
        {
            "title": "Mesa de salud",
            "topic": "Abasto",
            "starts_at": "2030-05-01T10:00",
            "ends_at": "2030-05-01T13:00",
            "place": "",
            "online_url": "reuniones.example.org/salud",
            "capacity": 10,
            "status": "programada",
            "facilitator_email": people["facilitator"].email,
            "facilitator_name": "Equipo facilitador",
        },
    )
    assert response.status_code == 302
    table = plan.working_tables.get(title="Mesa de salud")
    assert table.online_url == "https://reuniones.example.org/salud" and table.facilitator == people["facilitator"]
    assert table.history.first().history_user == people["stl_oaxaca"]
    bad = client.post(
        f"/mesas/{table.pk}/editar/",
        {
            "title": "X",
            "starts_at": "2030-05-01T10:00",
            "ends_at": "2030-05-01T09:00",
            "place": "",
            "online_url": "",
            "capacity": 0,
            "status": "programada",
        },
    )
    assert bad.status_code == 400
    commitment = plan.commitments.first()
    assert (
        client.post(f"/mesas/{table.pk}/compromisos/", {"commitment": commitment.pk, "note": "Surgió aquí"}).status_code
        == 302
    )
    assert (
        client.post(
            f"/mesas/{table.pk}/asistencia/",
            {
                f"sector_{s}": 2
                for s in ["gobierno", "sociedad_civil", "organo_garante", "academia", "sector_privado", "ciudadania"]
            },
        ).status_code
        == 302
    )
    html = client_for(None).get(table.get_absolute_url()).content.decode()
    assert 'data-testid="attendance-total">12<' in html and commitment.title in html


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_text_renders_inert(table, plan, people, text):
    services.table_update(actor=None, table=table, topic=text, outcomes=text, title=text[:255])
    services.table_commitment_link(actor=None, table=table, commitment=plan.commitments.first(), note=text)
    html = client_for(people["citizen"]).get(table.get_absolute_url()).content.decode()
    assert_inert(html[html.index("<h1>") : html.index("</h1>")])
    assert_inert(html[html.index('id="tema"') : html.index('id="historial"')])


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx)


def test_table_page_runs_the_same_queries_whatever_the_numbers(plan, people):
    from apertus.participation.services import phase_create, process_create

    now = timezone.now()
    process = process_create(actor=None, plan=plan, title="Cocreación")
    phase_create(
        actor=None,
        process=process,
        kind="mesas",
        name="Mesas",
        starts_at=now - timedelta(days=1),
        ends_at=now + timedelta(days=30),
        actions=["register_table"],
    )
    small, big = make_table(plan, capacity=2), make_table(plan, capacity=20)
    commitment = plan.commitments.first()
    services.registration_create(actor=people["applicant"], table=small)
    services.table_commitment_link(actor=None, table=small, commitment=commitment)
    for person in make_citizens(30):
        services.registration_create(actor=person, table=big)
    services.attendance_record(actor=None, table=big, counts={"gobierno": 4, "academia": 2, "ciudadania": 20})
    services.table_commitment_link(actor=None, table=big, commitment=commitment, note="**Nota**")
    for n in range(5):
        services.table_update(actor=None, table=big, outcomes=f"Resultado {n}")
    client = client_for(people["citizen"])
    client.get("/")  # warm the session
    counts = [_queries(client, small.get_absolute_url()), _queries(client, big.get_absolute_url())]
    # Measured: 11. Four for any signed-in page (session, user, roles, the header's unread badge) and seven
    # for the table (table with counts, attendance, links, my registration, the plan's process and its
    # phases, history). A change here is a regression.
    assert counts[0] == counts[1] <= 11, counts


def test_no_personal_data_on_the_page_the_api_or_the_open_data(table, people):
    registrants = make_citizens(3, prefix="secreta")
    for person in registrants:
        services.registration_create(actor=person, table=table)
    services.attendance_record(actor=None, table=table, counts={"ciudadania": 3})
    outputs = {
        "page (citizen)": client_for(people["citizen"]).get(table.get_absolute_url()).content.decode(),
        "page (stl)": client_for(people["stl_oaxaca"]).get(table.get_absolute_url()).content.decode(),
        "api list": client_for(None).get("/api/tables/").content.decode(),
        "api one": client_for(None).get(f"/api/tables/{table.pk}").content.decode(),
        "dataset": b"".join(client_for(None).get("/datos/mesas-de-trabajo.csv").streaming_content).decode(),
    }
    for where, text in outputs.items():
        for person in registrants:
            assert person.email not in text, where
            if where != "page (stl)":
                assert person.first_name not in text, where
    # the STL sees names (to run the table) on its management page, never e-mails
    management = client_for(people["stl_oaxaca"]).get(f"/mesas/{table.pk}/asistencia/").content.decode()
    assert "Persona 0" in management and "secreta0@ejemplo.mx" not in management


def test_api_gives_seats_and_attendance_counts_of_public_plans_only(table, plan, people):
    services.registration_create(actor=people["citizen"], table=table)
    services.attendance_record(actor=None, table=table, counts={"gobierno": 2, "ciudadania": 5})
    services.table_commitment_link(actor=None, table=table, commitment=plan.commitments.first())
    draft = build_plan("20", commitments=1, milestones=1, status=PlanStatus.DRAFT, edition=7)
    hidden = make_table(draft)
    body = json.loads(client_for(None).get("/api/tables/").content)
    assert [t["id"] for t in body["items"]] == [table.pk]
    item = body["items"][0]
    assert (item["capacity"], item["confirmed"], item["waitlist"], item["seats_left"]) == (2, 1, 0, 1)
    assert item["attendance"]["ciudadania"] == 5 and item["attendance_total"] == 7
    assert item["commitment_ids"] == [plan.commitments.first().pk] and item["state_code"] == "20"
    assert client_for(None).get(f"/api/tables/{hidden.pk}").status_code == 404
    assert json.loads(client_for(None).get("/api/tables/?state=26").content)["items"] == []


def test_dataset_has_counts_per_table(table):
    for person in make_citizens(3):
        services.registration_create(actor=person, table=table)
    services.attendance_record(actor=None, table=table, counts={"academia": 4})
    rows = b"".join(client_for(None).get("/datos/mesas-de-trabajo.csv").streaming_content).decode().splitlines()
    header, first = rows[0].lstrip("\ufeff").split(","), rows[1].split(",")
    record = dict(zip(header, first, strict=True))
    assert record["cupo"] == "2" and record["inscripciones_confirmadas"] == "2" and record["lista_de_espera"] == "1"
    assert (
        record["asistencia_academia"] == "4"
        and record["asistencia_total"] == "4"
        and record["modalidad"] == "presencial"
    )


def test_commitment_tables_include_lists_the_tables_with_their_notes(table, plan):
    from django.template.loader import render_to_string

    from apertus.tables.selectors import tables_for_commitment

    commitment = plan.commitments.first()
    assert (
        render_to_string("tables/commitment_tables.html", {"tables": tables_for_commitment(commitment)}).strip() == ""
    )
    services.table_commitment_link(actor=None, table=table, commitment=commitment, note="**Nació** aquí")
    html = render_to_string("tables/commitment_tables.html", {"tables": tables_for_commitment(commitment)})
    assert table.get_absolute_url() in html and "<strong>Nació</strong>" in html


def _table_post(client, plan, title, email, name="Equipo facilitador"):
    return client.post(
        f"/mesas/oaxaca/{plan.edition}/nueva/",
        {
            "title": title,
            "topic": "",
            "starts_at": "2030-05-01T10:00",
            "ends_at": "2030-05-01T13:00",
            "place": "Sala de cabildo",
            "online_url": "",
            "capacity": 10,
            "status": "programada",
            "facilitator_email": email,
            "facilitator_name": name,
        },
    )


def test_the_table_form_does_not_tell_whether_an_email_has_an_account(people, plan):
    client = client_for(people["stl_oaxaca"])
    known = _table_post(client, plan, "Mesa A", people["facilitator"].email.upper())
    unknown = _table_post(client, plan, "Mesa B", "nadie-con-cuenta@example.org")
    assert known.status_code == unknown.status_code == 302
    a, b = plan.working_tables.get(title="Mesa A"), plan.working_tables.get(title="Mesa B")
    assert a.facilitator == people["facilitator"] and b.facilitator is None  # linked quietly, or kept for later
    assert (a.facilitator_email, b.facilitator_email) == (people["facilitator"].email, "nadie-con-cuenta@example.org")
    # The edit form shows back what was typed, either way; the public page shows the name typed.
    for table, email in ((a, a.facilitator_email), (b, b.facilitator_email)):
        form = client.get(f"/mesas/{table.pk}/editar/").context["form"]
        assert form["facilitator_email"].value() == email
        html = client_for(None).get(f"/mesas/{table.pk}/").content.decode()
        assert "Equipo facilitador" in html and people["facilitator"].public_name not in html
    # Without a name, both are refused the same way (never the account's name shown in its place).
    refused = [
        _table_post(client, plan, "Mesa C", email, name="")
        for email in (people["facilitator"].email, "otra-sin-cuenta@example.org")
    ]
    assert [r.status_code for r in refused] == [400, 400]
    assert refused[0].context["form"].errors == refused[1].context["form"].errors
    assert "cuenta" not in str(refused[0].context["form"].errors)
