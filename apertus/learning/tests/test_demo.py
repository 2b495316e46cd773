"""The demo: both cohorts, every activity type, grades at every stage, certificates — fast and idempotent."""

import time

from apertus.accounts.demo import demo_people_load
from apertus.accounts.models import User
from apertus.core.testing import client_for, demo_steps_load
from apertus.learning import services
from apertus.learning.demo import learning_demo_load
from apertus.learning.models import (
    Activity,
    ActivityKind,
    Certificate,
    Course,
    Grade,
    SeminarAttendance,
    Submission,
)
from apertus.program.demo import fellows_demo_load


def test_demo_loads_both_cohorts_quickly_and_once(db):
    demo_steps_load(demo_people_load, fellows_demo_load)  # kept (core/testing.py)
    # CPU time, not wall time: the budget is the demo's own work, whatever else the machine runs.
    started = time.process_time()
    assert learning_demo_load() == 2
    assert time.process_time() - started < 5
    assert learning_demo_load() == 0
    for program in Course.objects.all():
        kinds = set(Activity.objects.filter(session__module__program=program).values_list("kind", flat=True))
        assert kinds == set(ActivityKind.values)
        assert program.seminars.count() == 2
        assert SeminarAttendance.objects.filter(seminar__program=program).exists()
        passed = set(Grade.objects.filter(program=program, passed=True).values_list("fellow_id", flat=True))
        assert set(Certificate.objects.filter(program=program).values_list("fellow_id", flat=True)) == passed
    y2017, y2018 = Course.objects.order_by("phase__number")
    assert Grade.objects.filter(program=y2017).count() == 20 and Grade.objects.filter(program=y2018).count() == 40
    assert Grade.objects.filter(program=y2017, passed=False).exists()  # not everyone passes
    # 2018 at every stage: graded work, work waiting for a grade, fellows who have not started
    assert Submission.objects.filter(activity__session__module__program=y2018, score__isnull=False).exists()
    assert Submission.objects.filter(activity__session__module__program=y2018, score__isnull=True).exists()
    assert Grade.objects.filter(program=y2018, total=0).exists()


def test_the_demo_fellow_passed_2017_and_can_take_the_review_quiz(db):
    demo_steps_load(demo_people_load, fellows_demo_load, learning_demo_load)  # kept (core/testing.py)
    fellow = User.objects.get(email="fellow@demo.apertus.mx")
    certificate = Certificate.objects.get(fellow=fellow)
    assert certificate.program.phase.year == 2017
    review = Activity.objects.get(session__module__program=certificate.program, title="Cuestionario de repaso")
    attempt = services.attempt_start(actor=fellow, activity=review)
    assert attempt.number == 2
    html = client_for(fellow).get("/formacion/2017/mis-calificaciones/").content.decode()
    assert "Descargar mi constancia" in html
