"""The aggregate endpoint: staff with a personal token only; never per-person answers or open texts."""

from apertus.accounts.tokens import token_create
from apertus.core.testing import client_for
from apertus.surveys import services
from apertus.surveys.models import Purpose
from apertus.surveys.tests.conftest import answers, build_survey


def _get(client, url, token=None):
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {}
    return client.get(url, **headers)


def test_aggregates_for_staff_tokens_only(people, course, survey):
    services.response_save(
        actor=people["fellow_oaxaca"],
        questionnaire=survey.questionnaire,
        submit=True,
        answers=answers(survey, scale=4, single="Sí", text="Un comentario personal"),
    )
    rated = build_survey(
        course.program, purpose=Purpose.FACILITATION, facilitator=people["facilitator"], anonymous=True
    )
    url = f"/api/surveys/{survey.questionnaire.pk}/results"
    client = client_for(None)
    assert _get(client, url).status_code == 401
    for key in ("fellow_oaxaca", "citizen", "stl_oaxaca"):
        _, raw = token_create(user=people[key], name="t")
        assert _get(client, url, raw).status_code == 404, key
    _, facilitator = token_create(user=people["facilitator"], name="t")
    assert _get(client, f"/api/surveys/{rated.questionnaire.pk}/results", facilitator).status_code == 404
    response = _get(client, url, facilitator)
    assert response.status_code == 200
    data = response.json()
    assert (data["submitted"], data["fellows"], data["response_rate"]) == (1, 1, 100.0)
    assert data["questions"][0]["mean"] == 4.0 and data["questions"][0]["bars"][3] == {
        "label": "4",
        "count": 1,
        "percent": 100.0,
    }
    assert "Un comentario personal" not in response.content.decode()
    assert "Fellow_Oaxaca" not in response.content.decode()
    # A logged-in session is not enough: the API wants the token.
    assert client_for(people["coordinator"]).get(url).status_code == 401
