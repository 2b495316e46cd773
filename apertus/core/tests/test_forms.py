"""apply_service: a service's validation errors land on the form; its result comes back on success."""

import pytest
from django import forms
from django.core.exceptions import ValidationError

from apertus.core.concurrency import EditConflict
from apertus.core.forms import apply_service


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
    from apertus.core.forms import LongSelect

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
