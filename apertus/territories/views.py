from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET

from apertus.program.selectors import participation_for_state
from apertus.territories import selectors
from apertus.territories.models import State


@require_GET
def state_list(request):
    states = sorted(selectors.state_map(), key=lambda s: s.short_name)
    return render(request, "territories/state_list.html", {"states": states})


@require_GET
def state_detail(request, slug: str):
    try:
        state = selectors.state_get(slug=slug)
    except State.DoesNotExist:
        raise Http404 from None
    from apertus.plans.selectors import plans_visible_to

    return render(
        request,
        "territories/state_detail.html",
        {
            "state": state,
            "participation": participation_for_state(state=state),
            "plans": plans_visible_to(request.user).filter(state=state).order_by("-edition"),
        },
    )
