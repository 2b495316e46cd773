"""Coordination writes, previews and publishes calls in its own pages; published rules change with a reason."""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.html import escape

from apertus.calls import selectors, services
from apertus.calls.models import Call, Quota
from apertus.core.testing import assert_matrix, client_for, only
from apertus.notifications.models import Notification
from apertus.territories.models import State

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
    questions = list(call.questions.all())
    data.update({"questions-TOTAL_FORMS": str(len(questions)), "questions-INITIAL_FORMS": str(len(questions))})
    for i, q in enumerate(questions):
        data.update(
            {
                f"questions-{i}-id": str(q.pk),
                f"questions-{i}-position": str(q.position),
                f"questions-{i}-text": q.text,
                f"questions-{i}-weight": str(q.weight),
            }
        )
    quotas = list(call.quotas.all())
    data.update({"quotas-TOTAL_FORMS": str(len(quotas)), "quotas-INITIAL_FORMS": str(len(quotas))})
    for i, q in enumerate(quotas):
        data.update({f"quotas-{i}-which": f"{q.dimension}:{q.key}", f"quotas-{i}-target": str(q.target)})
    data["states"] = [str(pk) for pk in call.states.values_list("pk", flat=True)]
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

    client = client_for(people["coordinator"])
    counts = []
    for extra in (0, 8):
        call = build_call(f"consultas-{extra}", published=False)
        for n in range(extra):
            services.criterion_set(actor=None, call=call, name=f"Criterio {n}")
            services.question_set(actor=None, call=call, text=f"Pregunta {n}")
        codes = [s.code for s in selectors.eligible_states(call)][:extra]
        services.call_update(actor=None, call=call, quotas=[("state", code, 2) for code in codes])
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


def _with_quotas(data, quotas):
    # No blank extra criterion (see above); the quotas replace the stored ones.
    data = {
        **data,
        "criteria-TOTAL_FORMS": data["criteria-INITIAL_FORMS"],
        "quotas-TOTAL_FORMS": str(len(quotas)),
        "quotas-INITIAL_FORMS": "0",
    }
    for i, (which, target) in enumerate(quotas):
        data.update({f"quotas-{i}-which": which, f"quotas-{i}-target": str(target)})
    return data


def test_a_coordinator_declares_states_quotas_and_the_interview_in_the_edit_page(db, people):
    call = build_call("cuotas-edicion", published=False)
    coordinator = client_for(people["coordinator"])
    url = f"/convocatorias/{call.slug}/gestion/editar/"
    page = coordinator.get(url).content.decode()
    assert 'data-testid="quotas"' in page and 'data-testid="questions"' in page and "Entidades elegibles" in page
    oaxaca, sonora = State.objects.get(code="20"), State.objects.get(code="26")
    data = _with_quotas(_edit_data(call), [("state:20", 3), ("gender:mujer", 2), ("sector:sociedad_civil", 1)])
    data.update({"states": [str(oaxaca.pk), str(sonora.pk)], "questions-0-text": "¿Conoce el plan de su entidad?"})
    response = coordinator.post(url, data)
    assert response.status_code == 302
    assert sorted(call.states.values_list("code", flat=True)) == ["20", "26"]
    assert sorted(call.quotas.values_list("dimension", "key", "target")) == [
        ("gender", "mujer", 2),
        ("sector", "sociedad_civil", 1),
        ("state", "20", 3),
    ]
    assert call.questions.first().text == "¿Conoce el plan de su entidad?"
    assert {h.history_user for h in Quota.history.filter(call_id=call.pk)} == {people["coordinator"]}
    # The proposal reads them: Oaxaca has 3 places, Sonora the call's default.
    selection = coordinator.get(f"/convocatorias/{call.slug}/gestion/seleccion/").content.decode()
    assert "Seleccionadas: 0 de 7 lugares." in selection
    # Removing one quota keeps the others; the removal stays in the history.
    data = _edit_data(call)
    data["criteria-TOTAL_FORMS"] = data["criteria-INITIAL_FORMS"]
    gender_row = next(i for i, q in enumerate(call.quotas.all()) if q.dimension == "gender")
    data[f"quotas-{gender_row}-DELETE"] = "on"
    assert coordinator.post(url, data).status_code == 302
    assert not call.quotas.filter(dimension="gender").exists() and call.quotas.count() == 2
    assert Quota.history.filter(call_id=call.pk, history_type="-").count() == 1


