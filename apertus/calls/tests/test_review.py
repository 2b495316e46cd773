"""Document check, balanced assignments, blind scoring, interviews and the ranking's arithmetic."""

from collections import Counter
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from apertus.calls import scoring, selectors, services
from apertus.calls.models import EvaluationAssignment, Interview
from apertus.core.testing import client_for

from .conftest import build_call, close, fill_application, finish_scoring, institutions, make_applicant

STATES = ["08", "17", "19", "20", "26"]


def submitted_call(n: int, *, valid=None, slug="revision", **fields):
    """A closed call with ``n`` submitted applications; the proofs in ``valid`` (default all) are validated."""
    call = build_call(slug, **fields)
    apps = [
        fill_application(make_applicant(f"a{i}.{slug}@test.apertus.mx"), call, state_code=STATES[i % 5])
        for i in range(n)
    ]
    close(call)
    for i, app in enumerate(apps):
        if valid is None or i in valid:
            services.proof_check(actor=None, application=app, valid=True, matches_state=True)
    return call, apps


def test_document_check_needs_a_reason_to_refuse(db, people):
    call, (app,) = submitted_call(1, valid=set())
    with pytest.raises(PermissionDenied):
        services.proof_check(actor=people["facilitator"], application=app, valid=True)
    with pytest.raises(ValidationError):
        services.proof_check(actor=people["coordinator"], application=app, valid=False, reason=" ")
    services.proof_check(
        actor=people["coordinator"], application=app, valid=False, reason="Ilegible", matches_state=None
    )
    app.refresh_from_db()
    assert (app.proof_status, app.proof_reason, app.proof_checked_by) == ("invalido", "Ilegible", people["coordinator"])
    # Through the page, too.
    client_for(people["coordinator"]).post(
        f"/convocatorias/{call.slug}/gestion/solicitudes/{app.pk}/", {"valid": "1", "matches_state": "1", "reason": ""}
    )
    app.refresh_from_db()
    assert (app.proof_status, app.proof_matches_state) == ("valido", True)


@pytest.mark.parametrize("n_apps, n_institutions, per_app", [(7, 3, 2), (10, 4, 3), (5, 5, 2)])
def test_assignments_are_distinct_and_balanced(db, n_apps, n_institutions, per_app):
    call, apps = submitted_call(n_apps + 1, valid=set(range(n_apps)), evaluators_per_application=per_app)
    institutions(call, n_institutions)
    assert services.evaluations_assign(actor=None, call=call) == n_apps * per_app
    rows = list(
        EvaluationAssignment.objects.filter(application__call=call).values_list("application_id", "organization_id")
    )
    per_application = Counter(app_id for app_id, _org in rows)
    assert (
        set(per_application.values()) == {per_app} and len(per_application) == n_apps
    )  # the invalid proof is left out
    assert len(set(rows)) == len(rows)  # distinct institutions per application
    loads = Counter(org for _app, org in rows)
    assert len(loads) == n_institutions and max(loads.values()) - min(loads.values()) <= 1
    assert services.evaluations_assign(actor=None, call=call) == 0  # a second run fills gaps only


def test_assignment_is_deterministic_and_waits_for_the_deadline(db):
    call = build_call("aun-abierta")
    institutions(call, 2)
    with pytest.raises(ValidationError, match="sigue abierta"):
        services.evaluations_assign(actor=None, call=call)
    call2, apps = submitted_call(3, slug="cerrada")
    with pytest.raises(ValidationError, match="al menos 2"):
        services.evaluations_assign(actor=None, call=call2)
    (a, _u1), (b, _u2), (c, _u3) = institutions(call2, 3)
    services.evaluations_assign(actor=None, call=call2)
    got = [
        sorted(EvaluationAssignment.objects.filter(application=app).values_list("organization__name", flat=True))
        for app in apps
    ]
    # fewest assignments first, ties by name: {A, B}, then {C, A}, then {B, C}
    assert got == [[a.name, b.name], [a.name, c.name], [b.name, c.name]]


def test_interviews_go_to_two_institutions_by_default(db):
    call, apps = submitted_call(4, slug="entrevistas-dos")
    evaluators = institutions(call, 3)
    services.evaluations_assign(actor=None, call=call)
    assert services.interviews_assign(actor=None, call=call) == 0  # nothing is final yet
    finish_scoring(call, evaluators)
    assert services.interviews_assign(actor=None, call=call) == 8
    assert all(Interview.objects.filter(application=app).count() == 2 for app in apps)


@pytest.fixture
def scored(db):
    """One closed call, two applications, three institutions; evaluations assigned."""
    call, apps = submitted_call(2, slug="puntajes")
    evaluators = institutions(call, 3)
    services.evaluations_assign(actor=None, call=call)
    return call, apps, evaluators


