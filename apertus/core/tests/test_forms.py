"""apply_service: a service's validation errors land on the form; run_action: as flash messages;
try_service: on the result, for the view to show. Each gives back the service's result on success."""

import pytest
from django import forms
from django.contrib import messages
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.exceptions import ValidationError
from django.test import RequestFactory

from apertus.core.concurrency import EditConflict
from apertus.core.forms import LongSelect, apply_service, run_action, try_service


class _Form(forms.Form):
    title = forms.CharField()


def _bound():
    form = _Form({"title": "Plan"})
    assert form.is_valid()
    return form


def test_success_is_true_and_carries_the_result():
    form = _bound()
    done = apply_service(form, lambda: {"pk": 7})
    assert done and done.ok and done.result == {"pk": 7}
    assert not form.errors


def test_a_service_returning_none_still_counts_as_success():
    assert apply_service(_bound(), lambda: None)


def _raise(exc):
    raise exc


def test_field_errors_go_to_their_field_and_unknown_ones_to_the_form():
    form = _bound()
    done = apply_service(form, lambda: _raise(ValidationError({"title": "Muy corto", "other": "Otro"})))
    assert not done and done.result is None
    assert form.errors["title"] == ["Muy corto"]
    assert form.non_field_errors() == ["Otro"]


def test_a_plain_error_goes_to_the_form():
    form = _bound()
    assert not apply_service(form, lambda: _raise(ValidationError("No se puede")))
    assert form.non_field_errors() == ["No se puede"]


def test_other_exceptions_pass_through():
    with pytest.raises(EditConflict):
        apply_service(_bound(), lambda: _raise(EditConflict.__new__(EditConflict)))


def test_errors_without_a_field_of_the_form_may_go_on_a_default_field():
    form = _bound()
    assert not apply_service(form, lambda: _raise(ValidationError({"other": "Otro"})), default="title")
    assert form.errors["title"] == ["Otro"] and not form.non_field_errors()
    form = _bound()
    assert not apply_service(form, lambda: _raise(ValidationError("No se puede")), default="title")
    assert form.errors["title"] == ["No se puede"]


def test_a_long_select_writes_what_django_s_select_writes():
    choices = [
        ("", "—"),
        ("Oaxaca", [(1, "Abejones"), (2, 'Santa María <Huatulco> & "Tres"')]),
        ("Sonora", [(3, "Álamos")]),
        (4, "Sin grupo"),
    ]
    attrs = {"data-filter-by": "id_state", "required": True, "disabled": False, "id": "id_municipality"}
    for value in (None, "", 2, "3", [4]):
        expected = forms.Select(attrs=attrs, choices=choices).render("municipality", value)
        assert LongSelect(attrs=attrs, choices=choices).render("municipality", value) == expected, value


def test_try_service_gives_the_result_or_the_refusal():
    done = try_service(lambda: 7)
    assert done and done.result == 7 and done.error is None and done.messages == [] and done.message == ""
    refused = try_service(lambda: _raise(ValidationError({"title": "Muy corto", "other": ["Otro", "Y otro"]})))
    assert not refused and refused.result is None
    assert refused.messages == ["Muy corto", "Otro", "Y otro"]
    assert refused.message == "Muy corto Otro Y otro"
    assert refused.error.message_dict == {"title": ["Muy corto"], "other": ["Otro", "Y otro"]}


def test_try_service_lets_other_exceptions_through():
    with pytest.raises(EditConflict):
        try_service(lambda: _raise(EditConflict.__new__(EditConflict)))


def _request():
    request = RequestFactory().post("/")
    request._messages = CookieStorage(request)
    return request


def _shown(request):
    return [(m.level, m.message) for m in messages.get_messages(request)]


def test_run_action_on_success_shows_nothing_and_carries_the_result():
    request = _request()
    done = run_action(request, lambda: "hecho")
    assert done and done.result == "hecho"
    assert _shown(request) == []


def test_run_action_shows_each_message_of_a_refusal_as_an_error():
    request = _request()
    done = run_action(request, lambda: _raise(ValidationError(["No se puede", "Ya cerró"])))
    assert not done and done.result is None
    assert _shown(request) == [(messages.ERROR, "No se puede"), (messages.ERROR, "Ya cerró")]


def test_run_action_may_join_the_messages_and_choose_the_level():
    request = _request()
    assert not run_action(request, lambda: _raise(ValidationError({"a": "Uno", "b": "Dos"})), joined=True)
    assert _shown(request) == [(messages.ERROR, "Uno Dos")]
    request = _request()
    assert not run_action(request, lambda: _raise(ValidationError("Ya lo reportaste")), level=messages.INFO)
    assert _shown(request) == [(messages.INFO, "Ya lo reportaste")]


def test_run_action_lets_other_exceptions_through():
    request = _request()
    with pytest.raises(EditConflict):
        run_action(request, lambda: _raise(EditConflict.__new__(EditConflict)))
    assert _shown(request) == []
