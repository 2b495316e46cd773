"""The co-creation standards page of a plan, and its figures as CSV. The numbers come from ``standards``."""

from django.shortcuts import render
from django.views.decorators.http import require_GET

from apertus.core.exports import stream_csv
from apertus.participation import standards
from apertus.plans.selectors import plan_get


@require_GET
def plan_standards(request, state: str, edition: int):
    # plan_get applies "plans.view_plan": public plans for everyone, drafts for their STL and coordination; else 404.
    plan = plan_get(user=request.user, state_slug=state, edition=edition)
    report = standards.plan_standards(plan)
    return render(request, "participation/standards.html", {"plan": plan, "report": report})


@require_GET
def plan_standards_csv(request, state: str, edition: int):
    plan = plan_get(user=request.user, state_slug=state, edition=edition)
    report = standards.plan_standards(plan)
    return stream_csv(
        f"estandares-cocreacion-{plan.state.slug}-{plan.edition}.csv", standards.CSV_COLUMNS, standards.csv_rows(report)
    )
