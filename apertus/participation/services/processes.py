"""Running a process: create it for a plan, describe it, lay out its phases."""

from __future__ import annotations

from django.db import transaction

from apertus.core.history import attribute
from apertus.core.permissions import require
from apertus.core.validation import full_clean
from apertus.participation.models import Phase, Process

PROCESS_FIELDS = {"title", "description"}
PHASE_FIELDS = {"kind", "name", "description", "starts_at", "ends_at", "actions"}


def process_create(*, actor, plan, title: str, description: str = "") -> Process:
    require(actor, "participation.manage_process", plan)
    process = Process(plan=plan, title=title, description=description)
    full_clean(process)
    with transaction.atomic():
        attribute(process, actor)
        process.save()
    return process


def process_update(*, actor, process: Process, **fields) -> Process:
    require(actor, "participation.manage_process", process)
    _apply(process, fields, PROCESS_FIELDS)
    full_clean(process)
    with transaction.atomic():
        attribute(process, actor)
        process.save()
    return process


def _apply(obj, fields: dict, allowed: set[str]) -> None:
    unknown = set(fields) - allowed
    if unknown:
        raise ValueError(f"not editable here: {sorted(unknown)}")
    for key, value in fields.items():
        setattr(obj, key, value)


def _save_phase(actor, phase: Phase) -> Phase:
    with transaction.atomic():
        # One phase edit at a time per process, so two people cannot add overlapping phases at once.
        Process.objects.select_for_update().filter(pk=phase.process_id).values_list("pk", flat=True).get()
        full_clean(phase)
        attribute(phase, actor)
        phase.save()
    return phase


def phase_create(
    *, actor, process: Process, kind: str, name: str, starts_at, ends_at, actions: list[str], description: str = ""
) -> Phase:
    require(actor, "participation.manage_process", process)
    phase = Phase(
        process=process,
        kind=kind,
        name=name,
        description=description,
        starts_at=starts_at,
        ends_at=ends_at,
        actions=list(actions),
    )
    return _save_phase(actor, phase)


def phase_update(*, actor, phase: Phase, **fields) -> Phase:
    require(actor, "participation.manage_process", phase)
    _apply(phase, fields, PHASE_FIELDS)
    return _save_phase(actor, phase)


def phase_delete(*, actor, phase: Phase) -> None:
    require(actor, "participation.manage_process", phase)
    with transaction.atomic():
        attribute(phase, actor)
        phase.delete()
