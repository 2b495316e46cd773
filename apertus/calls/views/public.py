"""Public pages: calls, their methodology (generated from the configuration) and their results."""

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from apertus.calls import selectors
from apertus.calls.views.common import call_or_404
from apertus.core.permissions import has_perm


@require_safe
def call_list(request):
    page = Paginator(selectors.visible_calls(request.user), 20).get_page(request.GET.get("page"))
    for call in page:
        call.stage = selectors.call_stage(call)
    return render(request, "calls/list.html", {"page_obj": page})


def render_call_page(request, call, *, application=None, preview: bool = False):
    """The call's page (as an applicant sees it, for the preview too), its dates in the time of its states."""
    zone, zone_label = selectors.call_time_zone(call)
    with timezone.override(zone):
        return render(
            request,
            "calls/detail.html",
            {
                "call": call,
                "stage": selectors.call_stage(call),
                "is_open": selectors.call_is_open(call),
                "application": application,
                "states": selectors.eligible_states(call),
                "files": list(call.files.all()),
                "preview": preview,
                "zone_label": zone_label,
            },
        )


@require_safe
def call_detail(request, slug: str):
    call = call_or_404(request, slug)
    return render_call_page(request, call, application=selectors.application_of(call=call, user=request.user))


@require_safe
def methodology(request, slug: str):
    call = call_or_404(request, slug)
    return render(request, "calls/methodology.html", {"call": call, "m": selectors.methodology(call)})


@require_safe
def results(request, slug: str):
    call = call_or_404(request, slug)
    if not has_perm(request.user, "calls.view_results", call):
        raise Http404
    return render(
        request,
        "calls/results.html",
        {"call": call, "selected": selectors.results(call), "published": call.results_published_at is not None},
    )
