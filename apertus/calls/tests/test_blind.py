"""Blind until final: no identity before every assigned score is in; interviews only after; agreement report."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from apertus.accounts.tokens import token_create
from apertus.calls import services
from apertus.calls.models import EvaluationAssignment, EvaluatorRole, Interview
from apertus.calls.selectors.agreement import spread_and_stdev
from apertus.core.testing import assert_matrix, client_for, only
from apertus.organizations.models import OrganizationType
from apertus.organizations.services import organization_ensure

from .conftest import PASSWORD, build_call, close, fill_application, finish_scoring, institutions, make_applicant

NAME = "Zacarías Identificable"


def _call_with(n: int, slug: str):
    call = build_call(slug)
    apps = [
        fill_application(
            make_applicant(f"z{i}.{slug}@test.apertus.mx", first="Zacarías", last=f"Identificable{i}"),
            call,
            state_code="20",
        )
        for i in range(n)
    ]
    close(call)
    for app in apps:
        services.proof_check(actor=None, application=app, valid=True)
    evaluators = institutions(call, 2)
    services.evaluations_assign(actor=None, call=call)
    return call, apps, evaluators


def _submit(assignment, evaluators, value):
    user = next(u for o, u in evaluators if o.pk == assignment.organization_id)
    services.evaluation_save(
        actor=user,
        assignment=assignment,
        submit=True,
        scores={c.pk: (value, "") for c in assignment.application.call.criteria.all()},
    )
    return user


def _api(user, url):
    _, raw = token_create(user=user, name="t")
    return client_for(None).get(url, HTTP_AUTHORIZATION=f"Bearer {raw}")


def test_an_evaluator_sees_no_name_until_every_score_is_in(db):
    call, (app,), evaluators = _call_with(1, "ciega")
    first, second = EvaluationAssignment.objects.filter(application=app).select_related("application__call")
    user = _submit(first, evaluators, 7)
    app.refresh_from_db()
    assert app.scoring_final_at is None  # one of two institutions
    name = app.applicant.public_name
    for url in (f"/convocatorias/evaluaciones/{first.pk}/", "/convocatorias/evaluaciones/"):
        html = client_for(user).get(url).content.decode()
        assert name not in html and app.applicant.email not in html, url
    assert (
        "https://video.example.org/v/1"
        not in client_for(user).get(f"/convocatorias/evaluaciones/{first.pk}/").content.decode()
    )
    data = _api(user, f"/api/calls/evaluations/{first.pk}").json()
    assert (data["applicant_name"], data["applicant_email"], data["video_url"], data["scoring_final"]) == (
        None,
        None,
        None,
        False,
    )
    assert data["motives"].startswith("Quiero abrir") and len(data["cv"]) == 2
    assert name not in str(data)

    _submit(second, evaluators, 5)
    app.refresh_from_db()
    assert app.scoring_final_at is not None
    html = client_for(user).get(f"/convocatorias/evaluaciones/{first.pk}/").content.decode()
    assert name in html and "https://video.example.org/v/1" in html
    assert name in client_for(user).get("/convocatorias/evaluaciones/").content.decode()
    data = _api(user, f"/api/calls/evaluations/{first.pk}").json()
    assert (data["applicant_name"], data["applicant_email"], data["scoring_final"]) == (name, app.applicant.email, True)


def test_the_evaluation_api_answers_only_the_assigned_institution(db, people):
    call, (app,), evaluators = _call_with(1, "api-ciega")
    assignment = EvaluationAssignment.objects.filter(application=app).first()
    url = f"/api/calls/evaluations/{assignment.pk}"
    assert client_for(None).get(url).status_code == 401
    assert client_for(evaluators[0][1]).get(url).status_code == 401  # a session is not a token
    for key in ("citizen", "applicant", "facilitator"):
        assert _api(people[key], url).status_code == 404
    assert _api(app.applicant, url).status_code == 404
    assert _api(people["coordinator"], url).json()["applicant_name"] == app.applicant.public_name
    assert _api(evaluators[0][1], "/api/calls/evaluations/999999999").status_code == 404
    assert _api(evaluators[0][1], "/api/calls/evaluations/99999999999999999999").status_code in (404, 422)


def test_interviews_wait_for_final_scores_and_may_go_to_other_people(db):
    call, (app, other), evaluators = _call_with(2, "entrevista-despues")
    org = organization_ensure(name="Institución que solo entrevista", type=OrganizationType.ACADEMIA)
    from apertus.accounts.services import user_create

    interviewer = user_create(
        email="entrevista@test.apertus.mx", password=PASSWORD, first_name="Ena", last_name="Entrevista"
    )
    services.evaluator_add(actor=None, call=call, organization=org, user=interviewer, role=EvaluatorRole.INTERVIEW)
    # An interview-only institution never joins the scoring.
    assert not EvaluationAssignment.objects.filter(application__call=call, organization=org).exists()
    assert services.interviews_assign(actor=None, call=call) == 0
    # Even an interview created by hand before the scores are final cannot be recorded.
    early = Interview.objects.create(application=app, organization=org)
    question = call.questions.first()
    with pytest.raises(ValidationError, match="todas las evaluaciones"):
        services.interview_save(actor=interviewer, interview=early, answers={question.pk: 4})
    page = client_for(interviewer).get(f"/convocatorias/entrevistas/{early.pk}/").content.decode()
    assert app.applicant.public_name not in page and 'data-testid="not-final"' in page
    assert (
        client_for(interviewer)
        .post(f"/convocatorias/entrevistas/{early.pk}/", {f"answer_{question.pk}": "4", "submit": "1"})
        .status_code
        == 403
    )
    early.delete()

    for assignment in EvaluationAssignment.objects.filter(application=app).select_related("application__call"):
        _submit(assignment, evaluators, 6)
    scorer_org, scorer = evaluators[0]
    services.evaluator_add(actor=None, call=call, organization=scorer_org, user=scorer, role=EvaluatorRole.EVALUATION)
    assert services.interviews_assign(actor=None, call=call) == 2  # only the application whose scoring is final
    assert set(Interview.objects.values_list("application_id", flat=True)) == {app.pk}
    assert set(Interview.objects.values_list("organization_id", flat=True)) == {evaluators[1][0].pk, org.pk}
    mine = Interview.objects.filter(organization=org).select_related("application__call").get()
    services.interview_save(actor=interviewer, interview=mine, answers={q.pk: 4 for q in call.questions.all()})
    assert (
        app.applicant.public_name
        in client_for(interviewer).get(f"/convocatorias/entrevistas/{mine.pk}/").content.decode()
    )
    # The interviewer reaches no evaluation, and a scorer-only person no interview.
    for assignment in EvaluationAssignment.objects.filter(application__call=call):
        assert client_for(interviewer).get(f"/convocatorias/evaluaciones/{assignment.pk}/").status_code == 404
    by_hand = Interview.objects.create(application=app, organization=scorer_org)
    assert client_for(scorer).get(f"/convocatorias/entrevistas/{by_hand.pk}/").status_code == 404
    # No new evaluator joins an application whose identity is already shown.
    late_org = organization_ensure(name="Institución tardía", type=OrganizationType.ACADEMIA)
    late = user_create(email="tarde@test.apertus.mx", password=PASSWORD, first_name="Tere", last_name="Tarde")
    services.evaluator_add(actor=None, call=call, organization=late_org, user=late)
    services.evaluations_assign(actor=None, call=call)
    assert not EvaluationAssignment.objects.filter(application=app, organization=late_org).exists()


def test_spread_and_standard_deviation():
    assert spread_and_stdev([Decimal(4)]) == (None, None)
    spread, stdev = spread_and_stdev(
        [Decimal(2), Decimal(4), Decimal(4), Decimal(4), Decimal(5), Decimal(5), Decimal(7), Decimal(9)]
    )
    assert spread == Decimal(7) and stdev == Decimal(2)


def test_the_agreement_report_flags_applications_far_apart(db, people):
    call, (close_app, far_app), evaluators = _call_with(2, "acuerdo")
    for assignment in EvaluationAssignment.objects.filter(application=close_app).select_related("application__call"):
        _submit(assignment, evaluators, 6 if assignment.organization_id == evaluators[0][0].pk else 7)
    for assignment in EvaluationAssignment.objects.filter(application=far_app).select_related("application__call"):
        _submit(assignment, evaluators, 2 if assignment.organization_id == evaluators[0][0].pk else 9)
    html = client_for(people["coordinator"]).get(f"/convocatorias/{call.slug}/gestion/acuerdo/").content.decode()
    assert "1 solicitud para revisar" in html
    assert _cell(html, f"spread-{close_app.pk}") == "1.00" and _cell(html, f"flag-{close_app.pk}") == ""
    assert _cell(html, f"spread-{far_app.pk}") == "7.00" and "Segunda revisión" in _cell(html, f"flag-{far_app.pk}")
    assert html.index(f'data-application="{far_app.pk}"') < html.index(f'data-application="{close_app.pk}"')


def _cell(html: str, testid: str) -> str:
    start = html.index(f'data-testid="{testid}">') + len(f'data-testid="{testid}">')
    return html[start : html.index("</td>", start)].strip()


def test_agreement_permissions_and_bounded_queries(db, people):
    small, _apps, evaluators = _call_with(1, "acuerdo-pocas")
    finish_scoring(small, evaluators)
    large, _apps, evaluators = _call_with(8, "acuerdo-muchas")
    finish_scoring(large, evaluators)
    url = f"/convocatorias/{small.slug}/gestion/acuerdo/"
    assert_matrix(people, {("GET", url): {**only(["coordinator"], 200, 403), "anonymous": 302}})
    assert client_for(evaluators[0][1]).get(url).status_code == 403
    assert client_for(people["coordinator"]).get("/convocatorias/no-existe/gestion/acuerdo/").status_code == 404
    client = client_for(people["coordinator"])
    counts = []
    for call in (small, large):
        with CaptureQueriesContext(connection) as captured:
            assert client.get(f"/convocatorias/{call.slug}/gestion/acuerdo/").status_code == 200
        counts.append(len(captured))
    assert counts[0] == counts[1], counts


def test_evaluator_pages_run_a_bounded_number_of_queries(db):
    counts = []
    for n, slug in ((1, "pocas-eval"), (6, "muchas-eval")):
        _call, _apps, evaluators = _call_with(n, slug)
        client = client_for(evaluators[0][1])
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/convocatorias/evaluaciones/").status_code == 200
        counts.append(len(captured))
    assert counts[0] == counts[1], counts
