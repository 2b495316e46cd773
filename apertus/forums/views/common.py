"""Helpers the forum views share: 404 for what the reader may not see, form errors from services."""

from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _

from apertus.core.forms import apply_service
from apertus.forums import selectors
from apertus.forums.services import RateLimited


def phase_or_404(year: int):
    phase = selectors.phase_by_year(year)
    if phase is None:
        raise Http404
    return phase


def apply(form, service) -> int | None:
    """Run a service. None when it worked; else the status to answer, with the error on the form."""
    try:
        if not apply_service(form, service):
            return 400
    except RateLimited:
        form.add_error(
            None, _("Escribiste demasiados mensajes en poco tiempo. Espera unos minutos e inténtalo de nuevo.")
        )
        return 429
    return None


def form_page(request, form, title: str, *, back=None, status: int | None = None):
    status = status or (400 if form.errors else 200)
    return render(request, "forums/form.html", {"form": form, "title": title, "back": back}, status=status)
