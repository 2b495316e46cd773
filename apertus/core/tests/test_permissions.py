import pytest
from django.http import Http404

from apertus.core.permissions import Predicate, add_rule, has_perm, predicate, rule_names, visible_or_404

yes = Predicate(lambda u, o: True, "yes")
no = Predicate(lambda u, o: False, "no")


class FakeUser:
    is_active = True
    is_authenticated = True


def test_predicates_compose():
    user = FakeUser()
    assert (yes & yes)(user)
    assert not (yes & no)(user)
    assert (yes | no)(user)
    assert not (no | no)(user)
    assert (~no)(user)
    assert "yes" in repr(yes & no)


def test_predicate_receives_user_and_object():
    seen = []

    @predicate
    def records(user, obj):
        seen.append((user, obj))
        return obj == "mine"

    assert records("u", "mine") and not records("u", "other")
    assert seen == [("u", "mine"), ("u", "other")]


def test_unknown_permission_is_an_error_not_a_silent_no():
    with pytest.raises(KeyError):
        has_perm(FakeUser(), "nope.nothing")


def test_inactive_user_gets_nothing():
    user = FakeUser()
    user.is_active = False
    assert not has_perm(user, "territories.view_state")


def test_a_name_cannot_be_declared_twice_with_another_predicate():
    add_rule("tests.twice", yes)
    add_rule("tests.twice", yes)  # the same declaration again is harmless (module reload)
    with pytest.raises(ValueError):
        add_rule("tests.twice", no)


def test_what_a_person_may_not_see_does_not_exist_for_them():
    add_rule("tests.see_mine", Predicate(lambda u, o: o == "mine", "see_mine"))
    user = FakeUser()
    assert visible_or_404(user, "tests.see_mine", "mine") == "mine"
    for obj in ("theirs", None):
        with pytest.raises(Http404):
            visible_or_404(user, "tests.see_mine", obj)
    user.is_active = False
    with pytest.raises(Http404):
        visible_or_404(user, "tests.see_mine", "mine")


def test_anonymous_visitors_are_asked_like_anyone():
    from django.contrib.auth.models import AnonymousUser

    assert has_perm(AnonymousUser(), "territories.view_state")
    assert not has_perm(AnonymousUser(), "accounts.assign_role")


def test_foundation_permissions_are_registered():
    names = rule_names()
    for name in [
        "accounts.assign_role",
        "accounts.disable_user",
        "core.access_admin",
        "organizations.change_organization",
    ]:
        assert name in names
