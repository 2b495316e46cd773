"""Every learning view × every role, and hostile Markdown rendered inert."""

import re

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from apertus.core.testing import assert_inert, assert_matrix, client_for, data_kept_copy_with_files, everyone, only
from apertus.learning import services
from apertus.learning.models import Activity, ActivityKind, Attempt, Certificate, Submission, privacy_embed_url
from apertus.learning.tests.conftest import build_course, live_worked_example

STAFF = ["facilitator", "coordinator"]
MEMBERS = ["fellow_oaxaca", *STAFF]
HOSTILE = (
    "<script>alert(1)</script>\n\n[clic](javascript:alert(1)) <img src=x onerror=alert(1)>\n\n"
    '<iframe src="https://evil.example"></iframe> <a href="javascript:alert(2)" onclick="x()">a</a>\n\n'
    "[data](data:text/html;base64,PHNjcmlwdD4=)"
)


def logged_in(allowed, yes, no):
    cells = only(allowed, yes, no)
    cells["anonymous"] = 302
    return cells


def _world_made(people):
    course = build_course()
    live_worked_example(course, people["fellow_oaxaca"], people["facilitator"])
    services.certificates_issue(actor=None, program=course.program)
    build_course(2, is_published=False)
    return course


@pytest.fixture
def world(people):
    """A published course the fellow worked through (certificate issued) and an unpublished one: built
    through the services once per starting point, then its rows and uploaded files written back
    (``data_kept_copy_with_files``, keyed by today's date, which the courses' dates follow); each test
    gets its own copy."""
    return data_kept_copy_with_files(f"learning-permissions-world {timezone.localdate()}", lambda: _world_made(people))


