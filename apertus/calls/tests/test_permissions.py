"""Who sees what: applicants only their own, evaluators only their institution's, coordination all."""

import pytest
from django.utils import timezone

from apertus.calls import services
from apertus.calls.models import EvaluationAssignment, Interview
from apertus.core.testing import assert_matrix, client_for, data_kept_copy_with_files, everyone, only

from .conftest import build_call, close, fill_application, finish_scoring, institutions, make_applicant


def _world_made():
    call = build_call("convocatoria-2017")
    a = make_applicant("a@test.apertus.mx", first="Alicia")
    b = make_applicant("b@test.apertus.mx", first="Beatriz")
    app_a = fill_application(a, call, state_code="20")
    app_b = fill_application(b, call, state_code="26")
    close(call)
    for app in (app_a, app_b):
        services.proof_check(actor=None, application=app, valid=True)
    evaluators = institutions(call, 3)
    services.evaluations_assign(actor=None, call=call)
    draft = build_call("borrador", published=False)
    return {"call": call, "a": a, "b": b, "app_a": app_a, "app_b": app_b, "evaluators": evaluators, "draft": draft}


@pytest.fixture
def world(db, people):
    """A closed call with applications from A (Oaxaca) and B, evaluations and interviews assigned,
    plus a draft call and an open one.

    Built through the services once per starting point, then its rows and the proofs of address it
    uploaded written back, the files into this test's own MEDIA_ROOT (``data_kept_copy_with_files``,
    keyed by today's date, which the calls' dates follow); each test gets its own copies."""
    return data_kept_copy_with_files(f"calls-permissions-world {timezone.localdate()}", _world_made)


def test_permission_matrix(world, people):
    call, draft, app_a = world["call"], world["draft"], world["app_a"]
    finish_scoring(call, world["evaluators"])
    services.interviews_assign(actor=None, call=call)
    evaluation = EvaluationAssignment.objects.filter(application=app_a).first()
    interview = Interview.objects.filter(application=app_a).first()
    login = {"anonymous": 302}
    coordination = {**only(["coordinator"], 200, 403), **login}
    base = f"/convocatorias/{call.slug}"
    matrix = {
        ("GET", "/convocatorias/"): everyone(200),
        ("GET", f"{base}/"): everyone(200),
        ("GET", f"{base}/metodologia/"): everyone(200),
        ("GET", f"{base}/resultados/"): only(["coordinator"], 200, 404),  # not published yet
        ("GET", f"/convocatorias/{draft.slug}/"): only(["coordinator"], 200, 404),
        ("GET", f"/convocatorias/{draft.slug}/metodologia/"): only(["coordinator"], 200, 404),
        ("GET", f"/convocatorias/{draft.slug}/solicitud/"): {**only(["coordinator"], 200, 404), **login},
        ("GET", f"{base}/solicitud/"): {**everyone(200), **login},  # each person sees only their own
        ("GET", f"{base}/gestion/"): coordination,
        ("GET", f"{base}/gestion/solicitudes/{app_a.pk}/"): coordination,
        ("GET", f"{base}/gestion/ranking/"): coordination,
        ("GET", f"{base}/gestion/acuerdo/"): coordination,
        ("GET", f"{base}/gestion/seleccion/"): coordination,
        ("GET", f"{base}/gestion/plazo/"): coordination,
        ("GET", "/convocatorias/evaluaciones/"): {**everyone(403), **login},
        ("GET", f"/convocatorias/evaluaciones/{evaluation.pk}/"): {**only(["coordinator"], 200, 404), **login},
        ("GET", f"/convocatorias/entrevistas/{interview.pk}/"): {**only(["coordinator"], 200, 404), **login},
        ("GET", app_a.proof.get_absolute_url()): only(["coordinator"], 200, 404),
    }
    assert_matrix(people, matrix)
    for url in (
        f"{base}/gestion/asignar-evaluaciones/",
        f"{base}/gestion/confirmar/",
        f"{base}/gestion/publicar-resultados/",
        f"{base}/gestion/seleccion/{app_a.pk}/",
        f"{base}/gestion/seleccion/aplicar-propuesta/",
    ):
        assert_matrix(
            people,
            {("POST", url): {**only(["coordinator"], 302, 403), **login}},
            data={"selected": "1", "reason": "Prueba"},
        )