def _evaluator_for(assignment, evaluators):
    return next(user for org, user in evaluators if org.pk == assignment.organization_id)


def test_only_the_assigned_institution_scores_and_a_submission_is_final(scored, people):
    call, (app, _other), evaluators = scored
    assignment = EvaluationAssignment.objects.filter(application=app).select_related("application__call").first()
    mine = _evaluator_for(assignment, evaluators)
    stranger = next(
        user
        for org, user in evaluators
        if not EvaluationAssignment.objects.filter(application=app, organization=org).exists()
    )
    criteria = list(call.criteria.all())
    for outsider in (stranger, people["coordinator"], people["facilitator"], app.applicant):
        with pytest.raises(PermissionDenied):
            services.evaluation_save(actor=outsider, assignment=assignment, scores={criteria[0].pk: (5, "")})
    with pytest.raises(ValidationError):
        services.evaluation_save(actor=mine, assignment=assignment, scores={criteria[0].pk: (11, "")})
    services.evaluation_save(actor=mine, assignment=assignment, scores={criteria[0].pk: (7, "Bien")})
    with pytest.raises(ValidationError, match="todos los criterios"):
        services.evaluation_save(actor=mine, assignment=assignment, scores={}, submit=True)
    services.evaluation_save(
        actor=mine, assignment=assignment, submit=True, scores={c.pk: (8, "") for c in criteria[1:]}
    )
    assignment.refresh_from_db()
    assert assignment.submitted_by == mine and assignment.scores.count() == len(criteria)
    with pytest.raises(ValidationError, match="no puede modificarse"):
        services.evaluation_save(actor=mine, assignment=assignment, scores={criteria[0].pk: (1, "")})
    # The rubric is now locked: every application is scored by the same one.
    with pytest.raises(ValidationError, match="Ya hay puntajes"):
        services.criterion_set(actor=None, call=call, name="Nuevo criterio")
    with pytest.raises(ValidationError):
        services.criterion_delete(actor=None, criterion=criteria[0])


def test_scoring_arithmetic():
    class C:
        def __init__(self, pk, weight, low=0, high=10):
            self.pk, self.weight, self.min_score, self.max_score = pk, Decimal(weight), low, high

    criteria = [C(1, 2), C(2, 1), C(3, 1, 1, 5)]
    # (8×2 + 6×1 + ((4−1)×10/4)×1) / 4 = (16 + 6 + 7.5) / 4 = 7.375
    assert scoring.evaluation_score(criteria, {1: 8, 2: 6, 3: 4}) == Decimal("7.375")
    assert scoring.evaluation_score(criteria, {1: 8, 2: 6}) is None
    assert scoring.combined_score(
        Decimal("7.375"), Decimal("5"), evaluation_weight=Decimal("0.6"), interview_weight=Decimal("0.4")
    ) == Decimal("6.425")
    assert scoring.rounded(Decimal("6.425")) == Decimal("6.43")
    assert scoring.mean([Decimal(7), None, Decimal(8)]) == Decimal("7.5")


def _score_like_the_example(call, app, evaluators):
    """Score ``app`` exactly as the methodology's worked example does (institution i gets example i)."""
    criteria, questions = list(call.criteria.all()), list(call.questions.all())
    for i, assignment in enumerate(
        EvaluationAssignment.objects.filter(application=app)
        .select_related("application__call")
        .order_by("organization__name")
    ):
        values = scoring.example_values(criteria, i)
        services.evaluation_save(
            actor=_evaluator_for(assignment, evaluators),
            assignment=assignment,
            submit=True,
            scores={pk: (v, "") for pk, v in values.items()},
        )
    services.interviews_assign(actor=None, call=call)  # the scoring of ``app`` is now final
    for i, interview in enumerate(
        Interview.objects.filter(application=app).select_related("application__call").order_by("organization__name")
    ):
        services.interview_save(
            actor=_evaluator_for(interview, evaluators),
            interview=interview,
            submit=True,
            answers=scoring.example_answers(questions, i),
        )


def _page_number(html: str, testid: str) -> str:
    import re

    return re.search(rf'data-testid="{testid}">([^<]+)<', html).group(1).strip()