def test_permission_matrix(people, world):
    course = world
    attempt = Attempt.objects.filter(activity=course.quiz).first()
    submission = Submission.objects.get(activity=course.assignment)
    certificate = Certificate.objects.get()
    seminar = course.seminars[0]
    f = "/formacion"
    matrix = {
        ("GET", f"{f}/"): everyone(200),
        ("GET", f"{f}/2017/"): everyone(200),
        ("GET", f"{f}/2017/metodologia/"): everyone(200),
        ("GET", f"{f}/2018/"): only(STAFF, 200, 404),  # unpublished
        ("GET", f"{f}/2018/metodologia/"): only(STAFF, 200, 404),
        ("GET", f"{f}/1999/"): everyone(404),
        ("GET", f"{f}/certificados/verificar/?codigo={certificate.code}"): everyone(200),
        ("GET", f"{f}/2017/curso/"): logged_in(MEMBERS, 200, 403),
        ("GET", f"{f}/2018/curso/"): logged_in(STAFF, 200, 403),  # fellow_oaxaca is of 2017
        ("GET", f"{f}/actividades/{course.quiz.pk}/"): logged_in(MEMBERS, 200, 403),
        ("GET", f"{f}/actividades/{course.assignment.pk}/"): logged_in(MEMBERS, 200, 403),
        ("GET", f"{f}/2017/seminarios/"): logged_in(MEMBERS, 200, 403),
        ("GET", f"{f}/seminarios/{seminar.pk}/"): logged_in(MEMBERS, 200, 403),
        ("GET", f"{f}/seminarios/{seminar.pk}/asistencia/"): logged_in(STAFF, 200, 403),
        ("GET", f"{f}/2017/mis-calificaciones/"): logged_in(["fellow_oaxaca"], 200, 403),
        ("GET", f"{f}/2017/calificaciones/"): logged_in(STAFF, 200, 403),
        ("GET", f"{f}/2017/calificaciones.xlsx"): logged_in(STAFF, 200, 403),
        ("GET", f"{f}/actividades/{course.assignment.pk}/entregas/"): logged_in(STAFF, 200, 403),
        ("GET", f"{f}/actividades/{course.assignment.pk}/prorroga/"): logged_in(STAFF, 200, 403),
        ("GET", f"{f}/intentos/{attempt.pk}/"): logged_in(MEMBERS, 200, 404),
        ("GET", f"{f}/entregas/{submission.pk}/"): logged_in(MEMBERS, 200, 404),
        ("GET", f"{f}/entregas/{submission.pk}/archivo/"): logged_in(MEMBERS, 200, 404),
        ("GET", f"{f}/entregas/{submission.pk}/retroalimentacion/"): logged_in(MEMBERS, 404, 404),  # none attached
        ("GET", f"{f}/entregas/{submission.pk}/calificar/"): {**logged_in(STAFF, 200, 404), "fellow_oaxaca": 403},
        ("GET", f"{f}/certificados/{certificate.pk}/pdf/"): logged_in(MEMBERS, 200, 404),
        ("POST", f"{f}/2017/"): everyone(405),
        ("POST", f"{f}/actividades/{course.reading.pk}/completar/"): logged_in(["fellow_oaxaca"], 302, 403),
        ("POST", f"{f}/actividades/{course.quiz.pk}/intentos/"): logged_in(["fellow_oaxaca"], 302, 403),
        ("POST", f"{f}/actividades/{course.assignment.pk}/entrega/"): logged_in(["fellow_oaxaca"], 302, 403),
        ("POST", f"{f}/seminarios/{seminar.pk}/asistencia/"): logged_in(STAFF, 302, 403),
        ("POST", f"{f}/2017/certificados/emitir/"): logged_in(["coordinator"], 302, 403),
        ("GET", f"{f}/2017/certificados/emitir/"): logged_in([], 405, 405),
        # The course builder (every page of it: test_builder_views.py).
        ("GET", f"{f}/2017/editar/"): logged_in(STAFF, 200, 403),
        ("GET", f"{f}/2018/editar/"): logged_in(STAFF, 200, 403),
        ("GET", f"{f}/2017/editar/vista-previa/"): logged_in(STAFF, 200, 403),
        ("GET", f"{f}/2017/editar/actividades/{course.quiz.pk}/"): logged_in(STAFF, 200, 403),
        ("POST", f"{f}/2017/editar/modulos/nuevo/"): logged_in(STAFF, 400, 403),  # no title: the form comes back
        ("POST", f"{f}/2017/editar/actividad/{course.quiz.pk}/borrar/"): logged_in(STAFF, 400, 403),  # attempted
        ("GET", "/api/learning/programs"): everyone(200),
        ("GET", "/api/learning/programs/2017"): everyone(200),
        ("GET", "/api/learning/programs/2018"): everyone(404),
    }
    assert_matrix(people, matrix)


def test_the_api_lists_only_published_outlines(client, world):
    programs = client.get("/api/learning/programs").json()
    assert [p["year"] for p in programs["items"]] == [2017]
    outline = client.get("/api/learning/programs/2017").json()
    assert outline["weights"] == {"quizzes": 30, "assignments": 30, "seminars": 10, "final": 30}
    titles = [a["title"] for a in outline["modules"][0]["sessions"][0]["activities"]]
    assert titles == ["Lectura 1", "Cuestionario 1", "Cuestionario 2", "Tarea 1", "Entregable final"]


def test_the_outline_api_runs_a_bounded_number_of_queries(client, world, django_assert_max_num_queries):
    with django_assert_max_num_queries(5):
        assert client.get("/api/learning/programs/2017").status_code == 200


def _prose_blocks(html: str) -> list[str]:
    return re.findall(r'<div class="prose"[^>]*>(.*?)</div>', html, re.S)