def test_a_quota_change_on_a_published_call_needs_a_reason_and_tells_applicants(db, people):
    call = build_call("cuotas-publicada")
    applicant = make_applicant("cuotas@test.apertus.mx")
    fill_application(applicant, call, submit=False)
    coordinator = client_for(people["coordinator"])
    url = f"/convocatorias/{call.slug}/gestion/editar/"
    data = _with_quotas(
        _edit_data(
            call,
            opens_at=call.opens_at.strftime("%Y-%m-%dT%H:%M"),
            closes_at=call.closes_at.strftime("%Y-%m-%dT%H:%M"),
        ),
        [("gender:mujer", 3)],
    )
    data["criteria-TOTAL_FORMS"] = data["criteria-INITIAL_FORMS"]
    response = coordinator.post(url, data)
    assert response.status_code == 200 and "explica el motivo del cambio" in response.content.decode()
    assert not call.quotas.exists()
    assert coordinator.post(url, {**data, "reason": "Paridad: al menos tres mujeres"}).status_code == 302
    assert list(call.quotas.values_list("key", "target")) == [("mujer", 3)]
    assert Quota.history.get(call_id=call.pk).history_change_reason == "Paridad: al menos tres mujeres"
    (note,) = Notification.objects.filter(event="call_changed", recipient=applicant)
    assert "Paridad" in note.body


def test_unknown_repeated_or_out_of_range_quotas_are_errors_that_change_nothing(db, people):
    call = build_call("cuotas-hostiles", published=False)
    call.states.set([State.objects.get(code="20")])
    coordinator = client_for(people["coordinator"])
    url = f"/convocatorias/{call.slug}/gestion/editar/"
    base = {**_edit_data(call), "summary": "Cambio que no debe guardarse"}
    for quotas in (
        [("state:99", 1)],  # no such state
        [("gender:robot", 1)],
        [("sector:<script>", 1)],
        [("state:26", 2)],  # Sonora exists but is not eligible in this call
        [("gender:mujer", 2), ("gender:mujer", 3)],
        [("gender:mujer", 1000)],
        [("gender:mujer", -1)],
        [("gender:mujer", "muchas")],
    ):
        response = coordinator.post(url, _with_quotas(base, quotas))
        assert response.status_code == 200, quotas
        assert 'role="alert"' in response.content.decode() or "errorlist" in response.content.decode(), quotas
    call.refresh_from_db()
    assert not call.quotas.exists() and call.summary != "Cambio que no debe guardarse"
    # The service refuses the same without a form in front of it.
    with pytest.raises(ValidationError):
        services.call_update(actor=people["coordinator"], call=call, quotas=[("state", "26", 1)])
    with pytest.raises(ValidationError):
        services.call_update(actor=people["coordinator"], call=call, quotas=[("gender", "mujer", 100)])
    assert not call.quotas.exists()


def test_quotas_are_frozen_once_the_selection_is_confirmed(db, people):
    call = build_call("cuotas-congeladas", published=False)
    services.call_update(actor=people["coordinator"], call=call, quotas=[("gender", "mujer", 2)])
    Call.objects.filter(pk=call.pk).update(selection_confirmed_at=timezone.now())
    call.refresh_from_db()
    with pytest.raises(ValidationError):
        services.call_update(actor=people["coordinator"], call=call, quotas=[("gender", "mujer", 1)])
    assert list(call.quotas.values_list("target", flat=True)) == [2]


def test_a_coordinator_names_evaluators_and_attaches_public_documents(db, people):
    from apertus.calls.models import Evaluator
    from apertus.documents.tests import files
    from apertus.organizations.models import Organization

    call = build_call("evaluadores-pagina", published=True)
    applicant = make_applicant("aspirante.eval@test.apertus.mx")
    fill_application(applicant, call, submit=False)
    organization = Organization.objects.order_by("name").first()
    coordinator = client_for(people["coordinator"])
    url = f"/convocatorias/{call.slug}/gestion/evaluadores/"
    assert 'data-testid="evaluators"' in coordinator.get(url).content.decode()

    add = {"organization": str(organization.pk), "email": people["citizen"].email.upper(), "role": "evaluacion"}
    assert coordinator.post(url, add).status_code == 302
    evaluator = Evaluator.objects.get(call=call)
    assert (evaluator.user, evaluator.organization, evaluator.role) == (people["citizen"], organization, "evaluacion")
    assert evaluator.history.first().history_user == people["coordinator"]
    # Unknown people, applicants of the same call and hostile values are form errors that change nothing.
    for bad in (
        {**add, "email": "nadie@test.apertus.mx"},
        {**add, "email": applicant.email},
        {**add, "organization": "999999"},
        {**add, "role": "jefa"},
        {**add, "email": "<script>@x"},
    ):
        response = coordinator.post(url, bad)
        assert response.status_code == 400, bad
    assert Evaluator.objects.filter(call=call).count() == 1

    pdf = files.upload(files.pdf(), "bases.pdf")
    assert coordinator.post(url, {"title": "Bases de la convocatoria", "file": pdf}).status_code == 302
    (document,) = call.files.all()
    assert document.is_public and document.content_type == "application/pdf"
    assert "Bases de la convocatoria" in client_for(None).get(call.get_absolute_url()).content.decode()
    fake = files.upload(b"MZ\x90\x00 not a pdf", "bases.pdf")
    assert coordinator.post(url, {"title": "Falso", "file": fake}).status_code == 400
    assert call.files.count() == 1

    assert coordinator.post(f"{url}{evaluator.pk}/quitar/").status_code == 302
    assert not Evaluator.objects.filter(call=call).exists()
    assert Evaluator.history.filter(id=evaluator.pk, history_type="-").get().history_user == people["coordinator"]
    remove = f"/convocatorias/{call.slug}/gestion/archivos/{document.pk}/quitar/"
    assert coordinator.post(remove).status_code == 302
    assert not call.files.exists() and "Documento retirado" in call.history.first().history_change_reason


