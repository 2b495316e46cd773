"""Assignments: closing dates and extensions enforced on the server, rubric grading, notification, files."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from apertus.core.testing import client_for
from apertus.documents.models import Document
from apertus.learning import services
from apertus.learning.models import ActivityProgress, Grade, ProgressStatus, Submission
from apertus.learning.tests.conftest import make_fellow, pdf_upload
from apertus.notifications.models import Notification


def _close(activity, minutes_ago=1):
    activity.closes_at = timezone.now() - timedelta(minutes=minutes_ago)
    activity.save()


def test_submit_then_grade_with_the_rubric_notifies_and_recomputes(people, course):
    fellow, staff = people["fellow_oaxaca"], people["facilitator"]
    response = client_for(fellow).post(
        f"/formacion/actividades/{course.assignment.pk}/entrega/", {"archivo": pdf_upload("mi tarea.pdf")}
    )
    assert response.status_code == 302
    submission = Submission.objects.get(activity=course.assignment, fellow=fellow)
    assert ActivityProgress.objects.get(activity=course.assignment, fellow=fellow).status == ProgressStatus.COMPLETED
    document = submission.document
    assert not document.is_public and document.state_id is None and document.uploaded_by_id == fellow.pk
    c1, c2 = course.assignment.criteria.all()
    response = client_for(staff).post(
        f"/formacion/entregas/{submission.pk}/calificar/",
        {f"c{c1.pk}": "7.5", f"c{c2.pk}": "10", "comments": "Muy **bien**", "feedback": pdf_upload("notas.pdf")},
    )
    assert response.status_code == 302
    submission.refresh_from_db()
    assert submission.score == Decimal("87.50") and submission.graded_by == staff
    assert submission.feedback_document is not None
    assert Grade.objects.get(program=course.program, fellow=fellow).assignments == Decimal("87.50")
    note = Notification.objects.get(recipient=fellow, event="assignment_graded")
    assert note.url == submission.get_absolute_url() and "87.50" in note.title
    html = client_for(fellow).get(submission.get_absolute_url()).content.decode()
    assert "<strong>bien</strong>" in html and "7.50 / 10" in html
    assert client_for(fellow).get(f"/formacion/entregas/{submission.pk}/retroalimentacion/").status_code == 200


def test_rubric_points_are_checked(people, course):
    fellow, staff = people["fellow_oaxaca"], people["facilitator"]
    submission = services.submission_upload(actor=fellow, activity=course.assignment, upload=pdf_upload())
    c1, c2 = course.assignment.criteria.all()
    for points in ({c1.pk: 11, c2.pk: 1}, {c1.pk: -1, c2.pk: 1}, {c1.pk: 5}):
        with pytest.raises(ValidationError):
            services.submission_grade(actor=staff, submission=submission, points=points)
    response = client_for(staff).post(
        f"/formacion/entregas/{submission.pk}/calificar/", {f"c{c1.pk}": "11", f"c{c2.pk}": "1"}
    )
    assert response.status_code == 400
    submission.refresh_from_db()
    assert submission.score is None


def test_no_one_but_cohort_staff_grades(people, course):
    submission = services.submission_upload(
        actor=people["fellow_oaxaca"], activity=course.assignment, upload=pdf_upload()
    )
    c1, c2 = course.assignment.criteria.all()
    for who in ("fellow_oaxaca", "advisor", "stl_oaxaca", "monitor", "citizen"):
        with pytest.raises(PermissionDenied):
            services.submission_grade(actor=people[who], submission=submission, points={c1.pk: 1, c2.pk: 1})
        assert client_for(people[who]).post(
            f"/formacion/entregas/{submission.pk}/calificar/", {f"c{c1.pk}": "1", f"c{c2.pk}": "1"}
        ).status_code in (403, 404)
    submission.refresh_from_db()
    assert submission.score is None


def test_a_state_facilitator_grades_only_their_state(people, course):
    from apertus.accounts.models import Role
    from apertus.accounts.services import role_assign, user_create
    from apertus.territories.models import State

    sonora_facilitator = user_create(email="fac.sonora@test.apertus.mx", password="x-contraseña-1")
    role_assign(
        actor=None,
        user=sonora_facilitator,
        role=Role.FACILITATOR,
        state=State.objects.get(code="26"),
        phase=course.program.phase,
    )
    submission = services.submission_upload(
        actor=people["fellow_oaxaca"], activity=course.assignment, upload=pdf_upload()
    )
    c1, c2 = course.assignment.criteria.all()
    with pytest.raises(PermissionDenied):
        services.submission_grade(actor=sonora_facilitator, submission=submission, points={c1.pk: 1, c2.pk: 1})
    assert client_for(sonora_facilitator).get(submission.get_absolute_url()).status_code == 404
    # the cohort's gradebook opens, with Sonora's fellows only
    sonora_fellow = make_fellow(course.program.phase, "26", "sonora@test.apertus.mx", first="Sonorense")
    html = client_for(sonora_facilitator).get("/formacion/2017/calificaciones/").content.decode()
    assert "Sonorense" in html and "Fellow_Oaxaca" not in html
    assert sonora_fellow


def test_late_submissions_are_refused_unless_extended(people, course):
    fellow = people["fellow_oaxaca"]
    _close(course.assignment)
    with pytest.raises(ValidationError, match="cerró"):
        services.submission_upload(actor=fellow, activity=course.assignment, upload=pdf_upload())
    response = client_for(fellow).post(
        f"/formacion/actividades/{course.assignment.pk}/entrega/", {"archivo": pdf_upload()}
    )
    assert response.status_code == 302 and not Submission.objects.exists()
    assert not Document.objects.exists()  # nothing kept from a refused upload
    other = make_fellow(course.program.phase, "20", "otra@test.apertus.mx")
    response = client_for(people["facilitator"]).post(
        f"/formacion/actividades/{course.assignment.pk}/prorroga/",
        {
            "fellow": fellow.pk,
            "closes_at": (timezone.localtime() + timedelta(days=2)).strftime("%Y-%m-%dT%H:%M"),
            "reason": "Incapacidad médica",
        },
    )
    assert response.status_code == 302
    services.submission_upload(actor=fellow, activity=course.assignment, upload=pdf_upload())
    with pytest.raises(ValidationError):  # the extension is theirs alone
        services.submission_upload(actor=other, activity=course.assignment, upload=pdf_upload())


def test_extensions_only_by_staff_and_after_the_closing(people, course):
    later = course.assignment.closes_at + timedelta(days=1)
    with pytest.raises(PermissionDenied):
        services.extension_grant(
            actor=people["fellow_oaxaca"],
            activity=course.assignment,
            fellow=people["fellow_oaxaca"],
            closes_at=later,
            reason="yo",
        )
    with pytest.raises(ValidationError):
        services.extension_grant(
            actor=people["facilitator"],
            activity=course.assignment,
            fellow=people["fellow_oaxaca"],
            closes_at=course.assignment.closes_at,
            reason="x",
        )
    with pytest.raises(ValidationError):  # not a fellow of the cohort
        services.extension_grant(
            actor=people["facilitator"],
            activity=course.assignment,
            fellow=people["citizen"],
            closes_at=later,
            reason="x",
        )


def test_a_graded_submission_cannot_be_replaced(people, course):
    fellow = people["fellow_oaxaca"]
    submission = services.submission_upload(actor=fellow, activity=course.assignment, upload=pdf_upload())
    replaced = services.submission_upload(actor=fellow, activity=course.assignment, upload=pdf_upload("v2.pdf"))
    assert replaced.pk == submission.pk and replaced.document_id != submission.document_id
    c1, c2 = course.assignment.criteria.all()
    services.submission_grade(actor=people["facilitator"], submission=replaced, points={c1.pk: 5, c2.pk: 5})
    with pytest.raises(ValidationError, match="calificada"):
        services.submission_upload(actor=fellow, activity=course.assignment, upload=pdf_upload("v3.pdf"))


def test_a_disguised_file_is_refused(people, course):
    from django.core.files.base import ContentFile

    with pytest.raises(ValidationError):
        services.submission_upload(
            actor=people["fellow_oaxaca"],
            activity=course.assignment,
            upload=ContentFile(b"<html><script>alert(1)</script>", name="tarea.pdf"),
        )


def test_submission_files_reach_only_their_fellow_team_and_staff(people, course):
    fellow = people["fellow_oaxaca"]
    teammate = make_fellow(course.program.phase, "20", "companera@test.apertus.mx")
    chihuahua = make_fellow(course.program.phase, "08", "chihuahua@test.apertus.mx")
    mine = services.submission_upload(actor=fellow, activity=course.assignment, upload=pdf_upload())
    team = services.submission_upload(actor=fellow, activity=course.final, upload=pdf_upload())
    for url in (f"/formacion/entregas/{mine.pk}/archivo/", mine.get_absolute_url()):
        assert client_for(fellow).get(url).status_code == 200
        assert client_for(people["facilitator"]).get(url).status_code == 200
        assert client_for(teammate).get(url).status_code == 404
        assert client_for(people["stl_oaxaca"]).get(url).status_code == 404
    # the documents app does not hand it to the state's STL either
    assert client_for(people["stl_oaxaca"]).get(mine.document.get_absolute_url()).status_code == 404
    response = client_for(fellow).get(f"/formacion/entregas/{mine.pk}/archivo/")
    assert (
        response["Content-Disposition"].startswith("attachment")
        and b"".join(response.streaming_content)[:5] == b"%PDF-"
    )
    # the team's deliverable is the team's
    assert client_for(teammate).get(team.get_absolute_url()).status_code == 200
    assert client_for(chihuahua).get(team.get_absolute_url()).status_code == 404
    assert ActivityProgress.objects.get(activity=course.final, fellow=teammate).status == ProgressStatus.COMPLETED
