"""Coordination writes, previews and publishes calls in its own pages; published rules change with a reason."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from apertus.calls.models import Call
from apertus.core.testing import assert_matrix, client_for, only
from apertus.notifications.models import Notification

from .conftest import build_call, fill_application, make_applicant

BASE = {
    "title": "Convocatoria 2027",
    "slug": "convocatoria-2027",
    "summary": "Resumen",
    "objective": "Objetivo",
    "profile": "",
    "eligibility": "Vivir en una entidad participante.",
    "process": "",
    "schedule": "",
    "contact": "",
    "opens_at": "2027-01-10T09:00",
    "closes_at": "2027-02-10T18:00",
    "motives_word_limit": "500",
    "reminder_days": "3",
    "evaluators_per_application": "2",
    "interviewers_per_application": "2",
    "evaluation_weight": "0.60",
    "interview_weight": "0.40",
    "quota_per_state": "4",
}


def _edit_data(call, **changes):
    data = {**BASE, "slug": call.slug, "title": call.title, **changes}
    criteria = list(call.criteria.all())
    data.update(
        {
            "criteria-TOTAL_FORMS": str(len(criteria) + 1),
            "criteria-INITIAL_FORMS": str(len(criteria)),
            "criteria-MIN_NUM_FORMS": "0",
            "criteria-MAX_NUM_FORMS": "30",
        }
    )
    for i, c in enumerate(criteria):
        data.update(
            {
                f"criteria-{i}-id": str(c.pk),
                f"criteria-{i}-position": str(c.position),
                f"criteria-{i}-name": c.name,
                f"criteria-{i}-description": c.description,
                f"criteria-{i}-min_score": str(c.min_score),
                f"criteria-{i}-max_score": str(c.max_score),
                f"criteria-{i}-weight": str(c.weight),
            }
        )
    return data


def test_a_coordinator_creates_previews_and_publishes_a_call(db, people):
    coordinator = client_for(people["coordinator"])
    response = coordinator.post("/convocatorias/nueva/", BASE)
    assert response.status_code == 302
    call = Call.objects.get(slug="convocatoria-2027")
    assert not call.is_published and call.criteria.count() == 3
    assert client_for(None).get("/convocatorias/convocatoria-2027/").status_code == 404  # a draft
    preview = coordinator.get("/convocatorias/convocatoria-2027/gestion/vista-previa/").content.decode()
    assert 'data-testid="preview"' in preview and "Vivir en una entidad participante." in preview
    # A fourth criterion through the formset, and a weight changed, while still a draft (no reason needed).
    data = _edit_data(call, summary="Nuevo resumen")
    data.update(
        {
            "criteria-0-weight": "2",
            "criteria-3-position": "3",
            "criteria-3-name": "Propuesta",
            "criteria-3-description": "",
            "criteria-3-min_score": "1",
            "criteria-3-max_score": "5",
            "criteria-3-weight": "1.5",
        }
    )
    assert coordinator.post("/convocatorias/convocatoria-2027/gestion/editar/", data).status_code == 302
    assert [(c.name, str(c.weight)) for c in call.criteria.all()][::3] == [
        ("Exposición de motivos", "2.00"),
        ("Propuesta", "1.50"),
    ]
    assert coordinator.post("/convocatorias/convocatoria-2027/gestion/publicar/", {"published": "1"}).status_code == 302
    assert client_for(None).get("/convocatorias/convocatoria-2027/").status_code == 200


def test_changing_a_published_call_needs_a_reason_and_tells_applicants(db, people):
    call = build_call("publicada-cambio")
    applicant = make_applicant("cambio@test.apertus.mx")
    fill_application(applicant, call, submit=False)
    coordinator = client_for(people["coordinator"])
    url = f"/convocatorias/{call.slug}/gestion/editar/"
    data = _edit_data(
        call,
        opens_at=call.opens_at.strftime("%Y-%m-%dT%H:%M"),
        closes_at=call.closes_at.strftime("%Y-%m-%dT%H:%M"),
        motives_word_limit="300",
    )
    # No blank extra criterion: a browser posts the extra form with its initial values, which the
    # formset then ignores; posting it with no fields at all would read as a half-filled criterion.
    data["criteria-TOTAL_FORMS"] = data["criteria-INITIAL_FORMS"]
    response = coordinator.post(url, data)
    assert response.status_code == 200 and "explica el motivo del cambio" in response.content.decode()
    call.refresh_from_db()
    assert call.motives_word_limit == 500
    assert coordinator.post(url, {**data, "reason": "Se acorta la exposición de motivos"}).status_code == 302
    call.refresh_from_db()
    assert call.motives_word_limit == 300
    assert call.history.first().history_change_reason == "Se acorta la exposición de motivos"
    note = Notification.objects.get(event="call_changed", recipient=applicant)
    assert "Se acorta" in note.body


def test_hostile_input_gets_form_errors_not_a_crash(db, people):
    call = build_call("hostil-edicion", published=False)
    coordinator = client_for(people["coordinator"])
    url = f"/convocatorias/{call.slug}/gestion/editar/"
    for bad in (
        {"evaluation_weight": "9"},
        {"closes_at": "no es fecha"},
        {"criteria-0-max_score": "-1"},
        {"criteria-TOTAL_FORMS": "100000"},
        {"title": "x" * 5000},
    ):
        response = coordinator.post(url, {**_edit_data(call), **bad})
        assert response.status_code in (200, 400), bad
    assert coordinator.post("/convocatorias/nueva/", {**BASE, "slug": "nueva"}).status_code == 200  # reserved


def test_authoring_permissions(db, people):
    call = build_call("matriz-edicion", published=False)
    login = {"anonymous": 302}
    coordination_200 = {**only(["coordinator"], 200, 403), **login}
    assert_matrix(
        people,
        {
            ("GET", "/convocatorias/nueva/"): coordination_200,
            ("GET", f"/convocatorias/{call.slug}/gestion/editar/"): {**only(["coordinator"], 200, 404), **login},
            ("GET", f"/convocatorias/{call.slug}/gestion/vista-previa/"): {**only(["coordinator"], 200, 404), **login},
        },
    )
    assert_matrix(
        people,
        {("POST", f"/convocatorias/{call.slug}/gestion/publicar/"): {**only(["coordinator"], 302, 404), **login}},
        data={"published": "1"},
    )
    published = build_call("matriz-publicada")
    assert_matrix(people, {("GET", f"/convocatorias/{published.slug}/gestion/editar/"): coordination_200})


def test_the_edit_page_runs_a_bounded_number_of_queries(db, people):
    from apertus.calls import services

    client = client_for(people["coordinator"])
    counts = []
    for extra in (0, 8):
        call = build_call(f"consultas-{extra}", published=False)
        for n in range(extra):
            services.criterion_set(actor=None, call=call, name=f"Criterio {n}")
        client.get(f"/convocatorias/{call.slug}/gestion/editar/")
        with CaptureQueriesContext(connection) as captured:
            assert client.get(f"/convocatorias/{call.slug}/gestion/editar/").status_code == 200
        counts.append(len(captured))
    assert counts[0] == counts[1] and counts[1] <= 25, counts


def test_a_call_is_written_in_spanish_and_english_and_english_pages_fall_back_to_spanish(db, people):
    coordinator = client_for(people["coordinator"])
    data = {
        **BASE,
        "title_en": "Call 2027",
        "summary_en": "Summary in English",
        "eligibility_en": "Live in a **participating** state.",
    }
    assert coordinator.post("/convocatorias/nueva/", data).status_code == 302
    call = Call.objects.get(slug="convocatoria-2027")
    assert (call.title_en, call.objective_en) == ("Call 2027", "")
    # The default rubric is seeded in both languages, whatever the language of the page.
    assert [(c.name, c.name_en) for c in call.criteria.all()][0] == ("Exposición de motivos", "Statement of purpose")
    english_page = client_for(people["coordinator"])
    english_page.post("/convocatorias/nueva/", {**BASE, "slug": "en-ingles"}, HTTP_ACCEPT_LANGUAGE="en")
    assert Call.objects.get(slug="en-ingles").criteria.first().name == "Exposición de motivos"
    edit = _edit_data(call)
    edit.update(
        {
            "title_en": "Call 2027",
            "summary_en": "Summary in English",
            "eligibility_en": "Live in a **participating** state.",
            "criteria-0-name_en": "Statement of motives",
            "criteria-0-description_en": "Why you apply",
        }
    )
    edit["criteria-TOTAL_FORMS"] = edit["criteria-INITIAL_FORMS"]
    assert coordinator.post("/convocatorias/convocatoria-2027/gestion/editar/", edit).status_code == 302
    assert call.criteria.first().name_en == "Statement of motives"
    assert coordinator.post("/convocatorias/convocatoria-2027/gestion/publicar/", {"published": "1"}).status_code == 302
    anonymous = client_for(None)
    spanish = anonymous.get("/convocatorias/convocatoria-2027/").content.decode()
    assert "Convocatoria 2027" in spanish and "Call 2027" not in spanish and "Vivir en una entidad" in spanish
    english = anonymous.get("/convocatorias/convocatoria-2027/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "<h1>Call 2027</h1>" in english and "Summary in English" in english
    assert "<strong>participating</strong>" in english and "Vivir en una entidad" not in english
    assert "Objetivo" in spanish and "Objetivo" in english  # no English objective: the Spanish one is shown
    listing = anonymous.get("/convocatorias/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Call 2027" in listing
