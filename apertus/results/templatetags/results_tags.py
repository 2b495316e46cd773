from django import template

from apertus.results.context import state_context

register = template.Library()


@register.inclusion_tag("results/_state_context.html", takes_context=True)
def state_context_block(context, state):
    """The SDG context of a state page (its own few queries); ``?ods=N`` picks the goal drawn."""
    request = context.get("request")
    raw = request.GET.get("ods", "") if request is not None else ""
    goal = raw if raw.isdigit() and len(raw) <= 2 else ""
    return {"state": state, "ctx": state_context(state=state, goal_number=goal), "request": request}


def _page_number(request, name: str):
    return request.GET.get(name) if request is not None else None


@register.inclusion_tag("results/_goal_alignment.html", takes_context=True)
def goal_alignment_block(context, goal):
    """What serves this SDG: commitments, proposals and team projects, per target and per state."""
    from apertus.results.alignment import goal_alignment

    request = context.get("request")
    target = (request.GET.get("meta", "") if request is not None else "")[:10]
    data = goal_alignment(
        goal=goal,
        target_code=target,
        commitments_page=_page_number(request, "compromisos"),
        proposals_page=_page_number(request, "propuestas"),
    )
    return {"goal": goal, "data": data, "request": request}


@register.inclusion_tag("results/_organization_activity.html", takes_context=True)
def organization_activity_block(context, org):
    """What an organisation does in the program: commitments, STL seats, evaluation, advice, fellows."""
    from apertus.results.alignment import organization_activity

    request = context.get("request")
    data = organization_activity(
        org=org, led_page=_page_number(request, "lidera"), supported_page=_page_number(request, "apoya")
    )
    return {"org": org, "data": data, "request": request}
