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
