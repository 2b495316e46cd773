"""Reads for the SDG pages: suggestion panels, the tag check of a commitment, the program's SDG map."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Prefetch, Q

from apertus.plans.models import Commitment, PlanStatus
from apertus.sdg.classifier import Suggestion, get_classifier
from apertus.sdg.models import Dismissal, RecordKind
from apertus.sdg.records import RECORDS, record_text, tagged_goals
from apertus.taxonomy.models import Scheme, Term

LOW_SCORE = 0.15  # a tag whose goal scores below this is flagged as not supported by the text
CLEAR_SCORE = 0.6  # an untagged goal above this (and judged present) is suggested on the record's page
SHOWN = 4


@dataclass
class PanelItem:
    code: str  # "6" or "6.1"
    term: Term
    score: float
    words: list[str] = field(default_factory=list)
    tagged: bool = False


def goal_terms() -> dict[int, Term]:
    return {int(t.code): t for t in Term.objects.filter(scheme=Scheme.SDG_GOAL)}


def dismissed_codes(kind: str, record_id: int | None) -> set[str]:
    if not record_id:
        return set()
    return set(Dismissal.objects.filter(kind=kind, record_id=record_id).values_list("code", flat=True))


def panel(
    text: str, *, tagged_codes: set[str], dismissed: set[str]
) -> tuple[Suggestion | None, list[PanelItem], list[PanelItem]]:
    """Goals judged present and the best targets, minus dismissed ones; tagged ones marked. Two queries."""
    if not text.strip():
        return None, [], []
    suggestion = get_classifier().suggest(text)
    by_goal = {g.goal: g for g in suggestion.ranked}
    codes = [str(g) for g in suggestion.present[:SHOWN]] + [t.code for t in suggestion.targets]
    terms = {
        (t.scheme, t.code): t
        for t in Term.objects.filter(
            Q(scheme=Scheme.SDG_GOAL, code__in=[c for c in codes if "." not in c])
            | Q(scheme=Scheme.SDG_TARGET, code__in=[c for c in codes if "." in c])
        )
    }
    goals = []
    for g in suggestion.present[:SHOWN]:
        term = terms.get((Scheme.SDG_GOAL, str(g)))
        if term is not None and str(g) not in dismissed:
            goals.append(PanelItem(str(g), term, by_goal[g].score, by_goal[g].words, str(g) in tagged_codes))
    present = set(suggestion.present)
    targets = []
    for t in suggestion.targets:
        goal = int(t.code.split(".")[0])
        term = terms.get((Scheme.SDG_TARGET, t.code))
        if term is not None and goal in present and t.code not in dismissed and len(targets) < SHOWN:
            targets.append(PanelItem(t.code, term, by_goal[goal].score, [], t.code in tagged_codes))
    return suggestion, goals, targets


@dataclass
class TagCheck:
    flagged: list[tuple[Term, float]]  # tagged goals the text does not support
    suggested: list[PanelItem]  # clear goals of the text that are not tagged


def commitment_tag_check(commitment) -> TagCheck:
    """The tags of a commitment against what its text says (for its editors and advisors)."""
    rt = RECORDS[RecordKind.COMMITMENT]
    suggestion = get_classifier().suggest(record_text(rt, commitment))
    scores = {g.goal: g for g in suggestion.ranked}
    tagged = tagged_goals(RecordKind.COMMITMENT, commitment)
    terms = goal_terms()
    dismissed = dismissed_codes(RecordKind.COMMITMENT, commitment.pk)
    flagged = [(terms[g], scores[g].score) for g in tagged if scores[g].score < LOW_SCORE]
    suggested = [
        PanelItem(str(g), terms[g], scores[g].score, scores[g].words)
        for g in suggestion.present
        if g not in tagged and scores[g].score >= CLEAR_SCORE and str(g) not in dismissed
    ]
    return TagCheck(flagged, suggested)


# -- the SDG map of the program ------------------------------------------------------------------


@dataclass
class MatrixRow:
    state: object
    tagged: list[int]  # per goal 1..17: commitments tagged with it
    suggested: list[int]  # per goal: commitments whose text works on it but are not tagged with it

    @property
    def cells(self) -> list[tuple[int, int, int]]:
        return [(g + 1, self.tagged[g], self.suggested[g]) for g in range(17)]


def public_commitments(phase=None):

    qs = (
        Commitment.objects.filter(plan__is_deleted=False)
        .exclude(plan__status=PlanStatus.DRAFT)
        .select_related("plan__state", "primary_goal")
        .prefetch_related(Prefetch("targets", queryset=Term.objects.only("id", "code")))
    )
    if phase is not None:
        qs = qs.filter(plan__state__participation__phase=phase)
    return qs


def commitment_goals(commitments: list) -> tuple[dict[int, list[int]], dict[int, list[int]]]:
    """Per commitment id: its tagged goals, and the goals its text works on that are not tagged."""
    from apertus.sdg.services import record_scores_refresh

    scores = record_scores_refresh(RecordKind.COMMITMENT, commitments)
    tagged, suggested = {}, {}
    for c in commitments:
        tagged[c.pk] = tagged_goals(RecordKind.COMMITMENT, c)
        present = scores[c.pk].present if c.pk in scores else []
        suggested[c.pk] = [g for g in present if g not in tagged[c.pk]]
    return tagged, suggested


def sdg_matrix(phase=None) -> list[MatrixRow]:
    """The 17 goals × states matrix of public commitments. Bounded queries: commitments, their
    targets, the stored scores (and at most one batch insert/update of changed ones)."""
    commitments = list(public_commitments(phase))
    tagged, suggested = commitment_goals(commitments)
    rows: dict[int, MatrixRow] = {}
    for c in commitments:
        state = c.plan.state
        row = rows.setdefault(state.pk, MatrixRow(state, [0] * 17, [0] * 17))
        for g in tagged[c.pk]:
            row.tagged[g - 1] += 1
        for g in suggested[c.pk]:
            row.suggested[g - 1] += 1
    return sorted(rows.values(), key=lambda r: r.state.short_name)


def matrix_cell(*, state, goal: int, suggested: bool, phase=None) -> list:
    """The commitments behind one cell of the matrix."""
    commitments = list(public_commitments(phase).filter(plan__state=state).order_by("plan__edition", "number"))
    tagged, untagged = commitment_goals(commitments)
    chosen = untagged if suggested else tagged
    return [c for c in commitments if goal in chosen[c.pk]]


def matrix_totals(rows: list[MatrixRow]) -> dict[str, list[int]]:
    totals = defaultdict(lambda: [0] * 17)
    for r in rows:
        for g in range(17):
            totals["tagged"][g] += r.tagged[g]
            totals["suggested"][g] += r.suggested[g]
    return dict(totals)
