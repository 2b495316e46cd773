from django.http import Http404

from apertus.calls import selectors
from apertus.calls.models import Call


def call_or_404(request, slug: str) -> Call:
    """The call, if the reader may see it (drafts: coordination only); 404 otherwise."""
    try:
        return selectors.call_get(user=request.user, slug=slug)
    except Call.DoesNotExist:
        raise Http404 from None
