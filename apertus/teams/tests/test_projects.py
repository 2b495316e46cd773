"""Who can be on a team, what it can link to, hostile text, bounded pages, open data and the demo."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from apertus.core.testing import assert_inert, client_for
from apertus.plans.tests.conftest import build_plan
from apertus.program.models import ProgramPhase
from apertus.taxonomy.models import Term
from apertus.teams import services
from apertus.teams.models import TeamProject
from apertus.teams.tests.conftest import build_project, fellow
from apertus.territories.models import State

HOSTILE = (
    "<script>alert(1)</script> <img src=x onerror=alert(2)> [x](javascript:alert(3)) "
    '<a href="javascript:alert(4)">y</a> <iframe src="https://evil.example"></iframe>'
)


def test_the_team_is_made_only_of_fellows_of_that_cohort_and_state(people, draft):
    sonora = fellow("sonora@test.apertus.mx", "26")
    oaxaca_2018 = fellow("oaxaca2018@test.apertus.mx", "20", phase_number=2)
    for stranger in (sonora, oaxaca_2018, people["citizen"], people["stl_oaxaca"]):
        with pytest.raises(ValidationError) as error:
            services.project_set_team(
                actor=people["coordinator"], project=draft, fellows=[people["fellow_oaxaca"], stranger]
            )
        assert "fellows" in error.value.message_dict
    assert people["fellow_oaxaca"] in draft.fellows.all() and draft.fellows.count() == 2


def test_the_mentor_is_a_facilitator_and_the_stl_is_the_states(people, draft):
    for not_facilitator in (people["citizen"], people["advisor"], people["fellow_oaxaca"]):
        with pytest.raises(ValidationError) as error:
            services.project_set_team(actor=None, project=draft, fellows=[], mentor=not_facilitator)
        assert "mentor" in error.value.message_dict
    from apertus.stl.services import stl_create

    sonora_stl = stl_create(actor=None, state=State.objects.get(code="26"))
    draft.refresh_from_db()
    with pytest.raises(ValidationError) as error:
        services.project_set_team(actor=None, project=draft, fellows=[], mentor=people["facilitator"], stl=sonora_stl)
    assert "stl" in error.value.message_dict


def test_commitments_come_from_the_states_plans_and_targets_are_sdg_targets(people, draft):
    oaxaca, sonora = build_plan("20", commitments=1, milestones=1), build_plan("26", commitments=1, milestones=1)
    mine, theirs = oaxaca.commitments.get(), sonora.commitments.get()
    target = Term.objects.get(scheme="sdg_target", code="16.10")
    goal = Term.objects.get(scheme="sdg_goal", code="16")
    actor = people["fellow_oaxaca"]
    with pytest.raises(ValidationError):
        services.project_update(actor=actor, project=draft, title="T", summary="", commitments=[mine, theirs])
    with pytest.raises(ValidationError):
        services.project_update(actor=actor, project=draft, title="T", summary="", targets=[goal])
    services.project_update(actor=actor, project=draft, title="T", summary="", commitments=[mine], targets=[target])
    assert list(draft.commitments.all()) == [mine] and list(draft.targets.all()) == [target]


def test_one_project_per_state_and_cohort_in_the_database(people, draft):
    with pytest.raises(ValidationError):
        services.project_create(actor=None, phase=draft.phase, state=draft.state, title="Otro")
    with pytest.raises(IntegrityError):
        TeamProject.objects.create(phase=draft.phase, state=draft.state, title="Otro")


def test_hostile_markdown_is_inert_on_the_page_and_the_team_change_is_in_the_history(people, published):
    services.project_update(actor=people["fellow_oaxaca"], project=published, title="Proyecto", summary=HOSTILE)
    deliverable = services.deliverable_create(
        actor=people["facilitator"],
        project=published,
        title="Informe",
        description=HOSTILE,
        due_date=published.deliverables.first().due_date,
    )
    services.deliverable_submit(actor=people["fellow_oaxaca"], deliverable=deliverable, link="https://example.org/i")
    services.deliverable_feedback(actor=people["facilitator"], deliverable=deliverable, feedback=HOSTILE)
    for role in ["anonymous", "fellow_oaxaca"]:
        html = client_for(people[role]).get("/proyectos/2017/oaxaca/").content.decode()
        assert_inert(html.split('<main id="contenido"', 1)[1])
        assert "&lt;script&gt;" in html
    public = client_for(None).get("/proyectos/2017/oaxaca/").content.decode()
    team = client_for(people["fellow_oaxaca"]).get("/proyectos/2017/oaxaca/").content.decode()
    assert "Retroalimentación" not in public and "Retroalimentación" in team  # feedback stays inside
    assert public.count("Equipo: ") == 1  # who formed the team, once, in the public history
    assert "@" not in public.split('<main id="contenido"', 1)[1]  # names only, never e-mails


def test_project_and_cohort_pages_run_a_bounded_number_of_queries(people, client, django_assert_max_num_queries):
    for code in ("20", "26", "08", "17", "19"):
        project = (
            build_project(people, published=True, state_code=code)
            if code == "20"
            else services.project_create(
                actor=None,
                phase=ProgramPhase.objects.get(number=1),
                state=State.objects.get(code=code),
                title=f"P {code}",
                is_published=True,
            )
        )
        for n in range(5):
            services.deliverable_create(actor=None, project=project, title=f"E{n}", due_date=project.created_at.date())
    with django_assert_max_num_queries(8):
        assert client.get("/proyectos/2017/oaxaca/").status_code == 200
    with django_assert_max_num_queries(5):
        assert client.get("/proyectos/2017/").status_code == 200
    with django_assert_max_num_queries(6):
        assert client.get("/api/teams/2017/oaxaca").status_code == 200


def test_the_open_data_lists_published_projects_only(people, published):
    services.project_create(actor=None, phase=published.phase, state=State.objects.get(code="26"), title="Borrador")
    response = client_for(None).get("/datos/proyectos-de-equipo.csv")
    body = b"".join(response.streaming_content).decode()
    assert response.status_code == 200
    rows = body.strip().splitlines()
    assert len(rows) == 2 and "Datos abiertos del agua" in rows[1] and "Borrador" not in body


def test_demo_loads_one_project_per_state_and_cohort_once(db):
    from apertus.accounts.demo import demo_people_load
    from apertus.program.demo import fellows_demo_load
    from apertus.teams.demo import teams_demo_load

    demo_people_load()
    fellows_demo_load()
    assert teams_demo_load() == 15
    assert teams_demo_load() == 0
    projects = TeamProject.objects.all()
    assert projects.count() == 15
    assert projects.filter(is_published=True).count() == 13
    assert all(p.fellows.count() == 4 and p.mentor_id for p in projects)
    assert projects.filter(deliverables__feedback_at__isnull=False).distinct().count() == 15
    assert projects.filter(deliverables__is_late=True).exists()
