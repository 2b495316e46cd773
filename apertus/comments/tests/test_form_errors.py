"""A service's refusal that names no field of the comment form shows beside the text box."""

import pytest
from django.core.exceptions import ValidationError

from apertus.comments import services
from apertus.comments.models import Comment
from apertus.comments.tests.factories import post_data
from apertus.core.testing import client_for


@pytest.mark.parametrize(
    "error",
    [ValidationError("Conversación cerrada."), ValidationError({"target": "Conversación cerrada."})],
    ids=["plain", "other field"],
)
def test_a_refusal_without_a_form_field_goes_on_the_body(people, commitment, monkeypatch, error):
    def refuse(**kwargs):
        raise error

    monkeypatch.setattr(services, "comment_create", refuse)
    response = client_for(people["citizen"]).post("/comentarios/nuevo/", post_data(commitment, "Hola"))
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors["body"] == ["Conversación cerrada."] and not form.non_field_errors()
    assert Comment.objects.count() == 0
