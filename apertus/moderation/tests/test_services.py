"""Hide and restore with a reason, flags and the review queue, blocking: the moderation services."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from apertus.comments.models import Comment
from apertus.comments.tests.factories import make_comment, public_commitment, render_thread
from apertus.core import ratelimit
from apertus.moderation import selectors, services
from apertus.moderation.models import ActionKind, Flag, ModerationAction, UserBlock
from apertus.moderation.registry import register_state_resolver, state_id_of
from apertus.territories.models import State


@pytest.fixture
def comment(people, commitment):
    return make_comment(commitment, people["citizen"], body="Un comentario que alguien reporta")


def test_hide_needs_a_reason_and_records_it(people, comment, notified):
    for empty in ("", "   ", None):
        with pytest.raises(ValidationError):
            services.content_hide(actor=people["coordinator"], obj=comment, reason=empty)
    comment.refresh_from_db()
    assert not comment.is_hidden and not ModerationAction.objects.exists()
    services.content_hide(actor=people["stl_oaxaca"], obj=comment, reason="Contiene datos personales")
    comment.refresh_from_db()
    assert comment.is_hidden and comment.hidden_by == people["stl_oaxaca"] and comment.hidden_at is not None
    assert comment.hidden_reason == "Contiene datos personales"
    last = comment.history.order_by("-history_id").first()
    assert (last.history_change_reason, last.history_user, last.is_hidden) == (
        "Contiene datos personales",
        people["stl_oaxaca"],
        True,
    )
    entry = ModerationAction.objects.get()
    assert (entry.actor, entry.action, entry.reason, entry.content_object, entry.state.code) == (
        people["stl_oaxaca"],
        ActionKind.HIDE,
        "Contiene datos personales",
        comment,
        "20",
    )
    # the author is told why, once
    told = notified.by_event("moderation")
    assert len(told) == 1 and told[0]["recipients"] == [people["citizen"]] and "datos personales" in told[0]["body"]
    assert comment.body not in render_thread(comment.target, None)
    with pytest.raises(ValidationError):
        services.content_hide(actor=people["coordinator"], obj=comment, reason="otra vez")


def test_restore_needs_a_reason_and_shows_the_content_again(people, comment):
    services.content_hide(actor=people["coordinator"], obj=comment, reason="Spam")
    with pytest.raises(ValidationError):
        services.content_restore(actor=people["coordinator"], obj=comment, reason="")
    services.content_restore(actor=people["coordinator"], obj=comment, reason="Era una cita, no spam")
    comment.refresh_from_db()
    assert not comment.is_hidden and comment.hidden_reason == ""
    assert comment.history.order_by("-history_id").first().history_change_reason == "Era una cita, no spam"
    assert list(ModerationAction.objects.order_by("id").values_list("action", flat=True)) == ["ocultar", "restaurar"]
    assert comment.body in render_thread(comment.target, None)
    with pytest.raises(ValidationError):
        services.content_restore(actor=people["coordinator"], obj=comment, reason="ya visible")


def test_a_long_reason_stays_whole_in_the_history_and_in_the_log(people, comment):
    reason = "Motivo largo " * 30
    services.content_hide(actor=people["coordinator"], obj=comment, reason=reason)
    assert comment.history.order_by("-history_id").first().history_change_reason == reason.strip()
    assert ModerationAction.objects.get().reason == reason.strip()


def test_only_moderators_of_the_state_hide(people, comment):
    for role in ["citizen", "stl_sonora", "facilitator", "monitor", "fellow_oaxaca"]:
        with pytest.raises(PermissionDenied):
            services.content_hide(actor=people[role], obj=comment, reason="No")
    comment.refresh_from_db()
    assert not comment.is_hidden


def test_flags_count_once_per_person(people, comment):
    services.flag_add(user=people["fellow_oaxaca"], obj=comment, reason="Spam")
    with pytest.raises(ValidationError):
        services.flag_add(user=people["fellow_oaxaca"], obj=comment, reason="Spam otra vez")
    with pytest.raises(PermissionDenied):
        services.flag_add(user=people["citizen"], obj=comment, reason="Mi propio comentario")
    with pytest.raises(ValidationError):
        services.flag_add(user=people["applicant"], obj=comment, reason="")
    comment.refresh_from_db()
    assert comment.flag_count == 1 and Flag.objects.count() == 1


def test_reaching_the_threshold_queues_the_item_and_tells_its_moderators_once(people, comment, notified, settings):
    settings.MODERATION_FLAG_THRESHOLD = 3
    services.flag_add(user=people["fellow_oaxaca"], obj=comment, reason="Spam")
    services.flag_add(user=people["applicant"], obj=comment, reason="Ofensivo")
    assert notified.by_event("moderation") == []
    queue = selectors.review_queue(people["coordinator"])
    assert queue["queued"] == [] and [i.obj for i in queue["recent"]] == [comment]
    services.flag_add(user=people["monitor"], obj=comment, reason="Spam")
    services.flag_add(user=people["advisor"], obj=comment, reason="Spam")
    calls = notified.by_event("moderation")
    assert len(calls) == 1
    assert calls[0]["dedupe_key"] == f"flagged:{Flag.objects.first().content_type_id}:{comment.pk}"
    recipients = {p.pk for p in calls[0]["recipients"]}
    assert recipients == {people["coordinator"].pk, people["stl_oaxaca"].pk}  # not Sonora's STL
    for moderator in ("coordinator", "stl_oaxaca"):
        item = selectors.review_queue(people[moderator])["queued"][0]
        assert (item.obj, item.flags, item.state_id) == (comment, 4, State.objects.get(code="20").pk)
        assert sorted(item.reasons) == ["Ofensivo", "Spam", "Spam", "Spam"]
    assert selectors.review_queue(people["stl_sonora"]) == {"queued": [], "recent": []}


def test_dismissing_and_hiding_settle_the_flags(people, comment, settings):
    settings.MODERATION_FLAG_THRESHOLD = 2
    services.flag_add(user=people["fellow_oaxaca"], obj=comment, reason="Spam")
    services.flag_add(user=people["applicant"], obj=comment, reason="Spam")
    assert services.flags_dismiss(actor=people["stl_oaxaca"], obj=comment) == 2
    comment.refresh_from_db()
    assert comment.flag_count == 0 and not comment.is_hidden
    assert selectors.review_queue(people["coordinator"]) == {"queued": [], "recent": []}
    services.flag_add(user=people["monitor"], obj=comment, reason="Ofensivo")
    services.content_hide(actor=people["coordinator"], obj=comment, reason="Ofensivo")
    assert not Flag.objects.filter(resolved_at__isnull=True).exists()
    assert selectors.review_queue(people["coordinator"]) == {"queued": [], "recent": []}


def test_blocking_hides_everything_a_person_wrote_and_unblocking_brings_it_back(people, commitment):
    other = public_commitment("26")
    mine = [make_comment(commitment, people["citizen"]), make_comment(other, people["citizen"])]
    theirs = make_comment(commitment, people["fellow_oaxaca"])
    with pytest.raises(ValidationError):
        services.user_block(actor=people["coordinator"], user=people["citizen"], reason="")
    services.user_block(actor=people["coordinator"], user=people["citizen"], reason="Acoso reiterado")
    assert list(selectors.visible(Comment.objects.all())) == [theirs]
    assert selectors.is_blocked(people["citizen"])
    with pytest.raises(ValidationError):
        services.user_block(actor=people["coordinator"], user=people["citizen"], reason="otra vez")
    services.user_unblock(
        actor=people["coordinator"], user=people["citizen"], reason="Se comprometió a respetar las reglas"
    )
    assert set(selectors.visible(Comment.objects.all())) == {*mine, theirs}
    assert not selectors.is_blocked(people["citizen"])
    # blocked again later: the same record, with a new reason, and the history keeps both
    services.user_block(actor=people["coordinator"], user=people["citizen"], reason="Reincidencia")
    block = UserBlock.objects.get()
    assert block.lifted_at is None and block.reason == "Reincidencia"
    assert [h.history_change_reason for h in block.history.order_by("history_id")] == [
        "Acoso reiterado",
        "Se comprometió a respetar las reglas",
        "Reincidencia",
    ]
    assert list(ModerationAction.objects.order_by("id").values_list("action", "target_user")) == [
        ("bloquear", people["citizen"].pk),
        ("desbloquear", people["citizen"].pk),
        ("bloquear", people["citizen"].pk),
    ]


def test_only_coordinators_block_and_nobody_blocks_themselves(people):
    for role in ["stl_oaxaca", "citizen", "facilitator"]:
        with pytest.raises(PermissionDenied):
            services.user_block(actor=people[role], user=people["applicant"], reason="No")
    with pytest.raises(ValidationError):
        services.user_block(actor=people["coordinator"], user=people["coordinator"], reason="Prueba")
    assert not UserBlock.objects.exists()


def test_state_resolvers(people, commitment, comment):
    oaxaca = State.objects.get(code="20").pk
    assert state_id_of(commitment) == state_id_of(commitment.plan) == state_id_of(comment) == oaxaca
    assert state_id_of(people["citizen"]) is None  # no resolver: only coordinators moderate it
    with pytest.raises(ValueError):
        register_state_resolver("plans.commitment", lambda c: None)


def test_the_log_is_scoped_to_the_moderators_states(people, comment):
    services.content_hide(actor=people["coordinator"], obj=comment, reason="Spam")
    services.user_block(actor=people["coordinator"], user=people["applicant"], reason="Spam")
    assert selectors.action_log(people["coordinator"]).count() == 2
    assert [a.action for a in selectors.action_log(people["stl_oaxaca"])] == ["ocultar"]
    assert not selectors.action_log(people["stl_sonora"]).exists()


def test_rate_limiter_counts_within_a_window(settings):
    ratelimit.reset("prueba")
    assert [ratelimit.hit("prueba", 3, 60) for _ in range(5)] == [True, True, True, False, False]
    assert ratelimit.hit("otra-clave", 3, 60)
    ratelimit.reset("prueba")
    assert ratelimit.hit("prueba", 3, 60)
