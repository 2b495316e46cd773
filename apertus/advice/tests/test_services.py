from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from apertus.advice import services
from apertus.advice.models import CommentStatus, ReplyKind, RoundStatus
from apertus.advice.reminders import due_reminders
from apertus.core.concurrency import EditConflict
from apertus.notifications.models import Notification
from apertus.plans import lifecycle
from apertus.plans import services as plan_services
from apertus.plans.models import PlanStatus

DUE = timezone.localdate() + timedelta(days=10)


def _publish_step():
    return lifecycle.find_step(PlanStatus.COCREATION, PlanStatus.PUBLISHED)


def test_a_whole_round_gates_publication_until_every_must_fix_is_accepted(draft, people):
    stl, advisor = people["stl_oaxaca"], people["advisor"]
    review = services.round_open(actor=stl, plan=draft, due_date=DUE)
    assert set(review.commitments.all()) == set(draft.commitments.all())
    assert Notification.objects.filter(recipient=advisor, event="advice_round").exists()
    assert any("ronda" in b for b in lifecycle.blockers(draft, _publish_step()))

    commitment = draft.commitments.first()
    comment = services.comment_add(
        actor=advisor,
        review=review,
        commitment=commitment,
        kind="must_fix",
        field="milestones",
        body="Los hitos no dicen qué se entrega.",
    )
    assert Notification.objects.filter(recipient=stl, event="advice_comment").exists()
    with pytest.raises(ValidationError):
        services.round_close(actor=stl, review=review)

    updated = plan_services.commitment_update(
        actor=stl,
        commitment=commitment,
        expected_version=commitment.version,
        expected_results="Meta: 100 % de los informes publicados.",
    )
    change = updated.history.order_by("-history_date").first()
    reply = services.comment_answer(
        actor=stl,
        comment=comment,
        expected_version=comment.version,
        body="Agregamos la meta.",
        change_id=change.history_id,
    )
    assert reply.kind == ReplyKind.CHANGED and reply.change_id == change.history_id
    assert Notification.objects.filter(recipient=advisor, event="advice_answer").exists()

    comment.refresh_from_db()
    services.comment_reopen(
        actor=advisor, comment=comment, expected_version=comment.version, body="Falta también la unidad del indicador."
    )
    assert Notification.objects.filter(recipient=stl, event="advice_reopen").exists()
    comment.refresh_from_db()
    services.comment_answer(
        actor=stl,
        comment=comment,
        expected_version=comment.version,
        body="La unidad son informes trimestrales publicados.",
    )
    comment.refresh_from_db()
    services.comment_accept(actor=advisor, comment=comment, expected_version=comment.version)
    comment.refresh_from_db()
    assert comment.status == CommentStatus.ACCEPTED
    assert any("ronda" in b for b in lifecycle.blockers(draft, _publish_step()))  # still open
    services.round_close(actor=stl, review=review)
    assert not [b for b in lifecycle.blockers(draft, _publish_step()) if "asesoría" in b]


def test_unresolved_must_fix_blocks_publication_even_after_the_round_closed(draft, people):
    review = services.round_open(actor=people["stl_oaxaca"], plan=draft, due_date=DUE)
    services.comment_add(
        actor=people["advisor"],
        review=review,
        commitment=draft.commitments.first(),
        kind="must_fix",
        body="Falta línea base.",
    )
    review.status = RoundStatus.CLOSED  # as an old data import might leave it
    review.save()
    with pytest.raises(ValidationError) as exc:
        plan_services.plan_transition(actor=people["stl_oaxaca"], plan=draft, target=PlanStatus.PUBLISHED)
    assert "debe corregirse" in " ".join(exc.value.messages)


def test_who_may_do_what(draft, people):
    with pytest.raises(PermissionDenied):
        services.round_open(actor=people["stl_sonora"], plan=draft, due_date=DUE)
    with pytest.raises(PermissionDenied):
        services.advisor_assign(actor=people["stl_oaxaca"], plan=draft, user=people["facilitator"])
    review = services.round_open(actor=people["coordinator"], plan=draft, due_date=DUE)
    commitment = draft.commitments.first()
    for intruder in ("stl_oaxaca", "coordinator", "facilitator", "monitor"):
        with pytest.raises(PermissionDenied):
            services.comment_add(
                actor=people[intruder], review=review, commitment=commitment, kind="question", body="¿?"
            )
    comment = services.comment_add(
        actor=people["advisor"], review=review, commitment=commitment, kind="question", body="¿Quién?"
    )
    for intruder in ("advisor", "coordinator", "stl_sonora"):
        with pytest.raises(PermissionDenied):
            services.comment_answer(
                actor=people[intruder], comment=comment, expected_version=None, body="Una respuesta larga"
            )
    with pytest.raises(PermissionDenied):
        services.comment_accept(actor=people["stl_oaxaca"], comment=comment, expected_version=None)


