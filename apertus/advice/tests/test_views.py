import json
import re
from datetime import timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from apertus.accounts.models import User
from apertus.advice import services
from apertus.advice.models import ReviewComment
from apertus.core.testing import assert_inert, assert_matrix, client_for, everyone, only
from apertus.plans import services as plan_services
from apertus.plans.models import PlanStatus

DUE = timezone.localdate() + timedelta(days=10)
INVOLVED = ["stl_oaxaca", "advisor", "coordinator"]


def _open(draft, people):
    review = services.round_open(actor=people["stl_oaxaca"], plan=draft, due_date=DUE)
    comment = services.comment_add(
        actor=people["advisor"],
        review=review,
        commitment=draft.commitments.first(),
        kind="must_fix",
        body="Falta la meta.",
    )
    return review, comment


def test_draft_review_pages_are_seen_only_by_those_involved(draft, people):
    review, comment = _open(draft, people)
    commitment = comment.commitment
    plan_url = reverse("advice:plan_review", args=[draft.state.slug, draft.edition])
    login_or_404 = {**only(INVOLVED, 200, 404), "anonymous": 302}
    assert_matrix(
        people,
        {
            ("GET", plan_url): only(INVOLVED, 200, 404),
            ("GET", review.get_absolute_url()): only(INVOLVED, 200, 404),
            ("GET", reverse("advice:commitment_quality", args=[commitment.pk])): login_or_404,
            ("POST", reverse("advice:commitment_quality", args=[commitment.pk])): login_or_404,
            ("GET", reverse("advice:commitment_assess", args=[commitment.pk])): {
                **only(["advisor", "coordinator"], 200, 404),
                "anonymous": 302,
            },
            ("GET", reverse("advice:thresholds")): {**only(["coordinator"], 200, 403), "anonymous": 302},
        },
    )


def test_posts_are_refused_to_everyone_but_the_right_role(draft, people):
    review, comment = _open(draft, people)
    involved_or_404 = {**only(INVOLVED, 403, 404), "anonymous": 302}
    assert_matrix(
        people,
        {
            ("POST", reverse("advice:comment_add", args=[review.pk])): {**involved_or_404, "advisor": 302},
        },
        data={"commitment": comment.commitment_id, "kind": "question", "field": "whole", "body": "¿Y la línea base?"},
    )
    assert ReviewComment.objects.filter(round=review).count() == 2  # only the advisor's went through
    assert_matrix(
        people,
        {
            ("POST", reverse("advice:comment_answer", args=[comment.pk])): {**involved_or_404, "stl_oaxaca": 302},
        },
        data={"body": "Agregamos la meta al compromiso.", "version": comment.version},
    )
    comment.refresh_from_db()
    assert comment.status == "answered" and comment.replies.count() == 1
    newcomer = User.objects.create_user("nueva.asesora@test.apertus.mx", "contraseña-de-prueba-1")
    assert_matrix(
        people,
        {
            ("POST", reverse("advice:comment_accept", args=[comment.pk])): {**involved_or_404, "advisor": 302},
            ("POST", reverse("advice:round_close", args=[review.pk])): {
                **involved_or_404,
                "stl_oaxaca": 302,
                "coordinator": 302,
            },
            ("POST", reverse("advice:advisor_assign", args=[draft.state.slug, draft.edition])): {
                **involved_or_404,
                "coordinator": 302,
            },
            ("POST", reverse("advice:round_open", args=[draft.state.slug, draft.edition])): {
                **involved_or_404,
                "stl_oaxaca": 302,
                "coordinator": 302,
            },
        },
        data={"version": "", "email": newcomer.email, "due_date": DUE.isoformat()},
    )
    assert draft.advisors.filter(user=newcomer).exists()


def test_after_publication_the_round_is_public_with_names_and_organisations(draft, people):
    review, comment = _open(draft, people)
    services.comment_answer(
        actor=people["stl_oaxaca"],
        comment=comment,
        expected_version=comment.version,
        body="Agregamos la meta trimestral.",
    )
    comment.refresh_from_db()
    services.comment_accept(actor=people["advisor"], comment=comment, expected_version=comment.version)
    services.round_close(actor=people["stl_oaxaca"], review=review)
    plan_services.plan_transition(actor=people["stl_oaxaca"], plan=draft, target=PlanStatus.PUBLISHED)
    assert_matrix(
        people,
        {
            ("GET", review.get_absolute_url()): everyone(200),
            ("GET", reverse("advice:plan_review", args=[draft.state.slug, draft.edition])): everyone(200),
        },
    )
    html = client_for(None).get(review.get_absolute_url()).content.decode()
    assert people["advisor"].public_name in html and "Agregamos la meta trimestral." in html
    assert "Calidad" not in html  # the checklist is for those involved
    api = client_for(None).get(f"/api/advice/plans/{draft.pk}/rounds")
    assert (
        api.status_code == 200 and api.json()[0]["comments"][0]["replies"][0]["body"] == "Agregamos la meta trimestral."
    )


