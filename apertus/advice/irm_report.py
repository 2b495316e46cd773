"""How well the quality check agrees with the IRM's experts, on a file in OGP's export format.

The IRM rated the specificity (none, low, medium, high) and the verifiability (yes, no) of each
commitment. This report scores every row with the quality check and gives, separately for the
commitments with an even id (where the rules' weights and thresholds were calibrated) and an odd
id (held out): the Spearman correlation between the score and the specificity, and the recall and
precision with which a failing verifiability rule finds the commitments judged not verifiable.
Rows the IRM did not rate (ND, NR) count as scored but enter no figure.
"""

from __future__ import annotations

import re

from scipy.stats import spearmanr

from apertus.advice.drafts import draft_from_ogp
from apertus.advice.quality import VERIFIABILITY_RULE, check

SPECIFICITY = {"none": 0, "low": 1, "medium": 2, "high": 3}


def _id_number(record: dict) -> int | None:
    digits = re.sub(r"\D", "", record.get("Commitment Unique Identifier") or "")
    return int(digits) if digits else None


def _figures(rows: list[tuple[int | None, bool | None, int, bool | None]]) -> dict:
    rated = [(spec, score) for spec, _nv, score, _fails in rows if spec is not None]
    rho = None
    if len(rated) > 2 and len({s for s, _ in rated}) > 1 and len({x for _, x in rated}) > 1:
        rho = round(float(spearmanr([s for s, _ in rated], [x for _, x in rated]).statistic), 3)
    judged = [(nv, fails) for _spec, nv, _score, fails in rows if nv is not None and fails is not None]
    not_verifiable = sum(1 for nv, _ in judged if nv)
    flagged = sum(1 for _, fails in judged if fails)
    hits = sum(1 for nv, fails in judged if nv and fails)
    return {
        "commitments": len(rows),
        "rated_specificity": len(rated),
        "spearman_specificity": rho,
        "verifiability": {
            "judged": len(judged),
            "irm_not_verifiable": not_verifiable,
            "rule_failed": flagged,
            "found": hits,
            "recall": round(hits / not_verifiable, 3) if not_verifiable else None,
            "precision": round(hits / flagged, 3) if flagged else None,
        },
    }


def irm_report(records: list[dict]) -> dict:
    groups: dict[str, list] = {"even": [], "odd": [], "all": []}
    for record in records:
        result = check(draft_from_ogp(record))
        spec = SPECIFICITY.get((record.get("Specificity") or "").strip().lower())
        verifiable = (record.get("Verifiable") or "").strip().lower()
        not_verifiable = {"no": True, "0": True, "yes": False, "1": False}.get(verifiable)
        fails = result.passed(VERIFIABILITY_RULE)
        row = (spec, not_verifiable, result.score, None if fails is None else not fails)
        number = _id_number(record)
        groups["all"].append(row)
        if number is not None:
            groups["even" if number % 2 == 0 else "odd"].append(row)
    return {
        "scored": len(groups["all"]),
        "calibration_even_ids": _figures(groups["even"]),
        "held_out_odd_ids": _figures(groups["odd"]),
        "all": _figures(groups["all"]),
    }
