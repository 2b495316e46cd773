"""Drafts for the quality check, from a saved commitment, from the editing form, or from a row of OGP's export."""

from __future__ import annotations

from apertus.advice.quality import Draft, MilestoneDraft
from apertus.plans import ogp_mapping as ogp

TEXT_FIELDS = ["problem", "baseline", "objective", "expected_results", "how_it_solves"]


def draft_from_commitment(
    commitment, *, milestones=None, values=None, siblings=None, data: dict | None = None
) -> Draft:
    """A draft of ``commitment`` (prefetched: milestones, values, targets, co_responsible).

    ``data`` (field → value, from an unsaved editing form) overrides the saved texts; ``siblings``
    are the plan's other commitments (their texts), for the copied-field rule.
    """
    data = data or {}
    texts = {name: str(data.get(name, getattr(commitment, name, "")) or "") for name in TEXT_FIELDS + ["title"]}
    if milestones is None:
        milestones = list(commitment.milestones.all()) if commitment.pk else []
    if values is None:
        values = [(v.value.code, v.justification) for v in commitment.values.all()] if commitment.pk else []
    targets = data.get("targets")
    if targets is None:
        targets = list(commitment.targets.all()) if commitment.pk else []
    co_responsible = data.get("co_responsible")
    if co_responsible is None:
        co_responsible = list(commitment.co_responsible.all()) if commitment.pk else []
    goal = data.get("primary_goal", getattr(commitment, "primary_goal", None) if commitment.primary_goal_id else None)
    plan = commitment.plan
    duplicated = []
    for other in siblings or []:
        if other.pk == commitment.pk:
            continue
        duplicated += [
            name
            for name in TEXT_FIELDS
            if len(texts[name].strip()) > 20 and texts[name].strip() == (getattr(other, name) or "").strip()
        ]
    return Draft(
        title=texts["title"],
        problem=texts["problem"],
        baseline=texts["baseline"],
        objective=texts["objective"],
        expected_results=texts["expected_results"],
        how_it_solves=texts["how_it_solves"],
        milestones=[MilestoneDraft(m.title, m.deliverable, m.start_date, m.end_date, m.weight) for m in milestones],
        period=(plan.period_start, plan.period_end),
        lead_institution=bool(data.get("lead_institution") or commitment.lead_institution_id),
        civil_society=sum(1 for o in co_responsible if o.type == "sociedad_civil"),
        values=values,
        sdg_goal=getattr(goal, "code", None) or "",
        sdg_targets=[t.code for t in targets],
        duplicated_fields=sorted(set(duplicated)),
    )


def draft_from_ogp(record: dict) -> Draft:
    """A draft of one row of OGP's export: only what the government wrote, never the IRM's own ratings."""

    full = ogp.clean(record.get("Full Text"))
    sections = ogp.split_full_text(full)
    supporting = ogp.institution_names(record.get("Supporting Institution(s)"))
    return Draft(
        title=ogp.title_from(record),
        problem=sections["problem"],
        full_text=full,
        milestones=None,
        has_dates=bool(
            ogp.parse_date(record.get("Start Date"), end=False) and ogp.parse_date(record.get("End Date"), end=True)
        ),
        lead_institution=bool(ogp.lead_name(record.get("Lead Institution"))),
        civil_society=len(supporting),
    )
