from django.http import Http404
from django.shortcuts import render
from django.utils.functional import SimpleLazyObject
from django.views.decorators.http import require_GET

from apertus.core.datasets import DATASETS
from apertus.core.shared import render_shared
from apertus.opendata.catalog import entries
from apertus.opendata.views import download
from apertus.plans.selectors import current_plan_by_state, plans_visible_to, states_with_plan_in_preparation
from apertus.portal.selectors import program_figures
from apertus.program.selectors import participation_for_state, partner_list, phase_list
from apertus.territories.models import State
from apertus.territories.selectors import state_get, state_map


def _plan_progress(states) -> list:
    current = current_plan_by_state()
    preparing = states_with_plan_in_preparation()
    # A state whose plan is still a draft is listed by name only, "en elaboración": no draft content.
    return [
        (s, current.get(s.pk))
        for s in sorted(states, key=lambda s: s.short_name)
        if s.pk in current or s.pk in preparing
    ]


@require_GET
def home(request):
    # Read only when the page's shared fragment is not in the cache (the whole content is public).
    states = SimpleLazyObject(state_map)
    # Shared by everyone (core/shared.py): only the header is the person's.
    return render_shared(
        request,
        "portal/home.html",
        {
            "states": states,
            "phases": phase_list(),
            "partners": partner_list(),
            "figures": SimpleLazyObject(program_figures),
            "progress": SimpleLazyObject(lambda: _plan_progress(states)),
        },
    )


# The state pages (/estados/, portal/state_urls.py) show a state's program participation and plans, so
# they are the portal's, not the territories'.
@require_GET
def state_list(request):
    states = sorted(state_map(), key=lambda s: s.short_name)
    return render(request, "portal/state_list.html", {"states": states})


@require_GET
def state_detail(request, slug: str):
    try:
        state = state_get(slug=slug)
    except State.DoesNotExist:
        raise Http404 from None
    return render(
        request,
        "portal/state_detail.html",
        {
            "state": state,
            "participation": participation_for_state(state=state),
            "plans": plans_visible_to(request.user).filter(state=state).order_by("-edition"),
        },
    )


@require_GET
def about_data(request):
    return render(request, "portal/about_data.html")


@require_GET
def open_data(request):
    return render(request, "portal/open_data.html", {"datasets": DATASETS.values(), "entries": entries()})


@require_GET
def dataset_download(request, slug: str):
    return download(request, slug, "csv")


@require_GET
def terms(request):
    return render(request, "portal/terms.html")


@require_GET
def contact(request):
    from django.conf import settings

    return render(request, "portal/contact.html", {"contact_email": settings.CONTACT_EMAIL, "partners": partner_list()})


@require_GET
def accessibility(request):
    from django.conf import settings

    return render(request, "portal/accessibility.html", {"contact_email": settings.CONTACT_EMAIL})


@require_GET
def data_licence(request):
    return render(request, "portal/data_licence.html")
