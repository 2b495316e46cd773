"""The records that carry SDG tags, described once: their text, their tags, who may change them,
and how a tag is added through the record's own service (so its history says who added it).

- commitment: primary goal + targets (``plans.services.commitment_update``);
- proposal: goals (a proposal is edited by nobody after it is sent, so only its form suggests);
- team project: targets (``teams.services.project_update``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from apertus.participation.models import Proposal
from apertus.plans.models import Commitment
from apertus.plans.services import commitment_update
from apertus.sdg.models import RecordKind
from apertus.taxonomy.models import Scheme, Term
from apertus.teams.models import TeamProject
from apertus.teams.services import project_update


@dataclass(frozen=True)
class RecordType:
    kind: str
    text_fields: tuple[str, ...]
    tag_field: str  # the form field (and model relation) that holds the tags
    tag_scheme: str  # sdg_goal or sdg_target
    permission: str  # who may change the tags of an existing record
    load: Callable  # pk -> record (None when missing)
    add: Callable | None  # (actor, record, term) -> record; None: the record's tags are fixed after creation


def _commitment(pk):

    return Commitment.objects.select_related("plan__state", "primary_goal").filter(pk=pk).first()


def _commitment_add(actor, commitment, term: Term):

    targets = list(commitment.targets.all())
    fields = {}
    if term.scheme == Scheme.SDG_GOAL:
        fields["primary_goal"] = term  # only reached when the primary goal is not set yet
    elif term not in targets:
        targets.append(term)
    return commitment_update(actor=actor, commitment=commitment, expected_version=None, targets=targets, **fields)


def _proposal(pk):

    return Proposal.objects.filter(pk=pk).first()


def _project(pk):

    return TeamProject.objects.select_related("phase", "state").filter(pk=pk).first()


def _project_add(actor, project, term: Term):

    targets = list(project.targets.all())
    if term not in targets:
        targets.append(term)
    return project_update(actor=actor, project=project, title=project.title, summary=project.summary, targets=targets)


RECORDS: dict[str, RecordType] = {
    RecordKind.COMMITMENT: RecordType(
        RecordKind.COMMITMENT,
        ("title", "problem", "objective", "expected_results", "how_it_solves"),
        "targets",
        Scheme.SDG_TARGET,
        "plans.change_commitment",
        _commitment,
        _commitment_add,
    ),
    RecordKind.PROPOSAL: RecordType(
        RecordKind.PROPOSAL,
        ("title", "problem", "solution"),
        "goals",
        Scheme.SDG_GOAL,
        "participation.respond_proposal",
        _proposal,
        None,
    ),
    RecordKind.TEAM_PROJECT: RecordType(
        RecordKind.TEAM_PROJECT,
        ("title", "summary"),
        "targets",
        Scheme.SDG_TARGET,
        "teams.change_project",
        _project,
        _project_add,
    ),
}


def record_text(record_type: RecordType, record) -> str:
    return "\n".join(str(getattr(record, f, "") or "") for f in record_type.text_fields)


def tagged_goals(kind: str, record) -> list[int]:
    """The goals a record is tagged with (a commitment: its primary goal and its targets' goals)."""
    goals: list[int] = []
    if kind == RecordKind.COMMITMENT and record.primary_goal_id:
        goals.append(int(record.primary_goal.code))
    relation = RECORDS[kind].tag_field
    for term in getattr(record, relation).all():
        goal = int(term.code.split(".")[0])
        if goal not in goals:
            goals.append(goal)
    return goals
