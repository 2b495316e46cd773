"""Following: an allow-list of models, only what the person may see, and a button without JavaScript."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.template import Context, Template
from django.test import RequestFactory

from apertus.core.testing import assert_matrix, client_for, everyone, only
from apertus.notifications.models import Follow
from apertus.notifications.selectors import followers_of, is_following
from apertus.notifications.services import follow, unfollow
from apertus.plans.models import PlanStatus
from apertus.plans.tests.conftest import build_plan
from apertus.territories.models import State

pytestmark = pytest.mark.django_db


@pytest.fixture
def plans(db):
    return {
        "public": build_plan("20", commitments=1, milestones=1),
        "draft": build_plan("20", commitments=1, milestones=1, status=PlanStatus.DRAFT, edition=2),
    }


def test_follow_and_unfollow_through_the_services(people, plans):
    citizen, plan = people["citizen"], plans["public"]
    commitment = plan.commitments.get()
    follow(user=citizen, obj=plan)
    follow(user=citizen, obj=plan)  # twice changes nothing
    follow(user=people["monitor"], obj=plan)
    follow(user=citizen, obj=commitment)
    assert Follow.objects.filter(user=citizen).count() == 2
    assert set(followers_of(plan)) == {citizen, people["monitor"]}
    assert is_following(citizen, commitment) and not is_following(people["monitor"], commitment)
    assert not is_following(people["anonymous"], plan)
    assert unfollow(user=citizen, obj=plan) is True and unfollow(user=citizen, obj=plan) is False
    assert list(followers_of(plan)) == [people["monitor"]]


def test_a_draft_plan_can_only_be_followed_by_who_may_see_it(people, plans):
    draft = plans["draft"]
    with pytest.raises(PermissionDenied):
        follow(user=people["citizen"], obj=draft)
    with pytest.raises(PermissionDenied):
        follow(user=people["stl_sonora"], obj=draft.commitments.get())
    follow(user=people["stl_oaxaca"], obj=draft)
    with pytest.raises(PermissionDenied):  # not on the allow-list
        follow(user=people["citizen"], obj=people["coordinator"])


def _post(user, content_type, object_id, **extra):
    return client_for(user).post(
        "/notificaciones/seguir/", {"content_type": content_type, "object_id": object_id, **extra}
    )


def test_the_follow_endpoint_permission_matrix(people, plans):
    public, draft = plans["public"], plans["draft"]
    url = "/notificaciones/seguir/"
    assert_matrix(
        people, {("POST", url): everyone(302)}, data={"content_type": "plans.actionplan", "object_id": public.pk}
    )
    # A draft: 404 for whoever may not see it (the anonymous visitor is sent to log in first).
    draft_rule = only(["anonymous", "stl_oaxaca", "coordinator"], 302, 404)
    assert_matrix(people, {("POST", url): draft_rule}, data={"content_type": "plans.actionplan", "object_id": draft.pk})
    assert_matrix(
        people,
        {("POST", url): draft_rule},
        data={"content_type": "plans.commitment", "object_id": draft.commitments.get().pk},
    )
    assert followers_of(public).count() == len(people) - 1
    assert set(followers_of(draft)) == {people["stl_oaxaca"], people["coordinator"]}
    response = _post(people["citizen"], "plans.actionplan", public.pk)
    assert response.url == public.get_absolute_url()
    assert _post(None, "plans.actionplan", public.pk).url.startswith("/cuentas/login/")


@pytest.mark.parametrize(
    ("content_type", "object_id"),
    [
        ("accounts.user", "1"),  # exists, but not on the allow-list
        ("participation.proposal", "999999"),  # allow-listed, but no such proposal
        ("no.existe", "1"),
        ("territories.state", "abc"),
        ("territories.state", "99999999999999999999999"),
        ("territories.state", ""),
        ("", ""),
    ],
)
def test_the_follow_endpoint_refuses_anything_else_with_404(people, content_type, object_id):
    assert _post(people["citizen"], content_type, object_id).status_code == 404
    assert Follow.objects.count() == 0


def test_states_can_be_followed_and_unfollowed_and_next_must_stay_on_site(people):
    oaxaca = State.objects.get(code="20")
    response = _post(people["citizen"], "territories.state", oaxaca.pk, next="https://malo.example/")
    assert response.status_code == 302 and response.url == oaxaca.get_absolute_url()
    assert is_following(people["citizen"], oaxaca)
    response = _post(people["citizen"], "territories.state", oaxaca.pk, action="unfollow", next="/estados/")
    assert response.url == "/estados/" and not is_following(people["citizen"], oaxaca)
    assert client_for(people["citizen"]).get("/notificaciones/seguir/").status_code == 405


def _render_button(user, obj):
    request = RequestFactory().get("/estados/oaxaca/")
    request.user = user or AnonymousUser()
    template = Template("{% load notifications_tags %}{% follow_button obj %}")
    return template.render(Context({"request": request, "obj": obj, "csrf_token": "tok"}))


def test_the_follow_button(people, django_assert_max_num_queries):
    oaxaca = State.objects.get(code="20")
    with django_assert_max_num_queries(1):
        html = _render_button(people["citizen"], oaxaca)
    assert 'action="/notificaciones/seguir/"' in html and 'method="post"' in html
    assert 'name="csrfmiddlewaretoken"' in html
    assert 'value="territories.state"' in html and f'value="{oaxaca.pk}"' in html
    assert ">Seguir<" in html and "Dejar de seguir" not in html
    follow(user=people["citizen"], obj=oaxaca)
    html = _render_button(people["citizen"], oaxaca)
    assert "Dejar de seguir" in html and 'value="unfollow"' in html
    anonymous = _render_button(None, oaxaca)
    assert "<form" not in anonymous and "/cuentas/login/?next=/estados/oaxaca/" in anonymous
    assert _render_button(people["citizen"], people["coordinator"]).strip() == ""


def test_proposals_can_be_followed_through_the_participation_selector(people):
    from apertus.participation.tests.conftest import build_process, propose

    plan = build_plan("20", commitments=1, milestones=1, status=PlanStatus.COCREATION)
    proposal = propose(build_process(plan), people["citizen"])
    response = _post(people["monitor"], "participation.proposal", proposal.pk)
    assert response.status_code == 302 and response.url == proposal.get_absolute_url()
    assert list(followers_of(proposal)) == [people["monitor"]]


def test_an_allow_listed_model_whose_app_or_selector_is_missing_cannot_be_followed(people, monkeypatch):
    from apertus.notifications import followables

    def selector_not_written_yet(user):
        raise ImportError("apertus.nada.selectors")

    monkeypatch.setitem(followables._FOLLOWABLE, "nada.modelo", lambda user: State.objects.all())
    monkeypatch.setitem(followables._FOLLOWABLE, "territories.state", selector_not_written_yet)
    oaxaca = State.objects.get(code="20")
    assert followables.visible_queryset("nada.modelo", people["citizen"]) is None  # LookupError: no such model
    assert _post(people["citizen"], "nada.modelo", oaxaca.pk).status_code == 404
    assert _post(people["citizen"], "territories.state", oaxaca.pk).status_code == 404
    assert _render_button(people["citizen"], people["coordinator"]).strip() == ""
