from django.shortcuts import render
from django.utils.functional import SimpleLazyObject
from django.views.decorators.http import require_GET

from apertus.core.datasets import DATASETS
from apertus.core.shared import render_shared
from apertus.opendata.catalog import entries
from apertus.opendata.views import download
from apertus.portal.selectors import program_figures
from apertus.program.selectors import partner_list, phase_list
from apertus.territories.selectors import state_map


def _plan_progress(states) -> list:
    from apertus.plans.selectors import current_plan_by_state, states_with_plan_in_preparation

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
