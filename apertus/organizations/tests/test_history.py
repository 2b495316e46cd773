from apertus.core.history import change_log
from apertus.core.testing import client_for
from apertus.organizations.models import Organization
from apertus.organizations.services import organization_update


def test_every_change_is_kept_with_who_and_what(people):
    org = Organization.objects.get(acronym="GESOC")
    organization_update(actor=people["coordinator"], organization=org, description="Primera versión")
    organization_update(actor=people["coordinator"], organization=org, description="Segunda versión")
    log = change_log(org)
    assert log[0].who == people["coordinator"].public_name
    assert [(c.field, c.old, c.new) for c in log[0].changes] == [("description", "Primera versión", "Segunda versión")]
    assert log[-1].kind == "creación"


def test_history_is_public_on_the_page(people, client):
    org = Organization.objects.get(acronym="INAI")
    organization_update(actor=people["coordinator"], organization=org, website="https://home.inai.org.mx")
    html = client.get(org.get_absolute_url()).content.decode()
    assert "Historial de cambios" in html and "https://home.inai.org.mx" in html
    assert people["coordinator"].email not in html  # names, never e-mails


def test_changes_through_the_admin_are_attributed(people):
    org = Organization.objects.get(acronym="GESOC")
    coordinator = client_for(people["coordinator"])
    url = f"/admin/organizations/organization/{org.pk}/change/"
    form = {
        "name": org.name,
        "slug": org.slug,
        "acronym": "GESOC A.C.",
        "type": org.type,
        "state": "",
        "website": "",
        "description": "Cambio desde la administración",
    }
    assert coordinator.post(url, form).status_code == 302
    latest = org.history.first()
    assert latest.history_user == people["coordinator"] and latest.acronym == "GESOC A.C."


def test_non_coordinators_cannot_change_organizations(people):
    import pytest
    from django.core.exceptions import PermissionDenied

    org = Organization.objects.get(acronym="GESOC")
    with pytest.raises(PermissionDenied):
        organization_update(actor=people["stl_oaxaca"], organization=org, description="x")
    org.refresh_from_db()
    assert org.description == ""


def test_the_history_manager_is_bound_to_what_it_is_read_from(people):
    # Its class is made once per model (apertus.core.history.history_managers_kept); each manager handed
    # out still reads the rows of the record it came from, or of every record from the model.
    gesoc, inai = Organization.objects.get(acronym="GESOC"), Organization.objects.get(acronym="INAI")
    organization_update(actor=people["coordinator"], organization=gesoc, description="Una versión")
    assert type(gesoc.history) is type(inai.history) is type(Organization.history)
    assert gesoc.history.instance == gesoc and Organization.history.instance is None
    assert {row.acronym for row in gesoc.history.all()} == {"GESOC"}
    assert gesoc.history.count() == 2 and inai.history.count() == 1
    assert Organization.history.count() == Organization.objects.count() + 1
    assert gesoc.history.most_recent().description == "Una versión"