def test_the_evaluators_page_permissions_and_queries(db, people):
    from apertus.calls.tests.conftest import institutions

    call = build_call("evaluadores-matriz", published=False)
    login = {"anonymous": 302}
    url = f"/convocatorias/{call.slug}/gestion/evaluadores/"
    assert_matrix(people, {("GET", url): {**only(["coordinator"], 200, 404), **login}})
    evaluator = institutions(call, 1)[0][1].call_evaluations.get()
    assert_matrix(
        people,
        {
            ("POST", f"/convocatorias/{call.slug}/gestion/evaluadores/{evaluator.pk}/quitar/"): {
                **only(["coordinator"], 302, 404),
                **login,
            },
            ("POST", f"/convocatorias/{call.slug}/gestion/archivos/999/quitar/"): {
                **only(["coordinator"], 404, 404),
                **login,
            },
        },
    )
    client = client_for(people["coordinator"])
    counts = []
    for n in (1, 6):
        other = build_call(f"evaluadores-consultas-{n}", published=False)
        institutions(other, n)
        client.get(f"/convocatorias/{other.slug}/gestion/evaluadores/")
        with CaptureQueriesContext(connection) as captured:
            assert client.get(f"/convocatorias/{other.slug}/gestion/evaluadores/").status_code == 200
        counts.append(len(captured))
    assert counts[0] == counts[1] and counts[1] <= 25, counts


def test_dates_are_written_and_shown_in_the_time_zone_of_the_calls_states(db, people):
    from datetime import UTC, datetime

    call = build_call("hora-sonora", published=False)
    coordinator = client_for(people["coordinator"])
    url = f"/convocatorias/{call.slug}/gestion/editar/"
    assert "hora del centro de México" in coordinator.get(url).content.decode()
    call.states.set([State.objects.get(code="26")])  # Sonora: no daylight saving time, UTC-7
    assert "hora de Sonora" in coordinator.get(url).content.decode()
    data = _edit_data(call, opens_at="2027-01-10T09:00", closes_at="2027-02-10T18:00")
    data["criteria-TOTAL_FORMS"] = data["criteria-INITIAL_FORMS"]
    assert coordinator.post(url, data).status_code == 302
    call.refresh_from_db()
    assert call.closes_at == datetime(2027, 2, 11, 1, 0, tzinfo=UTC)
    services.call_publish(actor=None, call=call)
    page = client_for(None).get(call.get_absolute_url()).content.decode()
    assert "18:00" in page and "(hora de Sonora)" in page
    # States with different time zones: central Mexico's time, said so.
    call.states.add(State.objects.get(code="20"))
    page = client_for(None).get(call.get_absolute_url()).content.decode()
    assert "(hora del centro de México)" in page and "19:00" in page


@pytest.mark.parametrize("prefix", ["criteria", "quotas", "questions"])
def test_a_huge_form_count_is_refused_at_the_formsets_limit(db, people, prefix):
    """A request that claims 100,000 rows gets the formset's "too many" error; no more forms than its
    limit are built or shown (Django's default would build 1,000 more)."""
    from apertus.calls.authoring_forms import CriterionFormSet, QuestionFormSet, QuotaFormSet
    from apertus.calls.models import InterviewQuestion, RubricCriterion

    formset_class, unbound = {
        "criteria": (CriterionFormSet, {"queryset": RubricCriterion.objects.none()}),
        "quotas": (QuotaFormSet, {"form_kwargs": {"choices": []}}),
        "questions": (QuestionFormSet, {"queryset": InterviewQuestion.objects.none()}),
    }[prefix]
    call = build_call(f"hostil-{prefix}", published=False)
    coordinator = client_for(people["coordinator"])
    url = f"/convocatorias/{call.slug}/gestion/editar/"
    response = coordinator.post(url, {**_edit_data(call), f"{prefix}-TOTAL_FORMS": "100000"})
    assert response.status_code in (200, 400)
    html = response.content.decode()
    limit = formset_class.max_num
    assert f'name="{prefix}-{limit}-' not in html
    bound = formset_class({f"{prefix}-TOTAL_FORMS": "100000", f"{prefix}-INITIAL_FORMS": "0"}, prefix=prefix, **unbound)
    assert len(bound.forms) == limit
    assert not bound.is_valid()
    assert [e.code for e in bound.non_form_errors().as_data()] == ["too_many_forms"]
    assert escape(bound.non_form_errors()[0]) in html  # the page says why
