"""A test that switches the active language does not leak it into the tests that follow."""

import pytest
from django.utils import translation

STATE = {}


def test_a_test_switches_to_english():
    STATE["before"] = translation.get_language()
    translation.activate("en")
    assert translation.get_language() == "en"


def test_the_next_test_finds_the_language_it_had_before():
    if "before" not in STATE:
        pytest.skip("the first test ran on another worker (pytest-xdist)")
    assert translation.get_language() == STATE["before"]
    assert translation.get_language() != "en"
