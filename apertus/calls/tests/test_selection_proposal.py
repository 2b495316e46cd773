"""The proposed selection (``calls.selection``) on hand-made rankings, and its properties."""

from collections import Counter
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from apertus.calls.selection import Candidate, Quota, propose


def c(pk, score, state="20", gender="hombre", sector="gobierno"):
    return Candidate(pk, Decimal(score), {"state": state, "gender": gender, "sector": sector})


def test_without_quotas_the_highest_scores_win():
    ranking = [c(1, 9), c(2, 8), c(3, 7), c(4, 6)]
    proposal = propose(ranking, [], seats=2)
    assert proposal.chosen_ids == [1, 2]
    assert [d.reason for d in proposal.decisions] == ["score", "score", "no_seats", "no_seats"]
    assert proposal.unmet == [] and proposal.ties == [] and proposal.skipped_above == []


def test_a_gender_minimum_reserves_seats_and_explains_the_skipped_higher_score():
    ranking = [c(1, 9.5), c(2, 9), c(3, 8), c(4, 7, gender="mujer"), c(5, 6, gender="mujer")]
    women = Quota("gender", "mujer", minimum=2)
    proposal = propose(ranking, [women], seats=3)
    assert proposal.chosen_ids == [1, 4, 5]
    skipped = {d.candidate.id: d for d in proposal.skipped_above}
    assert set(skipped) == {2, 3}
    assert skipped[2].reason == "reserved" and skipped[2].quotas == (women,)
    assert proposal.decision_for(4).reason == "quota" and proposal.decision_for(4).quotas == (women,)
    assert proposal.decision_for(1).reason == "score"
    assert proposal.unmet == []


def test_state_seats_are_a_ceiling():
    ranking = [c(1, 10, "20"), c(2, 9, "20"), c(3, 8, "20"), c(4, 5, "26")]
    oaxaca, sonora = Quota("state", "20", minimum=2, maximum=2), Quota("state", "26", minimum=2, maximum=2)
    proposal = propose(ranking, [oaxaca, sonora], seats=4)
    assert proposal.chosen_ids == [1, 2, 4]
    assert proposal.decision_for(3).reason == "cap_full" and proposal.decision_for(3).quotas == (oaxaca,)
    # Sonora has one candidate for two seats: reported, and the empty seat is not given away.
    (unmet,) = proposal.unmet
    assert (unmet.quota, unmet.chosen, unmet.available) == (sonora, 1, 1)


def test_quotas_that_cannot_all_be_met_are_reported_not_forced():
    # Three seats, but the minimums ask for two women and two people from civil society, and only
    # one woman is from civil society.
    ranking = [
        c(1, 9, gender="mujer", sector="sociedad_civil"),
        c(2, 8, gender="mujer"),
        c(3, 7, sector="sociedad_civil"),
        c(4, 6),
        c(5, 5),
    ]
    quotas = [Quota("gender", "mujer", minimum=3), Quota("sector", "sociedad_civil", minimum=2)]
    proposal = propose(ranking, quotas, seats=3)
    assert len(proposal.chosen_ids) <= 3
    assert proposal.chosen_ids == [1, 2, 3]
    # Only two women applied: the third seat for women cannot be met and says so.
    assert [(u.quota.key, u.chosen, u.available) for u in proposal.unmet] == [("mujer", 2, 2)]


def test_ties_across_the_line_are_flagged():
    ranking = [c(1, 9), c(2, 8), c(3, 8), c(4, 7)]
    proposal = propose(ranking, [], seats=2)
    assert proposal.chosen_ids == [1, 2] and proposal.ties == [(2, 3)]


STATES, GENDERS = ["08", "17", "20"], ["mujer", "hombre", "no_binaria"]
candidates = st.lists(
    st.tuples(st.integers(0, 100), st.sampled_from(STATES), st.sampled_from(GENDERS)),
    min_size=0,
    max_size=25,
).map(lambda rows: [c(i + 1, Decimal(score) / 10, state, gender) for i, (score, state, gender) in enumerate(rows)])


@settings(max_examples=200, deadline=None)
@given(
    candidates,
    st.integers(0, 12),
    st.dictionaries(st.sampled_from(GENDERS), st.integers(0, 6), max_size=3),
    st.dictionaries(st.sampled_from(STATES), st.integers(0, 6), max_size=3),
)
def test_never_more_than_the_seats_or_a_ceiling_and_minimums_met_when_feasible(ranking, seats, minimums, ceilings):
    quotas = [Quota("gender", g, minimum=n) for g, n in minimums.items()]
    quotas += [Quota("state", s, maximum=n) for s, n in ceilings.items()]
    proposal = propose(ranking, quotas, seats)
    chosen = [d.candidate for d in proposal.decisions if d.chosen]
    assert len(chosen) <= seats and len(set(proposal.chosen_ids)) == len(chosen)
    assert len(proposal.decisions) == len(ranking)
    by_state = Counter(x.keys["state"] for x in chosen)
    assert all(by_state[s] <= n for s, n in ceilings.items())
    if not ceilings:
        # One dimension of minimums: met whenever the candidates and the seats allow it.
        available = Counter(x.keys["gender"] for x in ranking)
        feasible = sum(min(n, available[g]) for g, n in minimums.items()) <= seats
        by_gender = Counter(x.keys["gender"] for x in chosen)
        if feasible:
            assert all(by_gender[g] >= min(n, available[g]) for g, n in minimums.items())
            # ...and every seat is used when there are enough candidates.
            assert len(chosen) == min(seats, len(ranking))
        # Nobody is left out for a lower score without a reason.
        for d in proposal.skipped_above:
            assert d.reason in {"reserved", "cap_full"}
