"""The application: steps saved as the applicant goes, limits enforced by the server, completeness."""

import os

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from apertus.accounts.models import Role, RoleAssignment
from apertus.calls import limits, selectors, services
from apertus.calls.models import Application, CVEntry
from apertus.core.testing import client_for
from apertus.documents.models import Document
from apertus.documents.tests import files
from apertus.territories.models import State

from .conftest import build_call, make_applicant


@pytest.fixture
def applicant(db):
    return make_applicant("ana@test.apertus.mx", state_code="20")


@pytest.fixture
def application(applicant, open_call):
    return services.application_start(actor=applicant, call=open_call)


def test_first_application_makes_an_applicant_and_there_is_one_per_call(applicant, open_call):
    assert not RoleAssignment.objects.filter(user=applicant, role=Role.APPLICANT).exists()
    first = services.application_start(actor=applicant, call=open_call)
    assert services.application_start(actor=applicant, call=open_call).pk == first.pk
    assert RoleAssignment.objects.filter(user=applicant, role=Role.APPLICANT, phase=open_call.phase).count() == 1
    assert first.state.code == "20"  # the profile's state, since Oaxaca takes part in phase 1
    with pytest.raises(IntegrityError), transaction.atomic():
        Application.objects.create(call=open_call, applicant=applicant)
    # One account serves every call.
    other = build_call("otra-convocatoria", phase_number=2)
    assert services.application_start(actor=applicant, call=other).pk != first.pk


def test_an_unverified_account_cannot_apply(db, open_call):
    from apertus.accounts.services import user_create

    user = user_create(email="sin-verificar@test.apertus.mx", password="x-contraseña-larga-1")
    with pytest.raises(PermissionDenied):
        services.application_start(actor=user, call=open_call)
    assert client_for(user).post(f"/convocatorias/{open_call.slug}/solicitud/").status_code == 403


def test_word_limit_is_enforced_on_the_server(applicant, application, open_call):
    exactly = " ".join(["palabra"] * open_call.motives_word_limit)
    services.application_update(actor=applicant, application=application, motives=exactly)
    with pytest.raises(ValidationError, match="501 palabras"):
        services.application_update(actor=applicant, application=application, motives=exactly + " más")
    assert Application.objects.get(pk=application.pk).motives == exactly
    # Configurable per call, and the same through the web form.
    services.call_update(actor=None, call=open_call, motives_word_limit=50, reason="Bases corregidas")
    client = client_for(applicant)
    response = client.post(f"/convocatorias/{open_call.slug}/solicitud/motivos/", {"motives": "uno " * 51})
    assert response.status_code == 200 and "51 palabras; el máximo es 50" in response.content.decode()
    assert Application.objects.get(pk=application.pk).motives == exactly


@pytest.mark.parametrize(
    "url",
    ["javascript:alert(1)", "ftp://videos.example.org/a.mp4", "data:text/html,hola", "http://", "no es un enlace"],
)
def test_video_links_are_web_links_only(applicant, application, url):
    with pytest.raises(ValidationError):
        services.application_update(actor=applicant, application=application, video_url=url)


def test_video_form_accepts_a_bare_domain_as_https(applicant, application, open_call):
    client_for(applicant).post(f"/convocatorias/{open_call.slug}/solicitud/video/", {"video_url": "youtu.be/abc"})
    assert Application.objects.get(pk=application.pk).video_url == "https://youtu.be/abc"


def test_declared_state_must_take_part_in_the_call(applicant, application):
    with pytest.raises(ValidationError, match="no participa"):
        services.application_update(actor=applicant, application=application, state=State.objects.get(code="32"))
    with pytest.raises(ValidationError):  # Campeche is phase 2; this call is phase 1
        services.application_update(actor=applicant, application=application, state=State.objects.get(code="04"))
    services.application_update(actor=applicant, application=application, state=State.objects.get(code="26"))
    assert [s.code for s in selectors.eligible_states(application.call)] == ["08", "17", "19", "20", "26"]


def test_cv_sections_have_length_limits_and_maximum_counts(applicant, application):
    with pytest.raises(ValidationError):
        services.cv_entry_add(actor=applicant, application=application, section="education", title="x" * 151)
    with pytest.raises(ValidationError):
        services.cv_entry_add(
            actor=applicant,
            application=application,
            section="work",
            title="Puesto",
            description="d" * (limits.CV_DESCRIPTION_MAX + 1),
        )
    with pytest.raises(ValidationError):
        services.cv_entry_add(
            actor=applicant, application=application, section="work", title="Puesto", start_year=2020, end_year=2019
        )
    with pytest.raises(ValidationError):
        services.cv_entry_add(actor=applicant, application=application, section="hobbies", title="Ajedrez")
    spec = limits.CV_SECTIONS["language"]
    for n in range(spec.max_count):
        services.cv_entry_add(
            actor=applicant,
            application=application,
            section="language",
            title=f"Idioma {n}",
            level="B2",
            organization="ignorado",
            start_year=2000,
        )
    with pytest.raises(ValidationError, match="como máximo"):
        services.cv_entry_add(actor=applicant, application=application, section="language", title="Uno más")
    entry = CVEntry.objects.filter(application=application).first()
    assert (entry.organization, entry.start_year, entry.level) == ("", None, "B2")  # fields the section does not ask


