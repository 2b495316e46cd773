"""``mark_actions`` (each comment's controls for a person, in one query) agrees with the permission
predicates over every kind of person and comment."""

from datetime import timedelta

import pytest
from django.utils import timezone

from apertus.accounts.services import user_disable
from apertus.comments.models import Comment
from apertus.comments.rules import mark_actions
from apertus.comments.tests.factories import make_comment
from apertus.core.permissions import has_perm
from apertus.core.testing import ROLE_KEYS
from apertus.moderation import services as moderation


@pytest.fixture
def comments(people, commitment):
    """Every kind of comment a person may meet, by the citizen and by someone else."""
    old = timezone.now() - timedelta(hours=2)
    made = []
    for author in ("citizen", "fellow_oaxaca", "stl_oaxaca", "coordinator"):
        made.append(make_comment(commitment, people[author], f"reciente de {author}"))
        made.append(make_comment(commitment, people[author], f"antiguo de {author}", created_at=old))
        made.append(make_comment(commitment, people[author], f"oculto de {author}", is_hidden=True))
    made.append(make_comment(commitment, None, "de una cuenta eliminada"))
    # The citizen and the STL already reported one comment each.
    moderation.flag_add(user=people["citizen"], obj=made[3], reason="spam")
    moderation.flag_add(user=people["stl_oaxaca"], obj=made[0], reason="spam")
    return [Comment.objects.get(pk=c.pk) for c in made]


def _expected(user, comments) -> dict:
    from apertus.comments.selectors import flagged_by

    flagged = flagged_by(user, comments)
    return {
        c.pk: (
            has_perm(user, "comments.change_comment", c),
            c.pk not in flagged and has_perm(user, "comments.flag_comment", c),
            c.pk in flagged,
        )
        for c in comments
    }


def _marked(user, comments) -> dict:
    return {pk: tuple(a) for pk, a in mark_actions(user, comments).items()}


@pytest.mark.parametrize("role", ROLE_KEYS)
def test_the_controls_agree_with_the_permissions(people, comments, role):
    user = people[role]
    assert _marked(user, comments) == _expected(user, comments)


def test_they_agree_for_a_blocked_and_for_a_deactivated_person(people, comments):
    moderation.user_block(actor=people["coordinator"], user=people["citizen"], reason="Insultos")
    blocked = type(people["citizen"]).objects.get(pk=people["citizen"].pk)
    assert _marked(blocked, comments) == _expected(blocked, comments)
    assert not any(a.edit or a.flag for a in mark_actions(blocked, comments).values())
    user_disable(actor=people["coordinator"], user=people["fellow_oaxaca"])
    gone = type(people["fellow_oaxaca"]).objects.get(pk=people["fellow_oaxaca"].pk)
    assert _marked(gone, comments) == _expected(gone, comments)


def test_the_controls_of_a_page_cost_one_query(people, comments, django_assert_num_queries):
    user = type(people["citizen"]).objects.get(pk=people["citizen"].pk)
    mark_actions(user, comments[:1])  # the person's block, read once per request
    with django_assert_num_queries(1):
        marks = mark_actions(user, comments)
    own_recent = comments[0]
    assert marks[own_recent.pk].edit and not marks[own_recent.pk].flag
    assert marks[comments[3].pk].flagged and not marks[comments[3].pk].flag
    assert marks[comments[6].pk].flag  # the STL's recent comment