def test_api_hides_the_rounds_of_unpublished_plans(draft, people):
    _open(draft, people)
    assert client_for(None).get(f"/api/advice/plans/{draft.pk}/rounds").status_code == 404


def test_comment_text_is_sanitised(draft, people):
    review = services.round_open(actor=people["stl_oaxaca"], plan=draft, due_date=DUE)
    services.comment_add(
        actor=people["advisor"],
        review=review,
        commitment=draft.commitments.first(),
        kind="question",
        body="<script>alert(1)</script> [x](javascript:alert(1)) <img src=x onerror=alert(1)>",
    )
    html = client_for(people["stl_oaxaca"]).get(review.get_absolute_url()).content.decode()
    fragments = re.findall(r'<div class="prose">(.*?)</div>', html, flags=re.S)
    assert fragments
    for fragment in fragments:
        assert_inert(fragment)


def test_round_page_queries_stay_bounded_as_comments_grow_tenfold(draft, people):
    review = services.round_open(actor=people["stl_oaxaca"], plan=draft, due_date=DUE)
    commitments = list(draft.commitments.all())
    client = client_for(people["stl_oaxaca"])

    def add(n):
        for i in range(n):
            comment = services.comment_add(
                actor=people["advisor"],
                review=review,
                commitment=commitments[i % 2],
                kind="suggestion",
                body=f"Sugerencia {i}",
            )
            if i % 2:
                services.comment_answer(
                    actor=people["stl_oaxaca"],
                    comment=comment,
                    expected_version=comment.version,
                    body="Respuesta con explicación suficiente.",
                )

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(review.get_absolute_url()).status_code == 200
        return len(ctx.captured_queries)

    add(3)
    small = count()
    add(27)
    assert count() == small


def test_live_quality_check_reads_the_unsaved_text(draft, people):
    commitment = draft.commitments.first()
    client = client_for(people["stl_oaxaca"])
    url = reverse("advice:commitment_quality", args=[commitment.pk])
    saved = client.get(url).content.decode()
    assert 'data-rule="problem" data-status="fail"' in saved  # the fixture's problem is one word
    problem = "Actualmente solo 12 de 570 municipios publican sus presupuestos; " * 4
    live = client.post(url, {"problem": problem}).content.decode()
    assert 'data-rule="problem" data-status="pass"' in live
    commitment.refresh_from_db()
    assert commitment.problem == "Problema"  # nothing saved
    edit = client.get(reverse("plans:commitment_edit", args=[commitment.pk])).content.decode()
    assert url in edit and "vendor/htmx.min.js" in edit


def test_assessment_form_and_summaries(draft, people):
    commitment = draft.commitments.first()
    client = client_for(people["advisor"])
    response = client.post(
        reverse("advice:commitment_assess", args=[commitment.pk]),
        {
            "verifiable": "on",
            "relevant_access": "on",
            "potential_impact": "transformative",
            "impact_reason": "Cambia cómo se publica el gasto.",
            "version": "",
        },
    )
    assert response.status_code == 302
    response = client.post(
        reverse("advice:commitment_assess", args=[commitment.pk]),
        {"potential_impact": "huge", "impact_reason": "", "version": "1"},
    )
    assert response.status_code == 200  # the form shows its errors; nothing changed
    draft.status = PlanStatus.PUBLISHED
    draft.save()
    anonymous = client_for(None)
    assert "1 de 2 compromisos verificables" in anonymous.get(draft.get_absolute_url()).content.decode()
    assert "1 de 2 compromisos verificables" in anonymous.get(draft.state.get_absolute_url()).content.decode()
    assert 'data-testid="irm-assessment"' in anonymous.get(commitment.get_absolute_url()).content.decode()
    rows = client_for(None).get("/api/advice/assessments").json()
    assert rows["items"][0]["potential_impact"] == "transformative"
    csv = b"".join(
        anonymous.get(reverse("portal:dataset_download", args=["evaluacion-irm"])).streaming_content
    ).decode()
    assert "transformative" in csv.splitlines()[1]


def test_unpublished_assessments_stay_private(draft, people):
    services.assessment_save(
        actor=people["advisor"],
        commitment=draft.commitments.first(),
        verifiable=False,
        potential_impact="minor",
        impact_reason="Solo un taller sin entregable.",
    )
    assert client_for(None).get("/api/advice/assessments").json()["count"] == 0
    assert json.dumps(client_for(None).get("/api/advice/assessments").json()).count("minor") == 0
