"""The demo: three questionnaires per cohort, answered consistently with the course, loaded once."""

from apertus.accounts.demo import demo_people_load
from apertus.accounts.models import User
from apertus.core.testing import client_for, demo_steps_load
from apertus.learning.demo import learning_demo_load
from apertus.learning.models import Activity, ActivityKind, ActivityProgress, Course, ProgressStatus
from apertus.learning.selectors import roster
from apertus.program.demo import fellows_demo_load
from apertus.surveys import selectors
from apertus.surveys.demo import surveys_demo_load
from apertus.surveys.models import Answer, Purpose, QuestionKind, Questionnaire, ResponseSet


def test_the_demo_loads_once_and_agrees_with_the_course(db):
    demo_steps_load(demo_people_load, fellows_demo_load, learning_demo_load)  # kept (core/testing.py)
    assert surveys_demo_load() == 6
    counts = (Questionnaire.objects.count(), ResponseSet.objects.count(), Answer.objects.count())
    assert surveys_demo_load() == 0
    assert (Questionnaire.objects.count(), ResponseSet.objects.count(), Answer.objects.count()) == counts
    for program in Course.objects.select_related("phase"):
        questionnaires = {q.purpose: q for q in Questionnaire.objects.filter(program=program)}
        assert set(questionnaires) == set(Purpose.values)
        assert all(q.is_published for q in questionnaires.values())
        kinds = set(questionnaires[Purpose.SATISFACTION].questions.values_list("kind", flat=True))
        assert kinds == set(QuestionKind.values)
        fellows = {f.user.pk for f in roster(program)}
        for purpose, kind in (
            (Purpose.DIAGNOSTIC, ActivityKind.DIAGNOSTIC),
            (Purpose.SATISFACTION, ActivityKind.SURVEY),
        ):
            activity = Activity.objects.get(session__module__program=program, kind=kind)
            assert activity.questionnaire == questionnaires[purpose] and activity.url == ""
            activity.full_clean()
            answered = set(
                ResponseSet.objects.filter(
                    questionnaire=questionnaires[purpose], submitted_at__isnull=False
                ).values_list("respondent_id", flat=True)
            )
            completed = set(
                ActivityProgress.objects.filter(activity=activity, status=ProgressStatus.COMPLETED).values_list(
                    "fellow_id", flat=True
                )
            )
            assert answered == completed and answered <= fellows
        rated = set(
            ResponseSet.objects.filter(questionnaire=questionnaires[Purpose.FACILITATION]).values_list(
                "respondent_id", flat=True
            )
        )
        assert len(fellows) / 2 < len(rated) < len(fellows)  # most fellows, not all
        scores = selectors.satisfaction_scores(phase=program.phase)
        assert scores and all(1 <= s <= 5 for s in scores.values())
        # Satisfaction differs by person (three scale questions: means are thirds).
        assert len(set(scores.values())) >= 5 and max(scores.values()) - min(scores.values()) >= 1.5
    y2017 = Course.objects.get(phase__number=1)
    assert len(selectors.satisfaction_scores(phase=y2017.phase)) == 20  # the finished cohort all answered


def test_the_demo_fellow_can_try_the_facilitator_survey(db):
    demo_steps_load(demo_people_load, fellows_demo_load, learning_demo_load, surveys_demo_load)  # kept
    fellow = User.objects.get(email="fellow@demo.apertus.mx")
    rated = Questionnaire.objects.get(program__phase__number=1, purpose=Purpose.FACILITATION)
    html = client_for(fellow).get(rated.get_absolute_url()).content.decode()
    assert 'data-testid="answer-form"' in html
    diagnostic = Activity.objects.get(session__module__program=rated.program, kind=ActivityKind.DIAGNOSTIC)
    assert "Responder cuestionario" in client_for(fellow).get(diagnostic.get_absolute_url()).content.decode()
    facilitator = User.objects.get(email="facilitacion@demo.apertus.mx")
    html = client_for(facilitator).get(f"/formacion/2017/cuestionarios/{rated.pk}/resultados/").content.decode()
    assert 'data-testid="result-' in html and 'data-testid="per-person"' not in html