def test_worked_example_on_the_methodology_page_is_what_the_ranking_computes(scored, client, people):
    call, (app, _other), evaluators = scored
    _score_like_the_example(call, app, evaluators)
    page = client.get(f"/convocatorias/{call.slug}/metodologia/").content.decode()
    # Defaults (rubric 0–10, weights 1): institution 1 gives 8, 6, 9 (7.67) and institution 2 gives 9, 7, 5 (7.00)
    # → evaluation 7.33. Interviews (4, 5, 3, 4) and (5, 3, 4, 4) → 7.50 each → 7.50.
    # Final = 7.333… × 0.60 + 7.50 × 0.40 = 7.40.
    assert [_page_number(page, t) for t in ("example-evaluation", "example-interview", "example-combined")] == [
        "7.33",
        "7.50",
        "7.40",
    ]
    assert "evaluación × 0.60 + entrevista × 0.40" in page
    row = next(r for r in selectors.ranking(call) if r.application.pk == app.pk)
    assert [scoring.rounded(x) for x in (row.evaluation, row.interview, row.combined)] == [
        Decimal("7.33"),
        Decimal("7.50"),
        Decimal("7.40"),
    ]
    assert row.position == 1 and row.evaluations_done == 2 and row.interviews_done == 2
    ranking_page = (
        client_for(people["coordinator"]).get(f"/convocatorias/{call.slug}/gestion/ranking/").content.decode()
    )
    assert _page_number(ranking_page, f"combined-{app.pk}") == "7.40"

    # Change the combined weights: the page and the ranking move together (7.333… × 0.3 + 7.5 × 0.7 = 7.45).
    services.call_update(
        actor=people["coordinator"],
        call=call,
        reason="Ajuste de pesos",
        evaluation_weight=Decimal("0.3"),
        interview_weight=Decimal("0.7"),
    )
    page = client.get(f"/convocatorias/{call.slug}/metodologia/").content.decode()
    assert "evaluación × 0.30 + entrevista × 0.70" in page and _page_number(page, "example-combined") == "7.45"
    row = next(r for r in selectors.ranking(call) if r.application.pk == app.pk)
    assert scoring.rounded(row.combined) == Decimal("7.45")
    ranking_page = (
        client_for(people["coordinator"]).get(f"/convocatorias/{call.slug}/gestion/ranking/").content.decode()
    )
    assert _page_number(ranking_page, f"combined-{app.pk}") == "7.45"
    with pytest.raises(ValidationError):  # the weights must add up to 1
        services.call_update(
            actor=None, call=call, reason="Prueba", evaluation_weight=Decimal("0.5"), interview_weight=Decimal("0.6")
        )

    # A rubric weight (before anyone scores: see the lock above). Motives × 3: institution 1
    # (8×3 + 6 + 9) / 5 = 7.80, institution 2 (9×3 + 7 + 5) / 5 = 7.80; final 7.80 × 0.6 + 7.50 × 0.4 = 7.68.
    fresh, (fresh_app,) = submitted_call(1, slug="pesos")
    fresh_evaluators = institutions(fresh, 2)
    motives = fresh.criteria.get(position=0)
    services.criterion_set(actor=None, call=fresh, criterion=motives, name=motives.name, weight=Decimal("3"))
    services.evaluations_assign(actor=None, call=fresh)
    _score_like_the_example(fresh, fresh_app, fresh_evaluators)
    page = client.get(f"/convocatorias/{fresh.slug}/metodologia/").content.decode()
    assert _page_number(page, "example-evaluation") == "7.80" and _page_number(page, "example-combined") == "7.68"
    assert "60.0 %" in page  # the motives' share of the rubric
    (row,) = selectors.ranking(fresh)
    assert scoring.rounded(row.evaluation) == Decimal("7.80") and scoring.rounded(row.combined) == Decimal("7.68")


def test_an_applicant_cannot_evaluate_their_own_call(db):
    call, (app,) = submitted_call(1, slug="conflicto")
    org, _user = institutions(call, 1)[0]
    with pytest.raises(ValidationError, match="no puede evaluarla"):
        services.evaluator_add(actor=None, call=call, organization=org, user=app.applicant)


def test_the_admin_locks_the_rubric_once_scores_are_in(scored, people):
    call, (app, _other), evaluators = scored
    developer = people["citizen"]
    developer.is_superuser = True
    developer.save(update_fields=["is_superuser"])
    admin = client_for(developer)
    url = f"/admin/calls/call/{call.pk}/change/"
    assert 'name="criteria-0-weight"' in admin.get(url).content.decode()
    assert admin.get("/admin/calls/call/add/").status_code == 200
    assignment = EvaluationAssignment.objects.filter(application=app).select_related("application__call").first()
    services.evaluation_save(
        actor=_evaluator_for(assignment, evaluators),
        assignment=assignment,
        submit=True,
        scores={c.pk: (5, "") for c in call.criteria.all()},
    )
    page = admin.get(url).content.decode()
    assert 'name="criteria-0-weight"' not in page and 'name="questions-0-weight"' in page
