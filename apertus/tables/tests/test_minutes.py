"""Minutes go through the documents service: checked by content, kept as a document of the state."""

from apertus.core.testing import client_for
from apertus.documents.models import DocumentKind
from apertus.documents.tests.files import pdf, upload


def test_stl_uploads_minutes_and_private_ones_are_not_linked_for_the_public(table, people, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    url = f"/mesas/{table.pk}/minuta/"
    assert client_for(people["stl_sonora"]).post(url, {"upload": upload(pdf(), "minuta.pdf")}).status_code == 403
    assert client_for(people["stl_oaxaca"]).post(url, {"upload": upload(pdf(), "minuta.pdf")}).status_code == 302
    table.refresh_from_db()
    document = table.minutes
    assert (document.kind, document.state_id, document.is_public) == (DocumentKind.MINUTES, table.plan.state_id, False)
    assert document.history.first().history_user == people["stl_oaxaca"]
    public_page = client_for(people["citizen"]).get(table.get_absolute_url()).content.decode()
    assert document.get_absolute_url() not in public_page and "registrada, aún no pública" in public_page
    assert (
        document.get_absolute_url() in client_for(people["stl_oaxaca"]).get(table.get_absolute_url()).content.decode()
    )
    # published minutes are linked for everyone
    client_for(people["coordinator"]).post(url, {"upload": upload(pdf(), "minuta-final.pdf"), "is_public": "on"})
    table.refresh_from_db()
    assert table.minutes.get_absolute_url() in client_for(None).get(table.get_absolute_url()).content.decode()


def test_a_file_that_is_not_what_it_claims_is_refused(table, people, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    response = client_for(people["stl_oaxaca"]).post(
        f"/mesas/{table.pk}/minuta/", {"upload": upload(b"<script>alert(1)</script>", "minuta.pdf")}
    )
    assert response.status_code == 400
    table.refresh_from_db()
    assert table.minutes is None
