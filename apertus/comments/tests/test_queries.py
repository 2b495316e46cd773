"""A conversation with 1,000 comments costs the same queries as one with 10: pages and one prefetch."""

from datetime import timedelta

import pytest
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from apertus.comments.models import Comment
from apertus.comments.tests.factories import render_thread
from apertus.core.testing import data_kept_copy
from apertus.plans.tests.conftest import build_plan

# count + page + replies of the page, plus (signed in) the person's roles, block and own reports,
# and the target's visibility for the comment form.
QUERIES_SIGNED_IN = 7
QUERIES_ANONYMOUS = 3


def _fill(target, authors, n: int) -> None:
    ct = ContentType.objects.get_for_model(target)
    start = timezone.now() - timedelta(days=1)
    tops = Comment.objects.bulk_create(
        [
            Comment(
                content_type=ct,
                object_id=target.pk,
                author=authors[i % len(authors)],
                body=f"hilo {i}",
                created_at=start + timedelta(seconds=i),
            )
            for i in range(n)
        ]
    )
    Comment.objects.bulk_create(
        [
            Comment(
                content_type=ct,
                object_id=target.pk,
                author=authors[(i + 1) % len(authors)],
                body=f"respuesta {i}",
                parent=top,
                reply_to=top,
                created_at=start + timedelta(seconds=n + i),
            )
            for i, top in enumerate(tops)
            if i % 3 == 0
        ]
    )


@pytest.fixture
def two_targets(people):
    """Two commitments, one with 10 conversations and one with 1,000: built once per starting point and
    written back after that (``data_kept_copy``), before the test counts anything; each test gets its own
    copies of the commitments."""
    return data_kept_copy(f"comments-two-targets {timezone.localdate()}", lambda: _two_targets_made(people))


def _two_targets_made(people):
    plan = build_plan("20", commitments=2, milestones=1)
    small, large = plan.commitments.order_by("number")
    authors = [people["citizen"], people["fellow_oaxaca"], people["stl_oaxaca"], people["applicant"]]
    _fill(small, authors, 10)
    _fill(large, authors, 1000)
    return small, large


@pytest.mark.parametrize(("role", "expected"), [("citizen", QUERIES_SIGNED_IN), ("anonymous", QUERIES_ANONYMOUS)])
def test_thread_queries_do_not_grow_with_the_number_of_comments(
    people, two_targets, django_assert_num_queries, role, expected
):
    small, large = two_targets
    user = people[role]
    render_thread(small, user)  # warm the content-type cache, as a running server has it
    for target in (small, large):
        fresh = people[role] and type(people[role]).objects.get(pk=people[role].pk)  # a new request's user
        with django_assert_num_queries(expected):
            html = render_thread(target, fresh)
        assert html.count('class="comment"') == (10 if target == small else 20)
        assert 'class="comment reply"' in html


def test_a_later_page_costs_the_same(people, two_targets, django_assert_num_queries):
    _, large = two_targets
    render_thread(large, None)
    with django_assert_num_queries(QUERIES_ANONYMOUS):
        html = render_thread(large, None, "cpage=37")
    assert "hilo 720" in html and "Página 37 de 50" in html
