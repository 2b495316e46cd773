from django.shortcuts import render
from django.views.decorators.http import require_GET

from apertus.search.facets import PageLinks, facet_links
from apertus.search.forms import SearchForm
from apertus.search.selectors import search


@require_GET
def search_page(request):
    """Anyone may search; only public records are in the index. Wrong filters are ignored, not 500."""
    form = SearchForm(request.GET)
    form.is_valid()
    data = form.cleaned_data
    results = search(data.get("q", ""), filters=form.filters(), page=data.get("page") or 1)
    return render(
        request,
        "search/search.html",
        {
            "form": form,
            "q": data.get("q", ""),
            "results": results,
            "facets": facet_links(results, form.filters()),
            "page_obj": PageLinks(results),
        },
    )
