from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET

from apertus.core.history import change_log
from apertus.organizations import selectors
from apertus.organizations.models import Organization, OrganizationType


@require_GET
def organization_list(request):
    org_type = request.GET.get("type", "")
    if org_type not in OrganizationType.values:
        org_type = ""
    page = Paginator(selectors.organization_list(type=org_type or None), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "organizations/list.html",
        {"page_obj": page, "types": OrganizationType.choices, "current_type": org_type},
    )


@require_GET
def organization_detail(request, slug: str):
    try:
        org = selectors.organization_get(slug=slug)
    except Organization.DoesNotExist:
        raise Http404 from None
    return render(request, "organizations/detail.html", {"org": org, "history": change_log(org)})
