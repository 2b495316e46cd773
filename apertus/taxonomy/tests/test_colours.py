"""The SDG colours: every goal's number is written in the text colour that reads on its tile."""

import csv
from pathlib import Path

from django.conf import settings

from apertus.taxonomy.models import Scheme, Term, contrast, ink_for

GOALS = Path(settings.BASE_DIR) / "data" / "sdg" / "sdg_goals.csv"


def test_contrast_is_the_wcag_ratio():
    assert round(contrast("#000000", "#ffffff"), 1) == 21.0
    assert round(contrast("#777777", "#ffffff"), 2) == 4.48
    assert contrast("#E5243B", "#E5243B") == 1.0


def test_each_goal_gets_the_more_readable_ink_and_it_reaches_large_text_contrast():
    with GOALS.open(encoding="utf-8") as handle:
        colours = {row["number"]: row["color"] for row in csv.DictReader(handle)}
    assert len(colours) == 17
    inks = {number: ink_for(colour) for number, colour in colours.items()}
    for number, colour in colours.items():
        other = "#000000" if inks[number] == "#ffffff" else "#ffffff"
        assert contrast(colour, inks[number]) >= contrast(colour, other), number
        # The badge's number is bold 12 px inside a graphic: at least 3:1 (WCAG 1.4.11), whatever the goal.
        assert contrast(colour, inks[number]) >= 3, number
    assert inks["7"] == "#000000" and inks["16"] == "#ffffff"  # the yellow of energy takes black, the dark blue white


def test_a_term_without_a_valid_colour_falls_back_to_white_ink():
    assert Term(scheme=Scheme.SDG_GOAL, code="1", color="").ink == "#ffffff"
    assert ink_for("#zzzzzz") == "#ffffff" and ink_for("red") == "#ffffff"
