"""A write re-indexes what it changes and no more: a milestone's report re-indexes the milestone and its
commitment (not the commitment's other milestones); a plan moving between public stages re-indexes the
plan alone. The index then holds what rebuilding it from scratch gives."""

from datetime import date

from apertus.plans import services
from apertus.plans.models import MilestoneStatus, PlanStatus
from apertus.plans.tests.conftest import build_plan
from apertus.search import index
from apertus.search.models import SearchDocument, SearchIndexVersion
from apertus.search.tests.conftest import build_corpus

PLANS = ("plan", "compromiso", "hito", "propuesta")  # the records of plans (the reference data is indexed too)


def documents():
    fields = ("kind", "object_id", "title", "body", "status", "state_id", "phase_id", "goal_mask")
    return sorted(SearchDocument.objects.filter(kind__in=PLANS).values_list(*fields))


def _milestones(commitment, n):
    return [
        services.milestone_create(
            actor=None,
            commitment=commitment,
            title=f"Entregable {i}",
            start_date=date(2025, 1, 1),
            end_date=date(2026, 6, 30),
        )
        for i in range(n)
    ]


def _rewritten(work) -> set[tuple[str, int]]:
    """The records whose document ``work()`` wrote: re-indexing deletes a document and writes it anew."""

    def held():
        return {(kind, pk): doc for doc, kind, pk in SearchDocument.objects.values_list("pk", "kind", "object_id")}

    before = held()
    work()
    after = held()
    return {key for key in before.keys() | after.keys() if before.get(key) != after.get(key)}


def test_the_index_after_reports_and_stage_changes_is_what_a_rebuild_gives(db):
    corpus = build_corpus()
    first, second = corpus["commitments"][:2]
    milestones = _milestones(first, 3)
    services.progress_report(
        actor=None, milestone=milestones[0], progress=100, status=MilestoneStatus.COMPLETED, note="Listo"
    )
    services.progress_report(
        actor=None, milestone=milestones[1], progress=40, status=MilestoneStatus.IN_PROGRESS, note="Va"
    )
    services.milestone_delete(actor=None, milestone=milestones[2], reason="Duplicado")
    plan = services.plan_transition(actor=None, plan=corpus["plan"], target=PlanStatus.IMPLEMENTATION)
    draft = services.plan_transition(actor=None, plan=corpus["draft"], target=PlanStatus.COCREATION)
    services.plan_transition(actor=None, plan=draft, target=PlanStatus.DRAFT)
    kept = documents()
    assert ("compromiso", first.pk) in {(kind, pk) for kind, pk, *_rest in kept}
    assert ("compromiso", corpus["secret"].pk) not in {(kind, pk) for kind, pk, *_rest in kept}
    assert next(row for row in kept if row[:2] == ("plan", plan.pk))[4] == PlanStatus.IMPLEMENTATION
    assert next(row for row in kept if row[:2] == ("compromiso", second.pk))  # untouched, still there

    index.rebuild(PLANS)
    rebuilt = documents()
    # The same documents (rebuilding gives them new ids, not other contents).
    assert rebuilt == kept


def test_a_report_reindexes_the_milestone_and_its_commitment_not_the_other_milestones(db):
    corpus = build_corpus()
    commitment = corpus["commitments"][0]
    milestones = _milestones(commitment, 4)
    written = _rewritten(
        lambda: services.progress_report(
            actor=None, milestone=milestones[0], progress=50, status=MilestoneStatus.IN_PROGRESS, note="."
        )
    )
    # The milestone's status changed, and with it its commitment's completion (now in progress, without evidence).
    assert written == {("hito", milestones[0].pk), ("compromiso", commitment.pk)}
    assert SearchDocument.objects.get(kind="compromiso", object_id=commitment.pk).status == "sin_evidencia"
    # A new milestone: its own document; its commitment's comes out the same (its completion has not moved), so it
    # is left as it was.
    version = SearchIndexVersion.objects.get().value
    written = _rewritten(lambda: milestones.extend(_milestones(commitment, 1)))
    assert written == {("hito", milestones[-1].pk)}
    assert SearchIndexVersion.objects.get().value > version


def test_reindexing_a_record_that_did_not_change_writes_nothing(db):
    corpus = build_corpus()
    version = SearchIndexVersion.objects.get().value
    records = [corpus["plan"], *corpus["commitments"], corpus["secret"]]
    assert _rewritten(lambda: [index.update(record) for record in records]) == set()
    assert SearchIndexVersion.objects.get().value == version  # cached results stay valid


def test_a_plan_moving_between_public_stages_reindexes_the_plan_alone(db):
    plan = build_plan("20", commitments=2, milestones=2, status=PlanStatus.PUBLISHED)
    written = _rewritten(lambda: services.plan_transition(actor=None, plan=plan, target=PlanStatus.IMPLEMENTATION))
    assert written == {("plan", plan.pk)}
    assert SearchDocument.objects.get(kind="plan", object_id=plan.pk).status == PlanStatus.IMPLEMENTATION


def test_a_plan_going_back_to_draft_takes_its_records_out_and_in_again(db):
    plan = build_plan("20", commitments=2, milestones=1, status=PlanStatus.COCREATION)
    public = {(kind, pk) for kind, pk, *_rest in documents()}
    assert len(public) == 5  # the plan, two commitments, their milestones
    written = _rewritten(lambda: services.plan_transition(actor=None, plan=plan, target=PlanStatus.DRAFT))
    assert written == public and not documents()
    plan.refresh_from_db()
    written = _rewritten(lambda: services.plan_transition(actor=None, plan=plan, target=PlanStatus.COCREATION))
    assert written == public
