"""The indicators on a worked example: every number below was worked out by hand from ``build_example``.

2017 fellows (16 counted) by state and gender, «S» shown, «h» hidden:

    state    | mujer | hombre | no binaria | no declarado | total
    Morelos  |  1 h  |  3 h*  |    0 h     |     0 h      |   4
    Oaxaca   |  3 h* |  1 h   |    1 h     |     0 h      |   5
    Sonora   |  3 S  |  3 S   |    0 h     |     1 h      |   7
    total    |   7   |   7    |     1      |      1       |  16

(* hidden although 3: each was the only hidden cell of its column once the small ones were hidden,
so it could have been worked out from the column total; the smallest shown cell goes too.)
"""

from decimal import Decimal

import pytest

from apertus.cohorts.indicators import SUPPRESS_BELOW, indicators, suppress
from apertus.program.models import ProgramPhase


def crossing_table(crossing) -> dict[str, dict[str, str]]:
    return {
        row.state.label: {col.key: cell.display for col, cell in zip(crossing.columns, row.cells, strict=True)}
        for row in crossing.rows
    }


def counts(categories) -> dict[str, int]:
    return {c.label if c.code else c.key: c.count for c in categories}


def rates(items) -> dict[str, tuple]:
    return {r.key: (r.base, r.hits, r.percent) for r in items}


def test_suppression_hides_small_cells_and_the_one_that_would_give_them_away():
    assert SUPPRESS_BELOW == 3
    # A row with a single small cell: 11 - 5 - 4 would reveal the 2, so the 4 is hidden too.
    assert suppress([[5, 2, 4]]) == [[False, True, True]]
    # Two small cells already protect each other; zeros count as small.
    assert suppress([[5, 0, 1]]) == [[False, True, True]]
    assert suppress([[3, 3], [4, 5]]) == [[False, False], [False, False]]
    # Columns too, and it cascades: each newly hidden cell leaves its row with one hidden cell.
    assert suppress([[2, 0], [3, 6], [9, 4]]) == [[True, True], [True, True], [True, True]]
    assert suppress([[2, 0, 7], [3, 6, 8], [9, 4, 5]]) == [[True, True, True], [True, True, False], [False, True, True]]
    assert suppress([]) == []


def test_suppression_leaves_no_row_or_column_with_a_single_hidden_cell():
    matrix = [[1, 3, 0, 0], [3, 1, 1, 0], [3, 3, 0, 1]]
    hidden = suppress(matrix)
    assert hidden == [[True, True, True, True], [True, True, True, True], [False, False, True, True]]
    lines = hidden + [list(col) for col in zip(*hidden, strict=True)]
    assert all(sum(line) != 1 for line in lines)


