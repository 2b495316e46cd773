from django.core.exceptions import PermissionDenied
from django.http import Http404

from apertus.calls import selectors
from apertus.calls.models import Call
from apertus.core.permissions import has_perm


def need(user, permission: str, obj=None) -> None:
    if not has_perm(user, permission, obj):
        raise PermissionDenied


def call_or_404(request, slug: str) -> Call:
    """The call, if the reader may see it (drafts: coordination only); 404 otherwise."""
    try:
        return selectors.call_get(user=request.user, slug=slug)
    except Call.DoesNotExist:
        raise Http404 from None
