"""Roles × project state × actions over every team-project view and the API."""

from apertus.core.testing import assert_matrix, client_for, everyone, only
from apertus.teams.models import Deliverable, TeamProject

BASE = "/proyectos/2017/oaxaca/"
INSIDERS = ["fellow_oaxaca", "facilitator", "coordinator"]  # the team, its mentor, coordination


def _urls(project) -> dict[str, str]:
    deliverable = project.deliverables.get()
    return {
        "detail": BASE,
        "manage": BASE + "gestion/",
        "edit": BASE + "gestion/contenido/",
        "team": BASE + "gestion/equipo/",
        "deliverable_add": BASE + "gestion/entregables/nuevo/",
        "submit": BASE + f"gestion/entregables/{deliverable.pk}/entrega/",
        "feedback": BASE + f"gestion/entregables/{deliverable.pk}/retroalimentacion/",
    }


# Who may do what once they can see the project at all.
ALLOWED = {
    "manage": INSIDERS,
    "edit": ["fellow_oaxaca", "coordinator"],
    "team": ["coordinator"],
    "deliverable_add": ["facilitator", "coordinator"],
    "submit": ["fellow_oaxaca"],
    "feedback": ["facilitator", "coordinator"],
}


def test_a_draft_does_not_exist_for_anyone_but_its_team_mentor_and_coordination(people, draft):
    urls = _urls(draft)
    matrix = {("GET", urls["detail"]): only(INSIDERS, 200, 404)}
    for name, allowed in ALLOWED.items():
        # Outsiders get 404 (the draft is invisible to them); insiders without the right get 403.
        matrix[("GET", urls[name])] = only(INSIDERS, 403, 404) | dict.fromkeys(allowed, 200)
    matrix[("GET", "/api/teams/2017/oaxaca")] = everyone(404)
    matrix[("GET", "/api/teams/")] = everyone(200)
    assert_matrix(people, matrix)
    for role in ["anonymous", "citizen", "stl_oaxaca", "advisor", "monitor"]:
        html = client_for(people[role]).get("/proyectos/2017/").content.decode()
        assert 'data-state="oaxaca"' not in html, role
    assert 'data-state="oaxaca"' in client_for(people["fellow_oaxaca"]).get("/proyectos/2017/").content.decode()
    assert client_for(None).get("/api/teams/").json()["count"] == 0


def test_a_published_project_is_public_and_its_management_is_not(people, published):
    urls = _urls(published)
    matrix = {
        ("GET", "/proyectos/"): everyone(200),
        ("GET", "/proyectos/2017/"): everyone(200),
        ("GET", urls["detail"]): everyone(200),
        ("GET", "/api/teams/2017/oaxaca"): everyone(200),
        ("POST", urls["detail"]): everyone(405),
        ("GET", "/proyectos/nuevo/"): only(["coordinator"], 200, 403),
    }
    for name, allowed in ALLOWED.items():
        matrix[("GET", urls[name])] = only(allowed, 200, 403)
    assert_matrix(people, matrix)
    assert client_for(None).get("/api/teams/").json()["items"][0]["state_slug"] == "oaxaca"


def test_only_the_allowed_roles_write(people, published):
    urls = _urls(published)
    deliverables = Deliverable.objects.count()
    assert_matrix(
        people,
        {("POST", urls["deliverable_add"]): only(["facilitator", "coordinator"], 302, 403)},
        data={"title": "Informe", "due_date": "2030-10-31"},
    )
    assert Deliverable.objects.count() == deliverables + 2
    assert_matrix(
        people,
        {("POST", urls["edit"]): only(["fellow_oaxaca", "coordinator"], 302, 403)},
        data={"title": "Agua para todas", "summary": "Resumen"},
    )
    assert TeamProject.objects.get().title == "Agua para todas"
    assert_matrix(
        people,
        {("POST", urls["submit"]): only(["fellow_oaxaca"], 302, 403)},
        data={"link": "https://example.org/diagnostico"},
    )
    assert_matrix(
        people,
        {("POST", urls["feedback"]): only(["facilitator", "coordinator"], 302, 403)},
        data={"feedback": "Muy bien"},
    )
    # Unpublishing: coordination only; then the draft vanishes for outsiders.
    publication = "/proyectos/2017/oaxaca/gestion/publicacion/"
    assert client_for(people["facilitator"]).post(publication, {"publish": "0"}).status_code == 403
    assert client_for(people["coordinator"]).post(publication, {"publish": "0"}).status_code == 302
    assert client_for(people["citizen"]).get(BASE).status_code == 404


def test_coordination_creates_projects_one_per_state_and_cohort(people):
    coordinator = client_for(people["coordinator"])
    from apertus.program.models import ProgramPhase
    from apertus.territories.models import State

    data = {
        "phase": ProgramPhase.objects.get(number=1).pk,
        "state": State.objects.get(code="20").pk,
        "title": "Proyecto",
    }
    assert client_for(people["facilitator"]).post("/proyectos/nuevo/", data).status_code == 403
    assert coordinator.post("/proyectos/nuevo/", data).status_code == 302
    again = coordinator.post("/proyectos/nuevo/", data)
    assert again.status_code == 400 and "ya tiene proyecto" in again.content.decode()
    assert TeamProject.objects.count() == 1
