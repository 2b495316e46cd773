"""The calls admin is for developers: superusers only, and its pickers never offer private files."""

import pytest

from apertus.accounts.services import user_create
from apertus.calls import services
from apertus.core.testing import client_for
from apertus.documents.models import DocumentKind
from apertus.documents.services import document_create
from apertus.documents.tests import files

from .conftest import PASSWORD, build_call, close, fill_application, make_applicant


@pytest.fixture
def developer(db):
    user = user_create(email="desarrollo@test.apertus.mx", password=PASSWORD, first_name="Dev", last_name="Prueba")
    user.is_superuser = user.is_staff = True
    user.save(update_fields=["is_superuser", "is_staff"])
    return user


def test_the_call_file_picker_never_offers_private_documents(people, developer):
    public = document_create(
        actor=None,
        upload=files.upload(files.pdf()),
        title="Bases de la convocatoria",
        kind=DocumentKind.OTHER,
        is_public=True,
    )
    private = document_create(
        actor=None,
        upload=files.upload(files.pdf()),
        title="Comprobante de domicilio de Ana",
        kind=DocumentKind.OTHER,
        is_public=False,
    )
    page = client_for(developer).get("/admin/calls/call/add/")
    assert page.status_code == 200
    choices = {pk for pk, _ in page.context["adminform"].form.fields["files"].choices}
    assert public.pk in {getattr(c, "value", c) for c in choices}
    assert private.pk not in {getattr(c, "value", c) for c in choices}
    assert "Comprobante de domicilio" not in page.content.decode()


def test_an_applications_proof_never_appears_in_the_admin(people, developer):
    call = build_call("admin-prueba")
    app = fill_application(make_applicant("admin.aspirante@test.apertus.mx"), call)
    close(call)
    services.proof_check(actor=None, application=app, valid=True)
    page = client_for(developer).get(f"/admin/calls/application/{app.pk}/change/")
    assert page.status_code == 200
    html = page.content.decode()
    assert app.proof.get_absolute_url() not in html and "recibo" not in html


@pytest.mark.parametrize("url", ["/admin/calls/call/", "/admin/calls/call/add/", "/admin/calls/application/"])
def test_the_calls_admin_is_for_superusers_only(people, developer, url):
    for key in ("citizen", "applicant", "facilitator", "stl_oaxaca"):
        assert client_for(people[key]).get(url).status_code == 302, key  # the admin's log-in page
    assert client_for(people["coordinator"]).get(url).status_code == 403
    assert client_for(developer).get(url).status_code == 200
    index = client_for(people["coordinator"]).get("/admin/").content.decode()
    assert "/admin/calls/" not in index
    assert "/admin/calls/" in client_for(developer).get("/admin/").content.decode()
