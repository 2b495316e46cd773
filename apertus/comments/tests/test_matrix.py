"""Every comments view, for every role: who gets in, who is turned away."""

from apertus.comments.models import Comment
from apertus.comments.tests.factories import make_comment, post_data
from apertus.core.testing import ROLE_KEYS, assert_matrix, everyone, only

SIGNED_IN = [r for r in ROLE_KEYS if r != "anonymous"]


def test_posting_on_a_public_commitment(people, commitment):
    assert_matrix(people, {("POST", "/comentarios/nuevo/"): everyone(302)}, data=post_data(commitment, "Opino"))
    # 302 for anonymous is the log-in page; everyone signed in posted once
    assert sorted(Comment.objects.values_list("author__email", flat=True)) == sorted(people[r].email for r in SIGNED_IN)


def test_posting_on_a_draft_only_for_its_stl_and_coordinators(people, draft):
    allowed = ["stl_oaxaca", "coordinator"]
    expected = {**only(allowed, 302, 404), "anonymous": 302}
    assert_matrix(people, {("POST", "/comentarios/nuevo/"): expected}, data=post_data(draft, "Borrador"))
    assert sorted(Comment.objects.values_list("author__email", flat=True)) == sorted(people[r].email for r in allowed)


def test_edit_page_only_for_the_author(people, commitment):
    comment = make_comment(commitment, people["citizen"])
    url = f"/comentarios/{comment.pk}/editar/"
    assert_matrix(people, {("GET", url): {**only(["citizen"], 200, 403), "anonymous": 302}})
    assert_matrix(people, {("POST", url): {**only(["citizen"], 302, 403), "anonymous": 302}}, data={"body": "Nuevo"})
    comment.refresh_from_db()
    assert comment.body == "Nuevo"


def test_reporting_for_everyone_signed_in_but_the_author(people, commitment):
    comment = make_comment(commitment, people["citizen"])
    url = f"/comentarios/{comment.pk}/reportar/"
    assert_matrix(people, {("POST", url): {**everyone(302), "citizen": 403}}, data={"reason": "spam"})
    comment.refresh_from_db()
    assert comment.flag_count == len(SIGNED_IN) - 1


def test_reporting_a_comment_on_a_draft_needs_to_see_the_draft(people, draft):
    comment = make_comment(draft, people["stl_oaxaca"])
    url = f"/comentarios/{comment.pk}/reportar/"
    assert_matrix(
        people,
        {("POST", url): {**only(["coordinator"], 302, 404), "stl_oaxaca": 403, "anonymous": 302}},
        data={"reason": "spam"},
    )


def test_permalinks(people, commitment, draft):
    public = make_comment(commitment, people["citizen"])
    private = make_comment(draft, people["stl_oaxaca"])
    assert_matrix(
        people,
        {
            ("GET", f"/comentarios/{public.pk}/"): everyone(302),
            ("GET", f"/comentarios/{private.pk}/"): only(["stl_oaxaca", "coordinator"], 302, 404),
            ("GET", "/comentarios/999999/"): everyone(404),
        },
    )


def test_wrong_methods(people, commitment):
    comment = make_comment(commitment, people["citizen"])
    assert_matrix(
        people,
        {
            ("GET", "/comentarios/nuevo/"): everyone(405),
            ("GET", f"/comentarios/{comment.pk}/reportar/"): {**everyone(405), "anonymous": 302},
        },
    )
