"""The scale generator writes in bulk what the services would have written."""

import io

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import Count

from apertus.accounts.services import user_create
from apertus.comments.models import Comment
from apertus.core.testing import data_kept
from apertus.participation.models import Proposal, Response, Support
from apertus.plans.models import ActionPlan, Commitment, Milestone
from apertus.plans.progress import recompute_commitment
from apertus.plans.selectors import public_plans
from apertus.scale import generator

TINY = 0.0005  # 50 citizens, ~32 commitments, ~25 proposals, 250 comments, 1,000 supports


@pytest.fixture
def generated(db):
    """Generated once per worker, then its rows written back (core/testing.py: data_kept)."""
    return data_kept("generate_scale", _generate)


def _generate():
    bar = generator.Bar(stream=io.StringIO())
    counts = generator.generate(scale=TINY, seed=7, bar=bar)
    return counts, bar


def test_every_state_gets_a_public_plan_with_its_process(generated):
    counts, bar = generated
    assert counts["plans"] == 32
    assert public_plans().filter(process__isnull=False).values("state").distinct().count() == 32
    assert set(bar.timings) >= {"cuentas ciudadanas", "compromisos e hitos", "propuestas y apoyos", "comentarios"}


def test_counts_follow_the_scale(generated):
    counts, _bar = generated
    sizes = generator.sizes(TINY)
    assert counts["users"] == sizes["users"]
    assert counts["comments"] == Comment.objects.count()
    assert abs(counts["comments"] - sizes["comments"]) <= sizes["comments"] * 0.1
    assert counts["supports"] == Support.objects.count()


def test_support_counts_equal_the_supports(generated):
    stored = dict(Proposal.objects.values_list("pk", "support_count"))
    counted = dict(Support.objects.values("proposal").annotate(n=Count("id")).values_list("proposal", "n"))
    assert stored == {pk: counted.get(pk, 0) for pk in stored}
    assert sum(stored.values()) > 0


def test_every_public_record_has_its_creation_in_the_history(generated):
    for model in (Commitment, Milestone, Proposal, Response, Comment):
        assert model.history.filter(history_type="+").count() == model._base_manager.count(), model
    proposal = Proposal.objects.order_by("pk").first()
    assert proposal.history.get().history_user_id == proposal.author_id


def test_progress_is_what_progress_py_computes(generated):
    commitments = list(Commitment.objects.order_by("pk").values_list("pk", "progress", "completion")[:20])
    for pk, progress, completion in commitments:
        assert recompute_commitment(pk) == progress
        assert Commitment.objects.get(pk=pk).completion == completion
    plan = ActionPlan.objects.filter(commitments__isnull=False).order_by("-pk").first()
    assert plan.progress > 0 or not Milestone.objects.filter(commitment__plan=plan, progress__gt=0).exists()


def test_every_proposal_of_a_published_plan_is_answered(generated):
    assert not Proposal.objects.filter(response__isnull=True).exists()


def test_replies_hang_from_a_comment_on_the_same_record(generated):
    kind = ContentType.objects.get_for_model(Proposal)
    replies = Comment.objects.filter(parent__isnull=False).select_related("parent")
    assert replies.exists()
    for reply in replies[:50]:
        assert (reply.parent.content_type_id, reply.parent.object_id) == (reply.content_type_id, reply.object_id)
        assert reply.parent.parent_id is None
    assert Comment.objects.filter(content_type=kind).exists()


def test_new_records_after_the_generator_get_fresh_ids(generated):
    user = user_create(email="despues@example.org", password=None)
    assert user.pk > max(pk for (pk,) in scale_users())


def scale_users():
    from apertus.accounts.models import User

    return User.objects.filter(email__endswith="@" + generator.DOMAIN).values_list("pk")


def test_the_command_refuses_a_second_run_and_production(generated, settings):
    with pytest.raises(CommandError):
        call_command("generate_scale", "--scale", str(TINY), "--quiet", stdout=io.StringIO())
    settings.DEMO_ALLOWED = False
    with pytest.raises(CommandError):
        call_command("generate_scale", "--scale", str(TINY), "--quiet", stdout=io.StringIO())
