"""Deliverables: the server's clock decides lateness, files stay private until publication, feedback locks."""

from datetime import date, datetime, time, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from apertus.core.testing import client_for
from apertus.notifications.models import Notification
from apertus.teams import services
from apertus.teams.models import Deliverable

PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


def _local(day: date, hour: int, minute: int = 0) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def test_a_submission_during_the_due_day_is_on_time_and_after_it_is_late_but_accepted(people, draft):
    deliverable = draft.deliverables.get()
    team_member = people["fellow_oaxaca"]
    services.deliverable_submit(
        actor=team_member,
        deliverable=deliverable,
        link="https://example.org/a",
        now=_local(deliverable.due_date, 23, 59),
    )
    assert not Deliverable.objects.get().is_late
    services.deliverable_submit(
        actor=team_member,
        deliverable=deliverable,
        link="https://example.org/b",
        now=_local(deliverable.due_date + timedelta(days=1), 0, 1),
    )
    stored = Deliverable.objects.get()
    assert stored.is_late and stored.link == "https://example.org/b" and stored.submitted_by == team_member


@pytest.mark.parametrize(("due_in_days", "late"), [(0, False), (-1, True)])
def test_the_web_form_cannot_choose_the_time_the_server_does(people, draft, due_in_days, late):
    deliverable = draft.deliverables.get()
    Deliverable.objects.filter(pk=deliverable.pk).update(due_date=timezone.localdate() + timedelta(days=due_in_days))
    url = f"/proyectos/2017/oaxaca/gestion/entregables/{deliverable.pk}/entrega/"
    response = client_for(people["fellow_oaxaca"]).post(
        url, {"link": "https://example.org/x", "submitted_at": "2000-01-01T00:00", "is_late": ""}
    )
    assert response.status_code == 302
    assert Deliverable.objects.get().is_late is late


def test_feedback_makes_the_submission_final_and_tells_the_team(people, draft):
    deliverable = draft.deliverables.get()
    with pytest.raises(ValidationError):  # nothing to give feedback on yet
        services.deliverable_feedback(actor=people["facilitator"], deliverable=deliverable, feedback="¿?")
    services.deliverable_submit(actor=people["fellow_oaxaca"], deliverable=deliverable, link="https://example.org/a")
    assert Notification.objects.filter(recipient=people["facilitator"], event="team_submission").count() == 1
    services.deliverable_feedback(actor=people["facilitator"], deliverable=deliverable, feedback="Bien **hecho**")
    team = set(draft.fellows.values_list("pk", flat=True))
    assert set(Notification.objects.filter(event="team_feedback").values_list("recipient_id", flat=True)) == team
    with pytest.raises(ValidationError):
        services.deliverable_submit(
            actor=people["fellow_oaxaca"], deliverable=deliverable, link="https://example.org/z"
        )
    assert Deliverable.objects.get().link == "https://example.org/a"


def test_only_the_team_hands_in_work(people, draft):
    deliverable = draft.deliverables.get()
    for role in ["coordinator", "facilitator", "stl_oaxaca", "citizen"]:
        with pytest.raises(PermissionDenied):
            services.deliverable_submit(actor=people[role], deliverable=deliverable, link="https://example.org/a")
    with pytest.raises(PermissionDenied):
        services.deliverable_submit(actor=None, deliverable=deliverable, link="https://example.org/a")
    assert not Deliverable.objects.get().is_submitted


def test_files_are_private_until_the_project_is_published(people, draft):
    deliverable = draft.deliverables.get()
    upload = SimpleUploadedFile("diagnostico.pdf", PDF, content_type="application/pdf")
    services.deliverable_submit(actor=people["fellow_oaxaca"], deliverable=deliverable, upload=upload)
    document = Deliverable.objects.get().document
    assert not document.is_public and document.uploaded_by == people["fellow_oaxaca"]
    file_url = f"/proyectos/2017/oaxaca/entregables/{deliverable.pk}/archivo/"
    other_member = draft.fellows.exclude(pk=people["fellow_oaxaca"].pk).get()
    assert client_for(other_member).get(file_url).status_code == 200  # the whole team, not just the uploader
    for role in ["anonymous", "citizen", "stl_oaxaca", "stl_sonora"]:
        assert client_for(people[role]).get(file_url).status_code == 404, role
        assert client_for(people[role]).get(f"/documentos/{document.uuid}/").status_code == 404, role

    services.project_publish(actor=people["coordinator"], project=draft)
    document.refresh_from_db()
    assert document.is_public
    response = client_for(None).get(file_url)
    assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment")
    services.project_unpublish(actor=people["coordinator"], project=draft)
    document.refresh_from_db()
    assert not document.is_public and client_for(None).get(file_url).status_code == 404


def test_a_file_that_is_not_what_it_claims_is_refused(people, draft):
    deliverable = draft.deliverables.get()
    fake = SimpleUploadedFile("informe.pdf", b"<html><script>alert(1)</script></html>", content_type="application/pdf")
    with pytest.raises(ValidationError):
        services.deliverable_submit(actor=people["fellow_oaxaca"], deliverable=deliverable, upload=fake)
    assert not Deliverable.objects.get().is_submitted
