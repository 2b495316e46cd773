"""A proposed selection that meets the declared quotas with the highest scores: pure, no database.

The ranking goes in (candidates, best first) with the quotas and the number of seats; a proposal
comes out that says, for every candidate, why they were chosen or skipped, which quotas could not
be met, and where equal scores sit on both sides of a decision (ties the committee must settle).

The rule, greedy by rank:

- A quota has a ``minimum`` (at least so many chosen with that key) and may have a ``maximum``
  (at most so many: a state's seats). Quotas are per dimension ("state", "gender", "sector").
- Candidates are considered from the highest score down. One is chosen unless a maximum of one of
  their keys is full, or choosing them would leave too few seats to meet the minimums that can
  still be met (those seats are *reserved*). Then they are skipped, and the reason is recorded.
- A minimum that cannot be met (too few candidates with that key, or more minimums than seats
  in one dimension) is reported, and does not reserve seats it could never fill.

Reserving is counted per dimension: in each dimension the seats still needed by its unmet
minimums must fit in the seats left, and choosing someone must not put a minimum out of reach by
filling a ceiling the others need (Oaxaca's one seat going to a man when the women's minimum
needs Oaxaca's woman). With one dimension of minimums this meets every minimum that can be met;
across several it may be optimistic, and the committee sees any minimum left unmet in ``unmet``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal


@dataclass(frozen=True)
class Candidate:
    id: int
    score: Decimal
    keys: dict[str, str]  # dimension → value, e.g. {"state": "20", "gender": "mujer", "sector": "academia"}


@dataclass(frozen=True)
class Quota:
    dimension: str
    key: str
    minimum: int = 0
    maximum: int | None = None


@dataclass(frozen=True)
class Decision:
    candidate: Candidate
    chosen: bool
    reason: str  # "score", "quota", "cap_full", "reserved", "no_seats"
    quotas: tuple[Quota, ...] = ()  # the quotas the reason refers to


@dataclass(frozen=True)
class Unmet:
    quota: Quota
    chosen: int
    available: int  # candidates with that key


@dataclass
class Proposal:
    seats: int
    decisions: list[Decision]
    unmet: list[Unmet] = field(default_factory=list)
    ties: list[tuple[int, int]] = field(default_factory=list)  # (chosen id, skipped id) with equal scores

    @property
    def chosen_ids(self) -> list[int]:
        return [d.candidate.id for d in self.decisions if d.chosen]

    def decision_for(self, candidate_id: int) -> Decision | None:
        return next((d for d in self.decisions if d.candidate.id == candidate_id), None)

    @property
    def skipped_above(self) -> list[Decision]:
        """Skipped candidates with a higher score than someone chosen: each needs its explanation."""
        chosen = [d.candidate.score for d in self.decisions if d.chosen]
        lowest = min(chosen) if chosen else None
        return [d for d in self.decisions if not d.chosen and lowest is not None and d.candidate.score > lowest]


def _reach(quotas: Sequence[Quota], counts: Counter, pool: Sequence[Candidate]) -> dict[Quota, int]:
    """How far each unmet minimum can still go: its gap, or fewer if ``pool`` lacks people with
    that key who are not blocked by a full ceiling."""
    full = {(q.dimension, q.key) for q in quotas if q.maximum is not None and counts[(q.dimension, q.key)] >= q.maximum}
    available = Counter(k for c in pool if not full & set(c.keys.items()) for k in c.keys.items())
    return {
        q: min(q.minimum - counts[(q.dimension, q.key)], available[(q.dimension, q.key)])
        for q in quotas
        if counts[(q.dimension, q.key)] < q.minimum
    }


def propose(candidates: Sequence[Candidate], quotas: Sequence[Quota], seats: int) -> Proposal:
    """The proposal for ``seats`` seats. ``candidates`` best first (the ranking's order)."""
    ranked = sorted(candidates, key=lambda c: -c.score)  # stable: equal scores keep the ranking's order
    by_key = {(q.dimension, q.key): q for q in quotas}
    counts: Counter = Counter()
    decisions: list[Decision] = []
    taken = 0
    for index, candidate in enumerate(ranked):
        keys = [(dim, value) for dim, value in candidate.keys.items()]
        quotas_of = [by_key[k] for k in keys if k in by_key]
        if taken >= seats:
            decisions.append(Decision(candidate, False, "no_seats"))
            continue
        full = tuple(q for q in quotas_of if q.maximum is not None and counts[(q.dimension, q.key)] >= q.maximum)
        if full:
            decisions.append(Decision(candidate, False, "cap_full", full))
            continue
        rest = ranked[index + 1 :]
        after = counts.copy()
        after.update(keys)
        before_reach, after_reach = _reach(quotas, counts, ranked[index:]), _reach(quotas, after, rest)
        # Choosing this person must not put a reachable minimum out of reach (by filling a ceiling
        # that others need)...
        harmed = [
            q
            for q, reach in before_reach.items()
            if after_reach.get(q, 0) + (1 if (q.dimension, q.key) in keys else 0) < reach
        ]
        # ...nor use a seat that the remaining minimums of a dimension need.
        needs: Counter = Counter()
        for q, reach in after_reach.items():
            needs[q.dimension] += reach
        left = seats - taken - 1
        harmed += [
            q for q in after_reach if needs[q.dimension] > left and (q.dimension, q.key) not in keys and q not in harmed
        ]
        if harmed:
            decisions.append(Decision(candidate, False, "reserved", tuple(harmed)))
            continue
        helps = tuple(q for q in quotas_of if counts[(q.dimension, q.key)] < q.minimum)
        counts.update(keys)
        taken += 1
        decisions.append(Decision(candidate, True, "quota" if helps else "score", helps))
    available = Counter((dim, value) for c in ranked for dim, value in c.keys.items())
    unmet = [
        Unmet(q, counts[(q.dimension, q.key)], available[(q.dimension, q.key)])
        for q in quotas
        if counts[(q.dimension, q.key)] < q.minimum
    ]
    chosen_scores = {d.candidate.score for d in decisions if d.chosen}
    ties = []
    for skipped in (d for d in decisions if not d.chosen and d.candidate.score in chosen_scores):
        twin = next(d for d in decisions if d.chosen and d.candidate.score == skipped.candidate.score)
        ties.append((twin.candidate.id, skipped.candidate.id))
    return Proposal(seats, decisions, unmet, ties)
