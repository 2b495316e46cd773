"""Extensions, exemptions and the late-join rule: a fellow stuck behind a closed activity gets through."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from apertus.accounts.models import Role, RoleAssignment
from apertus.accounts.services import role_assign, user_create
from apertus.core.testing import assert_matrix, client_for, only
from apertus.learning import services
from apertus.learning.allowances import closing_for
from apertus.learning.models import Activity, ActivityKind, Course, Extension, Grade, LateJoinRule
from apertus.learning.progress import ActivityLocked, is_unlocked
from apertus.learning.tests.conftest import build_course, make_fellow, pdf_upload
from apertus.program.models import ProgramPhase
from apertus.territories.models import State

STAFF = ["facilitator", "coordinator"]


@pytest.fixture
def stuck(people, course):
    """The assignment closed yesterday and a reading after it needs it done: the fellow is stuck."""
    course.assignment.closes_at = timezone.now() - timedelta(days=1)
    course.assignment.save()
    after = services.activity_create(
        actor=None,
        session=course.reading.session,
        kind=ActivityKind.READING,
        title="Lectura 2",
        position=6,
        body="Texto",
        predecessors=[course.assignment],
    )
    fellow = people["fellow_oaxaca"]
    with pytest.raises(ValidationError):
        services.submission_upload(actor=fellow, activity=course.assignment, upload=pdf_upload())
    with pytest.raises(ActivityLocked):
        services.activity_complete(actor=fellow, activity=after)
    return course, after


def _facilitator_of(phase_number: int, email: str, state=None):
    user = user_create(email=email, password="contraseña-de-prueba-1", first_name="Faci", last_name="Otra")
    role_assign(
        actor=None, user=user, role=Role.FACILITATOR, phase=ProgramPhase.objects.get(number=phase_number), state=state
    )
    return user


def test_an_extension_unblocks_the_fellow_and_keeps_the_reason(people, stuck):
    course, after = stuck
    fellow = people["fellow_oaxaca"]
    new_close = timezone.localtime() + timedelta(days=3)
    response = client_for(people["facilitator"]).post(
        f"/formacion/actividades/{course.assignment.pk}/prorroga/",
        {
            "fellow": fellow.pk,
            "kind": "prorroga",
            "closes_at": new_close.strftime("%Y-%m-%dT%H:%M"),
            "reason": "Hospitalización",
        },
    )
    assert response.status_code == 302
    services.submission_upload(actor=fellow, activity=course.assignment, upload=pdf_upload())
    services.activity_complete(actor=fellow, activity=after)
    extension = Extension.objects.get(activity=course.assignment, fellow=fellow)
    assert extension.reason == "Hospitalización" and extension.granted_by == people["facilitator"]
    record = extension.history.latest()
    assert record.reason == "Hospitalización" and record.history_user == people["facilitator"]
    html = client_for(people["coordinator"]).get("/formacion/2017/calificaciones/").content.decode()
    assert "Hospitalización" in html.split(f'data-testid="exceptions-{fellow.pk}"')[1].split("</td>")[0]
    assert "Hospitalización" in html.split('data-testid="exception-history"')[1]


def test_an_exemption_unblocks_and_leaves_the_activity_out_of_the_grade(people, stuck):
    course, after = stuck
    fellow = people["fellow_oaxaca"]
    services.activity_complete(actor=fellow, activity=course.reading)
    attempt = services.attempt_start(actor=fellow, activity=course.quiz)
    services.attempt_answer(
        actor=fellow,
        attempt=attempt,
        submit=True,
        answers={q.pk: [o.pk for o in q.options.all() if o.is_correct] for q in course.questions},
    )
    assert Grade.objects.get(fellow=fellow).assignments == 0  # the closed assignment counts 0
    response = client_for(people["facilitator"]).post(
        f"/formacion/actividades/{course.assignment.pk}/prorroga/",
        {"fellow": fellow.pk, "kind": "exencion", "reason": "Se incorporó después"},
    )
    assert response.status_code == 302
    assert Grade.objects.get(fellow=fellow).assignments is None  # nothing left to count: out of the grade
    assert is_unlocked(fellow, after)
    services.activity_complete(actor=fellow, activity=after)
    page = client_for(fellow).get(course.assignment.get_absolute_url()).content.decode()
    assert "Se incorporó después" in page.split('data-testid="allowance"')[1]
    course_page = client_for(fellow).get("/formacion/2017/curso/").content.decode()
    assert "Exenta" in course_page.split(f'data-testid="activity-{course.assignment.pk}"')[1].split("</tr>")[0]


def test_only_staff_of_the_cohort_and_state_may_grant(people, stuck):
    course, _after = stuck
    fellow = people["fellow_oaxaca"]
    later = timezone.now() + timedelta(days=2)
    other_cohort = _facilitator_of(2, "faci.2018@test.apertus.mx")
    other_state = _facilitator_of(1, "faci.sonora@test.apertus.mx", state=State.objects.get(code="26"))
    same_state = _facilitator_of(1, "faci.oaxaca@test.apertus.mx", state=State.objects.get(code="20"))
    for actor in (fellow, people["stl_oaxaca"], other_cohort, other_state):
        with pytest.raises(PermissionDenied):
            services.extension_grant(
                actor=actor, activity=course.assignment, fellow=fellow, closes_at=later, reason="x"
            )
    for actor in (fellow, people["stl_oaxaca"], other_cohort):
        with pytest.raises(PermissionDenied):
            services.late_join_rule_set(actor=actor, program=course.program, rule=LateJoinRule.EXEMPT)
    assert not Extension.objects.exists()
    # The rule is the cohort's: any of its facilitators sets it, whatever their state.
    services.late_join_rule_set(actor=other_state, program=course.program, rule=LateJoinRule.EXEMPT)
    services.late_join_rule_set(actor=other_state, program=course.program, rule=LateJoinRule.NONE)
    with pytest.raises(ValidationError):  # a reason is required
        services.extension_grant(actor=same_state, activity=course.assignment, fellow=fellow, exempt=True, reason=" ")
    services.extension_grant(actor=same_state, activity=course.assignment, fellow=fellow, exempt=True, reason="Ok")
    assert Extension.objects.get().exempt


def test_late_joiners_follow_the_rule_the_facilitator_sets(people, stuck):
    course, after = stuck
    program = course.program
    early = people["fellow_oaxaca"]
    RoleAssignment.objects.filter(user=early, role=Role.FELLOW).update(
        starts_on=timezone.localdate() - timedelta(days=20)
    )
    late = make_fellow(program.phase, "20", "tarde@test.apertus.mx")  # joins today
    assert not is_unlocked(late, after)
    client = client_for(people["facilitator"])
    assert client.post("/formacion/2017/ingreso-tardio/", {"rule": "exentas", "days": "14"}).status_code == 302
    after = Activity.objects.get(pk=after.pk)  # as a request would read it, with the rule in force
    assert is_unlocked(late, after) and not is_unlocked(early, after)  # the early one saw it open
    services.activity_complete(actor=late, activity=after)
    assert Course.history.filter(id=program.pk).latest().history_user == people["facilitator"]

    assert client.post("/formacion/2017/ingreso-tardio/", {"rule": "prorroga", "days": "10"}).status_code == 302
    course.assignment = Activity.objects.get(pk=course.assignment.pk)
    expected = timezone.make_aware(timezone.datetime.combine(timezone.localdate(), timezone.datetime.min.time()))
    assert closing_for(course.assignment, late) == expected + timedelta(days=10)
    assert closing_for(course.assignment, early) == course.assignment.closes_at
    services.submission_upload(actor=late, activity=course.assignment, upload=pdf_upload())
    with pytest.raises(ValidationError):
        services.submission_upload(actor=early, activity=course.assignment, upload=pdf_upload())
    # A grant by a person wins over the rule.
    services.extension_grant(
        actor=people["facilitator"], activity=course.assignment, fellow=late, exempt=True, reason="Decisión del equipo"
    )
    html = client.get("/formacion/2017/calificaciones/").content.decode()
    assert "Decisión del equipo" in html.split(f'data-testid="exceptions-{late.pk}"')[1].split("</td>")[0]


def test_the_pages_answer_hostile_input_with_400(people, stuck):
    course, _after = stuck
    client = client_for(people["facilitator"])
    url = f"/formacion/actividades/{course.assignment.pk}/prorroga/"
    for data in (
        {"fellow": people["citizen"].pk, "kind": "exencion", "reason": "x"},
        {"fellow": people["fellow_oaxaca"].pk, "kind": "borrar", "reason": "x"},
        {"fellow": people["fellow_oaxaca"].pk, "kind": "prorroga", "reason": "x"},  # no date
        {"fellow": people["fellow_oaxaca"].pk, "kind": "exencion", "reason": ""},
        {"fellow": "1; DROP TABLE", "kind": "exencion", "reason": "x"},
    ):
        assert client.post(url, data).status_code == 400, data
    for data in ({"rule": "todas", "days": "3"}, {"rule": "prorroga", "days": "0"}, {"rule": "prorroga"}):
        assert client.post("/formacion/2017/ingreso-tardio/", data).status_code == 400, data
    assert not Extension.objects.exists()
    assert Course.objects.get(pk=course.program.pk).late_join_rule == LateJoinRule.NONE


def test_permission_matrix_of_exceptions(people, stuck):
    course, _after = stuck
    build_course(2, is_published=False)

    def logged_in(allowed, yes, no):
        cells = only(allowed, yes, no)
        cells["anonymous"] = 302
        return cells

    members = ["fellow_oaxaca", *STAFF]
    matrix = {
        ("GET", "/formacion/2017/ingreso-tardio/"): logged_in(STAFF, 200, 403),
        ("GET", "/formacion/2018/ingreso-tardio/"): logged_in(STAFF, 200, 403),
        ("GET", "/formacion/1999/ingreso-tardio/"): logged_in([], 404, 404),
        ("GET", f"/formacion/actividades/{course.reading.pk}/prorroga/"): logged_in(STAFF, 200, 403),
        ("GET", f"/formacion/actividades/{course.quiz.pk}/prorroga/"): logged_in(STAFF, 200, 403),
        ("GET", "/formacion/actividades/999999/prorroga/"): logged_in([], 404, 404),
        # An empty form: staff get it back with errors; nobody else gets that far.
        ("POST", "/formacion/2017/ingreso-tardio/"): logged_in(STAFF, 400, 403),
        ("POST", f"/formacion/actividades/{course.assignment.pk}/prorroga/"): logged_in(STAFF, 400, 403),
    }
    for cells in matrix.values():
        assert set(cells) >= set(members)
    assert_matrix(people, matrix)
    assert not Extension.objects.exists()


def test_the_gradebook_with_exceptions_runs_the_same_queries_at_two_sizes(people, stuck):
    course, _after = stuck
    client = client_for(people["coordinator"])
    url = "/formacion/2017/calificaciones/"
    client.get(url)

    def count(n_from, n):
        for i in range(n_from, n_from + n):
            fellow = make_fellow(course.program.phase, "20", f"f{i}@test.apertus.mx")
            services.extension_grant(
                actor=None, activity=course.assignment, fellow=fellow, exempt=True, reason=f"Motivo {i}"
            )
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    assert count(0, 2) == count(2, 20)
    services.late_join_rule_set(actor=None, program=course.program, rule=LateJoinRule.EXTEND, days=5)
    assert count(22, 1) == count(23, 10)