def test_completeness_counts_each_item_and_submit_needs_all(applicant, application, pdf_upload):
    def percent():
        return selectors.completeness(Application.objects.prefetch_related("cv_entries").get(pk=application.pk)).percent

    assert percent() == 12  # the state came from the profile: 1 of 8
    with pytest.raises(ValidationError, match="Falta completar"):
        services.application_submit(actor=applicant, application=application)
    services.application_update(
        actor=applicant,
        application=application,
        motives="Motivos",
        gender="mujer",
        sector="academia",
        video_url="https://v.example.org/1",
    )
    assert percent() == 62
    services.cv_entry_add(actor=applicant, application=application, section="education", title="Licenciatura")
    assert percent() == 62  # the CV also needs work experience
    services.cv_entry_add(actor=applicant, application=application, section="work", title="Analista")
    services.application_upload_proof(actor=applicant, application=application, upload=pdf_upload)
    assert percent() == 87
    services.application_consent(actor=applicant, application=application, accepted=True)
    assert percent() == 100
    services.application_submit(actor=applicant, application=application)
    application.refresh_from_db()
    assert application.status == "enviada" and application.consent_version
    with pytest.raises(ValidationError, match="ya fue enviada"):
        services.application_update(actor=applicant, application=application, motives="Otra cosa")


def test_proof_of_address_is_checked_by_content_and_kept_private(
    applicant, application, pdf_upload, django_capture_on_commit_callbacks
):
    for content, name in [
        (files.HTML, "recibo.pdf"),
        (files.EXE, "recibo.pdf"),
        (files.PDF_HEADED_HTML, "recibo.pdf"),
        (files.docx(), "recibo.docx"),
        (files.SVG, "recibo.png"),
    ]:
        with pytest.raises(ValidationError):
            services.application_upload_proof(
                actor=applicant, application=application, upload=files.upload(content, name)
            )
    too_big = files.upload(b"%PDF-1.4\n" + b"0" * limits.PROOF_MAX_BYTES + b"\n%%EOF", "grande.pdf")
    with pytest.raises(ValidationError, match="máximo"):
        services.application_upload_proof(actor=applicant, application=application, upload=too_big)
    assert not Document.objects.exists()

    document = services.application_upload_proof(actor=applicant, application=application, upload=pdf_upload)
    assert (document.is_public, document.state_id, document.uploaded_by_id, document.content_type) == (
        False,
        None,
        applicant.pk,
        "application/pdf",
    )
    stored = document.file.path
    with django_capture_on_commit_callbacks(execute=True):
        image = services.application_upload_proof(
            actor=applicant, application=application, upload=files.upload(files.image("JPEG"), "foto.jpg", "image/jpeg")
        )
    assert list(Document.objects.values_list("pk", flat=True)) == [image.pk]  # the replaced one is gone
    assert not os.path.exists(stored)


def test_someone_else_cannot_write_my_application(applicant, application, db):
    intruder = make_applicant("intrusa@test.apertus.mx")
    with pytest.raises(PermissionDenied):
        services.application_update(actor=intruder, application=application, motives="hackeado")
    with pytest.raises(PermissionDenied):
        services.application_upload_proof(
            actor=intruder, application=application, upload=files.upload(files.pdf(), "x.pdf")
        )
    entry = services.cv_entry_add(actor=applicant, application=application, section="education", title="Maestría")
    response = client_for(intruder).post(
        f"/convocatorias/{application.call.slug}/solicitud/curriculum/{entry.pk}/eliminar/"
    )
    assert response.status_code == 404 and CVEntry.objects.filter(pk=entry.pk).exists()


def test_full_flow_through_the_views(applicant, open_call):
    client = client_for(applicant)
    base = f"/convocatorias/{open_call.slug}/solicitud/"
    assert client.post(base).status_code == 302
    assert client.post(base + "motivos/", {"motives": "Quiero **cambiar** mi estado."}).status_code == 302
    client.post(
        base + "curriculum/",
        {
            "section": "education",
            "education-title": "Licenciatura",
            "education-organization": "UABJO",
            "education-start_year": "2012",
        },
    )
    client.post(
        base + "curriculum/", {"section": "work", "work-title": "Coordinadora", "work-organization": "Colectivo"}
    )
    client.post(base + "video/", {"video_url": "https://youtu.be/xyz"})
    client.post(
        base + "datos/", {"state": State.objects.get(code="20").pk, "gender": "no_binaria", "sector": "sociedad_civil"}
    )
    client.post(base + "comprobante/", {"file": files.upload(files.pdf(), "recibo.pdf")})
    client.post(base + "aviso/", {"accept": "on"})
    for step in selectors.STEP_SLUGS:
        assert client.get(f"{base}{step}/").status_code == 200, step
    page = client.get(base).content.decode()
    assert 'data-testid="completeness">100 %' in page
    response = client.post(base + "enviar/", follow=True)
    assert "Tu solicitud fue enviada" in response.content.decode()
    application = Application.objects.get(call=open_call, applicant=applicant)
    assert (application.status, application.gender, application.cv_entries.count()) == ("enviada", "no_binaria", 2)
