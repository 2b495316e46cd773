import pytest
from django.urls import reverse
from django.utils import timezone

from apertus.accounts.selectors import forget_roles
from apertus.core.testing import assert_matrix, client_for, only
from apertus.dashboard import selectors
from apertus.dashboard.tests.conftest import world_kept

URL = "/mi-panel/"


def sections_of(user) -> dict[str, selectors.Section]:
    forget_roles(user)
    return {section.key: section for section in selectors.dashboard_of(user)}


def test_only_signed_in_people_open_a_panel(people):
    signed_in = [key for key in people if key != "anonymous"]
    assert_matrix(people, {("GET", URL): only(signed_in, 200, 302)})
    assert reverse("dashboard:panel") == URL


def test_a_panel_refuses_other_methods_and_ignores_hostile_query(people):
    client = client_for(people["citizen"])
    assert client.get(URL + "?x=%00<script>").status_code == 200
    assert client.get(URL + "../../etc/passwd").status_code == 404


@pytest.fixture
def world(people):
    return world_kept(people, 2)


def test_stl_member_sees_overdue_milestones_of_their_own_plan_only(world):
    oaxaca = sections_of(world.people["stl_oaxaca"])
    milestones = oaxaca["milestones"]
    assert milestones.total == 2
    assert all(item.late and item.url.endswith("/avance/") for item in milestones.items)
    assert {item.note for item in milestones.items} == {"Oaxaca"}
    sonora = sections_of(world.people["stl_sonora"])
    assert sonora["milestones"].total == 1 and sonora["milestones"].items[0].note == "Sonora"
    # an STL member moderates their own state's content, not another's
    assert oaxaca["flags"].total == 2 and sonora["flags"].total == 0
    for key in ("rounds", "evaluations", "submissions", "activities", "proofs"):
        assert key not in oaxaca


def test_advisor_sees_open_rounds_of_the_plans_they_advise(world):
    mine = sections_of(world.people["advisor"])
    assert mine["rounds"].total == 2
    assert mine["rounds"].items[0].url == reverse(
        "advice:round_detail", args=[mine["rounds"].items[0].url.split("/")[-2]]
    )
    assert "milestones" not in mine and "submissions" not in mine


def test_evaluator_sees_applications_to_score_and_nobody_else_does(world):
    mine = sections_of(world.evaluator)
    assert mine["evaluations"].total == 2
    assert all("/convocatorias/evaluaciones/" in item.url for item in mine["evaluations"].items)
    for key in ("citizen", "coordinator", "stl_oaxaca", "fellow_oaxaca"):
        assert "evaluations" not in sections_of(world.people[key])


def test_facilitator_sees_submissions_to_grade(world):
    mine = sections_of(world.people["facilitator"])
    assert mine["submissions"].total == 2
    assert all(item.url.startswith("/formacion/") for item in mine["submissions"].items)
    assert "submissions" not in sections_of(world.fellow)


def test_fellow_sees_what_closes_this_week_and_not_later(world):
    mine = sections_of(world.fellow)
    titles = [item.title for item in mine["activities"].items]
    assert titles == ["Tarea 1"]  # the final deliverable closes in a month
    assert "milestones" not in mine and "flags" not in mine


def test_coordinator_sees_flags_and_unchecked_proofs(world):
    mine = sections_of(world.people["coordinator"])
    assert mine["flags"].total == 2
    assert mine["proofs"].total == 2
    assert all("/gestion/solicitudes/" in item.url for item in mine["proofs"].items)


def test_everyone_sees_their_own_unread_notices(world):
    citizen = sections_of(world.people["citizen"])
    assert list(citizen) == ["unread"]
    assert citizen["unread"].total == 2
    assert {item.title for item in citizen["unread"].items} == {"Aviso 0", "Aviso 1"}


def test_header_badge_is_the_panel_total(world):
    client = client_for(world.people["coordinator"])
    html = client.get(URL).content.decode()
    total = sum(section.total for section in sections_of(world.people["coordinator"]).values())
    assert total == 2 + 2 + 2  # flags, proofs, unread
    assert f'data-testid="panel-badge">{total}<' in html
    assert f'data-testid="dashboard-total">Tienes {total} pendientes' in html


def test_the_by_id_counts_are_compiled_once_into_what_each_person_would_get(world):
    """The badge's by-id sources are compiled once, for a stand-in id: for each person, whatever their roles
    and rows, the SQL and parameters are exactly those of their own rows compiled afresh."""
    by_id = [source for source in selectors.sources(timezone.now()) if source.by_id]
    assert {source.key for source in by_id} == {"rounds", "answers", "evaluations", "interviews", "proofs", "unread"}
    everyone = [person for person in world.people.values() if person is not None] + [world.evaluator, world.fellow]
    for person in everyone:
        forget_roles(person)
        for source in by_id:
            fresh = selectors._count_sql(source.rows(person))
            assert selectors._count_sql_of(source, person) == fresh, (source.key, person.email)
    assert sections_of(world.evaluator)["evaluations"].total == 2  # counted with the id put in


@pytest.mark.parametrize("key", ["coordinator", "stl_oaxaca", "facilitator", "advisor"])
def test_the_panel_runs_the_same_queries_at_two_sizes(people, key, django_assert_num_queries):
    world_kept(people, 1)  # written back before anything is counted
    client = client_for(people[key])
    client.get(URL)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        assert client.get(URL).status_code == 200
    build_world_more(people)
    with django_assert_num_queries(len(small.captured_queries)):
        assert client.get(URL).status_code == 200


def build_world_more(people):
    """Many more rows of each kind, for the same people."""
    from apertus.moderation.models import Flag
    from apertus.notifications.models import Notification
    from apertus.plans.models import Commitment

    commitments = list(Commitment.objects.filter(plan__state__code="20"))
    for person in people.values():
        if person is not None:
            Notification.objects.bulk_create(
                Notification(
                    recipient=person, event="prueba", title=f"Más {k}", dedupe_key=f"mas-{person.pk}-{k}", batch="c"
                )
                for k in range(15)
            )
    from django.contrib.contenttypes.models import ContentType

    ct = ContentType.objects.get_for_model(Commitment)
    for commitment in commitments:
        Flag.objects.get_or_create(
            content_type=ct,
            object_id=commitment.pk,
            reporter=people["monitor"],
            defaults={"reason": "Otro", "state": commitment.plan.state},
        )
