from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render

from apertus.core.permissions import has_perm
from apertus.dashboard import selectors


@login_required
def panel(request):
    if not has_perm(request.user, "dashboard.view_dashboard"):
        raise PermissionDenied
    sections = selectors.dashboard_of(request.user)
    return render(
        request,
        "dashboard/panel.html",
        {
            "sections": sections,
            "total": sum(section.total for section in sections),
        },
    )