def test_bad_input_changes_nothing(draft, people):
    stl, advisor = people["stl_oaxaca"], people["advisor"]
    with pytest.raises(ValidationError):
        services.round_open(actor=stl, plan=draft, due_date=timezone.localdate() - timedelta(days=1))
    review = services.round_open(actor=stl, plan=draft, due_date=DUE)
    with pytest.raises(ValidationError):
        services.round_open(actor=stl, plan=draft, due_date=DUE)  # one open round at a time
    commitment = draft.commitments.first()
    for kwargs in (
        {"kind": "nope", "body": "x"},
        {"kind": "must_fix", "body": "   "},
        {"kind": "must_fix", "body": "x", "field": "budget"},
    ):
        with pytest.raises(ValidationError):
            services.comment_add(actor=advisor, review=review, commitment=commitment, **kwargs)
    comment = services.comment_add(
        actor=advisor, review=review, commitment=commitment, kind="must_fix", body="Arreglar."
    )
    with pytest.raises(ValidationError):
        services.comment_answer(actor=stl, comment=comment, expected_version=comment.version, body="corto")
    other = draft.commitments.last()
    foreign = other.history.first()
    with pytest.raises(ValidationError):
        services.comment_answer(
            actor=stl,
            comment=comment,
            expected_version=comment.version,
            body="Ver cambio",
            change_id=foreign.history_id if other != commitment else 10**9,
        )
    with pytest.raises(ValidationError):
        services.comment_accept(actor=advisor, comment=comment, expected_version=comment.version)  # not answered yet
    comment.refresh_from_db()
    assert comment.status == CommentStatus.OPEN and not comment.replies.exists()


def test_a_stale_answer_is_an_edit_conflict_never_a_lost_answer(draft, people):
    stl = people["stl_oaxaca"]
    review = services.round_open(actor=stl, plan=draft, due_date=DUE)
    comment = services.comment_add(
        actor=people["advisor"], review=review, commitment=draft.commitments.first(), kind="must_fix", body="Arreglar."
    )
    loaded = comment.version
    services.comment_answer(actor=stl, comment=comment, expected_version=loaded, body="Primera respuesta completa.")
    with pytest.raises(EditConflict):
        services.comment_answer(actor=stl, comment=comment, expected_version=loaded, body="Segunda respuesta completa.")
    assert comment.replies.count() == 1


def test_threshold_per_phase_gates_opening_a_round(draft, people):
    from apertus.program.models import StateParticipation

    phase = StateParticipation.objects.get(state=draft.state).phase
    services.threshold_set(actor=people["coordinator"], phase=phase, minimum_score=95)
    with pytest.raises(ValidationError) as exc:
        services.round_open(actor=people["stl_oaxaca"], plan=draft, due_date=DUE)
    assert "puntaje mínimo" in " ".join(exc.value.messages)
    services.threshold_set(actor=people["coordinator"], phase=phase, minimum_score=0)
    assert services.round_open(actor=people["stl_oaxaca"], plan=draft, due_date=DUE).pk
    with pytest.raises(PermissionDenied):
        services.threshold_set(actor=people["stl_oaxaca"], phase=phase, minimum_score=10)


def test_due_date_reminders_reach_advisors_and_stl_once(draft, people):
    from apertus.notifications.reminders import run_reminders

    services.round_open(actor=people["stl_oaxaca"], plan=draft, due_date=timezone.localdate() + timedelta(days=2))
    items = list(due_reminders(timezone.now()))
    assert len(items) == 1
    assert {people["advisor"].pk, people["stl_oaxaca"].pk} <= set(items[0]["recipients"])
    run_reminders()
    run_reminders()
    assert Notification.objects.filter(event="advice_due", recipient=people["advisor"]).count() == 1


def test_assessment_is_kept_with_history(draft, people):
    commitment = draft.commitments.first()
    fields = {
        "verifiable": True,
        "relevant_access": True,
        "potential_impact": "moderate",
        "impact_reason": "Publica el gasto municipal completo.",
    }
    assessment = services.assessment_save(actor=people["advisor"], commitment=commitment, **fields)
    with pytest.raises(ValidationError):
        services.assessment_save(
            actor=people["advisor"],
            commitment=commitment,
            expected_version=assessment.version,
            **{**fields, "impact_reason": "corta"},
        )
    with pytest.raises(PermissionDenied):
        services.assessment_save(actor=people["stl_oaxaca"], commitment=commitment, **fields)
    services.assessment_save(
        actor=people["coordinator"],
        commitment=commitment,
        expected_version=assessment.version,
        **{**fields, "opened_access": "major"},
    )
    assert assessment.history.count() == 2
