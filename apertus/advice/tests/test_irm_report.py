"""The calibration report on the real OGP file: its structure and sane ranges, not its exact figures."""

import json
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

OGP_FILE = Path(settings.BASE_DIR) / "data" / "ogp" / "ogp_commitments_open_parliament_extract_2024.csv"


def _figures_ok(figures: dict) -> None:
    assert figures["rated_specificity"] > 50
    assert -1 <= figures["spearman_specificity"] <= 1
    verifiability = figures["verifiability"]
    assert verifiability["irm_not_verifiable"] > 5
    assert 0 <= verifiability["found"] <= verifiability["irm_not_verifiable"]
    assert 0 <= verifiability["recall"] <= 1 and 0 <= verifiability["precision"] <= 1
    assert verifiability["found"] <= verifiability["rule_failed"] <= verifiability["judged"]


def test_quality_report_against_irm_on_the_real_file(db):
    out = StringIO()
    call_command("quality_report", "--against-irm", str(OGP_FILE), stdout=out)
    report = json.loads(out.getvalue())
    assert report["scored"] == 558
    even, odd = report["calibration_even_ids"], report["held_out_odd_ids"]
    assert even["commitments"] + odd["commitments"] == 558
    _figures_ok(even)
    _figures_ok(odd)
    _figures_ok(report["all"])
    # The check is not random with respect to the IRM: it agrees positively on held-out commitments.
    assert odd["spearman_specificity"] > 0


def test_quality_report_refuses_a_file_that_is_not_an_ogp_export(db, tmp_path):
    bad = tmp_path / "x.csv"
    bad.write_text("a,b\n1,2\n")
    with pytest.raises(CommandError):
        call_command("quality_report", "--against-irm", str(bad), stdout=StringIO())
    with pytest.raises(CommandError):
        call_command("quality_report", "--against-irm", str(tmp_path / "missing.csv"), stdout=StringIO())