def test_the_2017_cohort_matches_the_worked_example(example):
    ind = indicators(phase=example.first.phase)
    # Applicants: 15 fellows' applications + 4 not selected (the draft does not count).
    assert ind.applicants_total == 20
    assert counts(ind.applicants_by_state) == {"Chihuahua": 1, "Morelos": 4, "Oaxaca": 8, "Sonora": 7}
    assert counts(ind.applicants_by_gender) == {"mujer": 9, "hombre": 8, "no_binaria": 1, "no_declarado": 2}
    assert crossing_table(ind.applicants) == {
        "Chihuahua": {"mujer": "<3", "hombre": "<3", "no_binaria": "<3", "no_declarado": "<3"},
        "Morelos": {"mujer": "<3", "hombre": "3", "no_binaria": "<3", "no_declarado": "<3"},
        "Oaxaca": {"mujer": "5", "hombre": "<3", "no_binaria": "<3", "no_declarado": "<3"},
        "Sonora": {"mujer": "3", "hombre": "3", "no_binaria": "<3", "no_declarado": "<3"},
    }
    # Fellows: the ended role and the disabled account do not count.
    assert ind.fellows_total == 16
    assert counts(ind.fellows_by_state) == {"Morelos": 4, "Oaxaca": 5, "Sonora": 7}
    assert counts(ind.fellows_by_gender) == {"mujer": 7, "hombre": 7, "no_binaria": 1, "no_declarado": 1}
    assert counts(ind.fellows_by_sector) == {
        "gobierno": 4,
        "sociedad_civil": 3,
        "organo_garante": 6,
        "academia": 2,
        "no_declarado": 1,
    }
    assert crossing_table(ind.fellows) == {
        "Morelos": {"mujer": "<3", "hombre": "<3", "no_binaria": "<3", "no_declarado": "<3"},
        "Oaxaca": {"mujer": "<3", "hombre": "<3", "no_binaria": "<3", "no_declarado": "<3"},
        "Sonora": {"mujer": "3", "hombre": "3", "no_binaria": "<3", "no_declarado": "<3"},
    }
    # Completion: both activities completed (8 of 16); pass: grade passed or certificate (6 of 16).
    assert (ind.completion.base, ind.completion.hits, ind.completion.percent) == (16, 8, Decimal("50.0"))
    assert rates(ind.completion_by_gender) == {
        "mujer": (7, 5, Decimal("71.4")),
        "hombre": (7, 2, Decimal("28.6")),
        "no_binaria": (1, 1, None),
        "no_declarado": (1, 0, None),
    }
    assert (ind.passing.base, ind.passing.hits, ind.passing.percent) == (16, 6, Decimal("37.5"))
    assert rates(ind.passing_by_gender) == {
        "mujer": (7, 4, Decimal("57.1")),
        "hombre": (7, 1, Decimal("14.3")),
        "no_binaria": (1, 1, None),
        "no_declarado": (1, 0, None),
    }
    assert [r.suppressed for r in ind.passing_by_gender] == [False, False, True, True]
    assert ind.certificates == 5
    assert not ind.provisional  # the course ended a month ago


def test_all_cohorts_together_add_up_and_hide_exactly_what_each_cohort_hides(example):
    ind = indicators()
    assert ind.applicants_total == 23 and ind.fellows_total == 19
    assert counts(ind.fellows_by_gender) == {"mujer": 10, "hombre": 7, "no_binaria": 1, "no_declarado": 1}
    assert counts(ind.fellows_by_state) == {"Campeche": 3, "Morelos": 4, "Oaxaca": 5, "Sonora": 7}
    table = crossing_table(ind.fellows)
    assert table == {
        "Campeche": {"mujer": "3", "hombre": "<3", "no_binaria": "<3", "no_declarado": "<3"},
        "Morelos": {"mujer": "<3", "hombre": "<3", "no_binaria": "<3", "no_declarado": "<3"},
        "Oaxaca": {"mujer": "<3", "hombre": "<3", "no_binaria": "<3", "no_declarado": "<3"},
        "Sonora": {"mujer": "3", "hombre": "3", "no_binaria": "<3", "no_declarado": "<3"},
    }
    # Had the all-cohort table been protected on its own, Oaxaca's 3 women (hidden in 2017) would show
    # here; and the 2017 table could be subtracted from this one. Both tables hide the same cells:
    for phase in (example.first.phase, example.second.phase):
        for state, cells in crossing_table(indicators(phase=phase).fellows).items():
            assert {g: v for g, v in table[state].items() if g in cells} == cells
    # 2018 has no course: completion and pass count 2017's fellows only.
    assert (ind.completion.base, ind.completion.hits) == (16, 8)
    assert ind.certificates == 5


def test_suppression_per_cohort_treats_each_cohort_column_as_its_own_total():
    # Rows 0-1 are one cohort, row 2 another. Protected as one table, row 1 could show; but the first
    # cohort's own column totals (10 and 7) are published, and 10 - 5 would give away the hidden 5.
    matrix = [[5, 1], [5, 6], [2, 7]]
    assert suppress(matrix) == [[True, True], [False, False], [True, True]]
    assert suppress(matrix, groups=[[0, 1], [2]]) == [[True, True], [True, True], [True, True]]


def test_2018_alone_has_no_course_and_hides_its_only_cell(example):
    ind = indicators(phase=example.second.phase)
    assert ind.fellows_total == 3 and ind.applicants_total == 3
    assert crossing_table(ind.fellows) == {"Campeche": {"mujer": "3"}}  # one column: the total anyway
    assert ind.courses == [] and ind.completion.base == 0 and ind.completion.percent is None