def test_an_applicant_never_sees_another_applicants_file_or_application(world, people):
    a, b, app_a, call = world["a"], world["b"], world["app_a"], world["call"]
    proof_url = app_a.proof.get_absolute_url()
    assert client_for(a).get(proof_url).status_code == 200  # the uploader
    for reader in (b, people["stl_oaxaca"], people["fellow_oaxaca"], people["facilitator"], None):
        assert client_for(reader).get(proof_url).status_code == 404, reader
    assert client_for(people["coordinator"]).get(proof_url).status_code == 200
    # B's own page never shows A's application; coordination's pages refuse B.
    page = client_for(b).get(f"/convocatorias/{call.slug}/solicitud/comprobante/").content.decode()
    assert world["app_b"].proof.get_absolute_url() in page and proof_url not in page
    assert client_for(b).get(f"/convocatorias/{call.slug}/gestion/solicitudes/{app_a.pk}/").status_code == 403
    # Evaluators read the application they evaluate, but never the proof of address.
    org, evaluator = next(
        (o, u)
        for o, u in world["evaluators"]
        if EvaluationAssignment.objects.filter(application=app_a, organization=o).exists()
    )
    assignment = EvaluationAssignment.objects.get(application=app_a, organization=org)
    html = client_for(evaluator).get(f"/convocatorias/evaluaciones/{assignment.pk}/").content.decode()
    assert "Quiero abrir el gobierno" in html and proof_url not in html
    assert client_for(evaluator).get(proof_url).status_code == 404


def test_evaluators_see_only_their_own_assignments_and_never_other_scores(world):
    app_a = world["app_a"]
    call = world["call"]
    criteria = list(call.criteria.all())
    (org1, user1), (org2, user2), (org3, user3) = world["evaluators"]
    assignments = {
        a.organization_id: a
        for a in EvaluationAssignment.objects.filter(application=app_a).select_related("application__call")
    }
    assert len(assignments) == 2
    # Each assigned institution scores, with comments nobody else may read.
    secrets = {}
    for org, user in world["evaluators"]:
        if org.pk in assignments:
            secret = f"comentario secreto de {org.name}"
            secrets[org.pk] = secret
            services.evaluation_save(
                actor=user,
                assignment=assignments[org.pk],
                submit=True,
                scores={c.pk: (3 + org.pk % 5, secret) for c in criteria},
            )
    for org, user in world["evaluators"]:
        client = client_for(user)
        home = client.get("/convocatorias/evaluaciones/").content.decode()
        mine = EvaluationAssignment.objects.filter(application__call=call, organization=org)
        theirs = EvaluationAssignment.objects.filter(application__call=call).exclude(organization=org)
        for assignment in mine:
            assert f"/convocatorias/evaluaciones/{assignment.pk}/" in home
            page = client.get(f"/convocatorias/evaluaciones/{assignment.pk}/").content.decode()
            for other_org, secret in secrets.items():
                own = other_org == org.pk and assignment.application_id == app_a.pk
                assert (secret in page) == own  # only their own comment, never another's
        for assignment in theirs:
            assert f"/convocatorias/evaluaciones/{assignment.pk}/" not in home
            assert client.get(f"/convocatorias/evaluaciones/{assignment.pk}/").status_code == 404
            response = client.post(
                f"/convocatorias/evaluaciones/{assignment.pk}/", {f"score_{criteria[0].pk}": "10", "submit": "1"}
            )
            assert response.status_code == 404
        for interview in Interview.objects.filter(application__call=call).exclude(organization=org):
            assert client.get(f"/convocatorias/entrevistas/{interview.pk}/").status_code == 404
    # The ranking is coordination's alone.
    assert client_for(user1).get(f"/convocatorias/{call.slug}/gestion/ranking/").status_code == 403


def test_an_evaluator_of_one_call_sees_nothing_of_another(world):
    other = build_call("otra")
    fill_application(make_applicant("c@test.apertus.mx"), other)
    close(other)
    for app in other.applications.all():
        services.proof_check(actor=None, application=app, valid=True)
    institutions(other, 2)
    services.evaluations_assign(actor=None, call=other)
    org, user = world["evaluators"][0]  # same institution name, but named only for the first call
    for assignment in EvaluationAssignment.objects.filter(application__call=other):
        assert client_for(user).get(f"/convocatorias/evaluaciones/{assignment.pk}/").status_code == 404
