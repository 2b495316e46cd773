from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils.functional import SimpleLazyObject
from django.views.decorators.http import require_GET

from apertus.accounts.selectors import visibility_scope
from apertus.core.history import change_log
from apertus.core.permissions import has_perm
from apertus.core.shared import render_shared
from apertus.plans import lifecycle, selectors
from apertus.plans.models import Completion, PlanStatus
from apertus.plans.sections import COMMITMENT_PAGE, PLAN_PAGE, page_sections


@require_GET
def plan_list(request):
    plans = selectors.plans_visible_to(request.user).order_by("state__short_name", "-edition")
    status = request.GET.get("etapa", "")
    if status in PlanStatus.values:
        plans = plans.filter(status=status)
    page = Paginator(plans, 30).get_page(request.GET.get("page"))
    return render(
        request, "plans/plan_list.html", {"page_obj": page, "statuses": PlanStatus.choices, "current": status}
    )


@require_GET
def plan_detail(request, state: str, edition: int):
    plan = selectors.plan_get(user=request.user, state_slug=state, edition=edition)
    steps = []
    if has_perm(request.user, "plans.change_plan", plan):
        steps = [(step, lifecycle.blockers(plan, step)) for step in lifecycle.steps_from(plan.status)]
    return render(
        request,
        "plans/plan_detail.html",
        {
            "plan": plan,
            "commitments": selectors.plan_commitments(plan),
            "timeline": selectors.plan_timeline(plan),
            "documents": plan.documents.all()
            if has_perm(request.user, "plans.change_plan", plan)
            else plan.documents.filter(is_public=True),
            "steps": steps,
            "overdue": selectors.overdue_milestones(plan=plan).count(),
            **page_sections(PLAN_PAGE, plan),
        },
    )


@require_GET
def commitment_detail(request, pk: int):
    # The page is shared by everyone with the same visibility scope (core/shared.py), its public parts
    # are shared fragments (core/cache.py): what they read is read only on a miss.
    scope = visibility_scope(request.user)
    commitment = selectors.commitment_page_get(user=request.user, pk=pk)
    reports = SimpleLazyObject(
        lambda: Paginator(selectors.commitment_reports(commitment), 20).get_page(request.GET.get("page"))
    )
    return render_shared(
        request,
        "plans/commitment_detail.html",
        {
            "commitment": commitment,
            "detail": SimpleLazyObject(lambda: selectors.commitment_page(commitment)),
            "plan": commitment.plan,
            "reports": reports,
            "page_obj": reports,
            "query": request.GET.urlencode(),
            "history": SimpleLazyObject(lambda: change_log(commitment, limit=30)),
            "completion_choices": Completion.choices,
            **page_sections(COMMITMENT_PAGE, commitment),
        },
        key=[scope.key],
    )
