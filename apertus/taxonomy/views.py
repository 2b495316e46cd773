from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET

from apertus.taxonomy import selectors
from apertus.taxonomy.models import Scheme, Term


@require_GET
def goal_list(request):
    return render(request, "taxonomy/goal_list.html", {"goals": selectors.goal_list()})


@require_GET
def goal_detail(request, number: int):
    try:
        goal = selectors.goal_get(number=number)
    except Term.DoesNotExist:
        raise Http404 from None
    return render(request, "taxonomy/goal_detail.html", {"goal": goal})


@require_GET
def scheme_list(request, scheme: str):
    if scheme not in Scheme.values or scheme.startswith("sdg"):
        raise Http404
    return render(
        request,
        "taxonomy/scheme_list.html",
        {"terms": selectors.term_list(scheme=scheme), "scheme_label": Scheme(scheme).label},
    )
