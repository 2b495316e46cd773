"""The classifier's interface: ranking, present set, targets, explanations, language, odd input."""

import pytest

from apertus.sdg.classifier import MAX_CHARS, get_classifier, suggest
from apertus.sdg.text import analyse, detect_language, fold

WATER_ES = (
    "Ampliar la red de agua potable a las colonias que hoy se abastecen con pipas y publicar la "
    "calidad del agua que entrega el organismo operador."
)
CORRUPTION_EN = "Reduce bribery in public procurement by publishing every contract and supplier as open data."


def test_ranks_all_seventeen_goals_best_first():
    s = suggest(WATER_ES)
    goals = [g.goal for g in s.ranked]
    assert sorted(goals) == list(range(1, 18))
    scores = [g.score for g in s.ranked]
    assert scores == sorted(scores, reverse=True)
    assert all(0.0 <= x <= 1.0 for x in scores)
    assert goals[0] == 6


def test_present_goals_are_ranked_goals_in_rank_order():
    s = suggest(WATER_ES)
    assert s.present and s.present[0] == 6
    ranked = [g.goal for g in s.ranked]
    assert s.present == sorted(s.present, key=ranked.index)


def test_targets_of_drinking_water_start_with_6_1():
    s = suggest(WATER_ES)
    codes = [t.code for t in s.targets]
    assert codes[0] == "6.1"
    assert len(codes) <= 5
    assert all(c.split(".")[0] in {str(g) for g in s.present} | {str(s.ranked[0].goal)} for c in codes[:1])


def test_explanations_are_the_words_of_the_text():
    s = suggest(WATER_ES)
    words = s.ranked[0].words
    assert "agua potable" in words
    assert all(w in WATER_ES.lower() for w in words)


def test_english_text_about_corruption_is_goal_16():
    s = suggest(CORRUPTION_EN)
    assert s.lang == "en"
    assert s.ranked[0].goal == 16
    assert 16 in s.present


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Garantizar el acceso de las mujeres a la justicia en los municipios del estado.", "es"),
        ("Ensure that women have access to justice in the municipalities of the state.", "en"),
        ("Rendición de cuentas", "es"),
    ],
)
def test_language_detection(text, lang):
    assert detect_language(text) == lang


def test_given_language_is_used():
    assert suggest("agua potable", "en").lang == "en"
    assert suggest("agua potable", "xx").lang == "es"  # unknown → detected


def test_accent_folding_and_stemming_make_variants_equal():
    assert fold("Rendición de CUENTAS, niñas") == "rendicion de cuentas, ninas"
    assert analyse("rendición de cuentas", "es").words.keys() == analyse("Rendicion de las cuentas", "es").words.keys()


@pytest.mark.parametrize("text", ["", "   ", "!!! ??? ...", "12345 67890", "\x00\x01 \u200b"])
def test_empty_or_garbage_text_has_no_present_goal_and_no_target(text):
    s = suggest(text)
    assert len(s.ranked) == 17
    assert s.present == [] and s.targets == []


def test_nonsense_words_are_not_judged_present():
    s = suggest("zzkq wxxv plrrt gnnf")
    assert s.present == []


def test_huge_text_is_cut_to_the_limit_and_still_answers():
    text = (WATER_ES + " ") * (MAX_CHARS // len(WATER_ES) * 3)
    assert len(text) > MAX_CHARS * 2
    s = suggest(text)
    assert s.ranked[0].goal == 6


def test_batch_equals_single():
    classifier = get_classifier()
    texts = [WATER_ES, CORRUPTION_EN, "Reforestar el bosque con especies nativas."]
    batch = classifier.suggest_many(texts, targets=5)
    for text, b in zip(texts, batch, strict=True):
        one = classifier.suggest(text)
        assert [g.goal for g in b.ranked] == [g.goal for g in one.ranked]
        assert b.present == one.present
        assert [t.code for t in b.targets] == [t.code for t in one.targets]


def test_the_classifier_is_loaded_once():
    assert get_classifier() is get_classifier()


def test_as_dict_is_json_ready():
    import json

    data = suggest(WATER_ES).as_dict()
    assert json.loads(json.dumps(data))["ranked"][0]["goal"] == 6
