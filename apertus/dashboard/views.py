from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from apertus.core.permissions import need
from apertus.dashboard import selectors


@login_required
def panel(request):
    need(request.user, "dashboard.view_dashboard")
    sections = selectors.dashboard_of(request.user)
    return render(
        request,
        "dashboard/panel.html",
        {
            "sections": sections,
            "total": sum(section.total for section in sections),
        },
    )