def test_a_fellow_without_any_application_is_not_declared(db):
    from apertus.cohorts.tests.conftest import cohort

    group = cohort(1)
    group.fellow("20", None)
    ind = indicators(phase=group.phase)
    assert counts(ind.fellows_by_gender) == {"no_declarado": 1}
    assert ind.applicants_total == 0


def test_satisfaction_means_by_gender_from_the_surveys_app(example, monkeypatch):
    from apertus.surveys import selectors as surveys

    p = example.people
    answers = {
        p["oax_w1"].pk: 5.0,
        p["oax_w2"].pk: 4.0,
        p["son_w1"].pk: 4.0,
        p["mor_h1"].pk: 2.0,
        p["son_h1"].pk: 3.0,
        p["oax_nb"].pk: 5.0,
        p["chih_applicant"].pk: 1.0,
    }
    asked = []

    def fake_scores(*, phase):
        asked.append(phase.year)
        return answers if phase.number == 1 else {}

    monkeypatch.setattr(surveys, "satisfaction_scores", fake_scores)
    ind = indicators(phase=example.first.phase)
    assert asked == [2017]
    assert (ind.satisfaction.n, ind.satisfaction.mean) == (7, Decimal("3.43"))  # 24 / 7
    by_gender = {m.key: (m.n, m.mean) for m in ind.satisfaction_by_gender}
    assert by_gender == {
        "mujer": (3, Decimal("4.33")),
        "hombre": (2, None),
        "no_binaria": (1, None),
        "no_declarado": (1, None),
    }
    everyone = indicators()
    assert sorted(asked) == [2017, 2017, 2018] and everyone.satisfaction.n == 7


def test_without_answers_satisfaction_is_empty_not_invented(example, monkeypatch):
    from apertus.surveys import selectors as surveys

    monkeypatch.setattr(surveys, "satisfaction_scores", lambda *, phase: {})
    ind = indicators(phase=example.first.phase)
    assert ind.satisfaction.n == 0 and ind.satisfaction.mean is None and ind.satisfaction_by_gender == []


@pytest.mark.parametrize("running", [True, False])
def test_rates_are_provisional_while_the_course_runs(db, running):
    from apertus.cohorts.tests.conftest import cohort, make_course

    group = cohort(1)
    make_course(group.phase, running=running)
    assert indicators(phase=ProgramPhase.objects.get(number=1)).provisional is running


def test_satisfaction_reads_the_real_questionnaires(example):
    """With the surveys app's own records: each respondent's mean over the scale questions."""
    from django.utils import timezone

    from apertus.surveys.models import Answer, Purpose, Question, QuestionKind, Questionnaire, ResponseSet

    questionnaire = Questionnaire.objects.create(
        program=example.program, title="Satisfacción", purpose=Purpose.SATISFACTION
    )
    q1, q2 = [
        Question.objects.create(questionnaire=questionnaire, position=n, kind=QuestionKind.SCALE, text=f"Pregunta {n}")
        for n in (1, 2)
    ]
    p = example.people
    for key, scores in {"oax_w1": (5, 4), "oax_w2": (4, 4), "son_w1": (3, 4), "son_h1": (2, 2)}.items():
        response = ResponseSet.objects.create(
            questionnaire=questionnaire, respondent=p[key], submitted_at=timezone.now()
        )
        for question, score in zip((q1, q2), scores, strict=True):
            Answer.objects.create(response=response, question=question, scale=score)
    unsent = ResponseSet.objects.create(questionnaire=questionnaire, respondent=p["mor_h1"])
    Answer.objects.create(response=unsent, question=q1, scale=1)  # not submitted: does not count
    ind = indicators(phase=example.first.phase)
    # Means per person: 4.5, 4, 3.5, 2 → overall 14 / 4 = 3.5; women 12 / 3 = 4.
    assert (ind.satisfaction.n, ind.satisfaction.mean) == (4, Decimal("3.50"))
    assert {m.key: (m.n, m.mean) for m in ind.satisfaction_by_gender} == {
        "mujer": (3, Decimal("4.00")),
        "hombre": (1, None),
    }