def test_hostile_markdown_is_inert_everywhere(people, world):
    course = world
    program = course.program
    program.description = HOSTILE
    program.save()
    module = program.modules.get()
    module.description = HOSTILE
    module.save()
    Activity.objects.filter(pk__in=[course.quiz.pk, course.reading.pk]).update(instructions=HOSTILE, body=HOSTILE)
    course.quiz.questions.update(text=HOSTILE, feedback=HOSTILE)
    course.quiz.questions.first().options.update(text=HOSTILE)
    seminar = course.seminars[0]
    seminar.agenda, seminar.title = HOSTILE, "<script>alert(3)</script>"
    seminar.save()
    Submission.objects.filter(activity=course.assignment).update(comments=HOSTILE)
    fellow = people["fellow_oaxaca"]
    attempt = Attempt.objects.filter(activity=course.quiz, fellow=fellow).first()
    submission = Submission.objects.get(activity=course.assignment)
    pages = [
        (None, f"/formacion/{program.phase.year}/"),
        (fellow, f"/formacion/{program.phase.year}/curso/"),
        (fellow, course.reading.get_absolute_url()),
        (fellow, attempt.get_absolute_url()),
        (fellow, submission.get_absolute_url()),
        (fellow, seminar.get_absolute_url()),
        (people["facilitator"], course.quiz.get_absolute_url()),
        (people["facilitator"], seminar.get_absolute_url()),
    ]
    open_attempt = services.attempt_start(actor=fellow, activity=course.quiz)
    pages.append((fellow, open_attempt.get_absolute_url()))
    for user, url in pages:
        html = client_for(user).get(url).content.decode()
        blocks = _prose_blocks(html)
        assert blocks, url
        for block in blocks:
            assert_inert(block)
        assert "<script>alert" not in html and "<img src=x" not in html and "<iframe" not in html, url
        assert not re.search(r"<[a-z]+\s[^>]*(href|src)=\"\s*(javascript|data):", html, re.I), url


@pytest.mark.parametrize(
    ("url", "embed"),
    [
        ("https://www.youtube.com/watch?v=Jm2Kx0Qp4aA", "https://www.youtube-nocookie.com/embed/Jm2Kx0Qp4aA"),
        ("https://youtu.be/Jm2Kx0Qp4aA", "https://www.youtube-nocookie.com/embed/Jm2Kx0Qp4aA"),
        ("https://vimeo.com/76979871", "https://player.vimeo.com/video/76979871?dnt=1"),
        ("https://www.youtube.com/watch?v=Jm2Kx0Qp4aA%22onload%3D", None),
        ("https://evil.example/watch?v=Jm2Kx0Qp4aA", None),
        ("https://youtube.com.evil.example/watch?v=Jm2Kx0Qp4aA", None),
        ("javascript:alert(1)//youtube.com/watch?v=Jm2Kx0Qp4aA", None),
    ],
)
def test_only_allow_listed_videos_get_a_privacy_player(url, embed):
    assert privacy_embed_url(url) == embed


def test_links_must_be_http(course):
    activity = Activity(session=course.reading.session, kind=ActivityKind.VIDEO, title="V", url="javascript:alert(1)")
    with pytest.raises(ValidationError):
        activity.full_clean()


def test_only_a_video_page_may_frame_its_privacy_player(people, world):
    """The site forbids frames; a video activity's page allows exactly the one player it embeds."""
    course = world
    video = Activity.objects.create(
        session=course.reading.session,
        kind=ActivityKind.VIDEO,
        title="Video",
        url="https://youtu.be/Jm2Kx0Qp4aA",
        position=99,
    )
    fellow = client_for(people["fellow_oaxaca"])
    response = fellow.get(video.get_absolute_url())
    assert response.status_code == 200
    policy = response["Content-Security-Policy"]
    assert "frame-src https://www.youtube-nocookie.com" in policy
    assert 'src="https://www.youtube-nocookie.com/embed/Jm2Kx0Qp4aA"' in response.content.decode()
    other = fellow.get(course.reading.get_absolute_url())
    assert "frame-src" not in other["Content-Security-Policy"] and "<iframe" not in other.content.decode()
    elsewhere = Activity.objects.create(
        session=course.reading.session,
        kind=ActivityKind.VIDEO,
        title="Otro",
        url="https://evil.example/v.mp4",
        position=100,
    )
    response = fellow.get(elsewhere.get_absolute_url())
    assert "frame-src" not in response["Content-Security-Policy"] and "<iframe" not in response.content.decode()
