"""The server-error handler: a database that is down answers 503, not a traceback or a 500.

While PostgreSQL restarts (or a failover runs) every query raises ``OperationalError`` or
``InterfaceError``, wherever it happens: in a view, in the session or authentication middleware,
in a template. Django turns any uncaught exception into a call of ``handler500`` while the
exception is still being handled, so this one place sees all of them. It answers 503 with
``Retry-After`` and a page that needs neither the database nor the request's context; the next
request opens a fresh connection (``conn_health_checks``), so the site recovers by itself.
Anything else is still a 500, logged as before.
"""

import sys

import pydantic_core
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse
from django.template import loader
from django.views.decorators.csrf import requires_csrf_token

RETRY_AFTER_SECONDS = 10
_UNAVAILABLE = (OperationalError, InterfaceError)


def database_unavailable(exc: BaseException | None) -> bool:
    """True if ``exc`` (or what caused it) says the database cannot be reached right now."""
    seen = 0
    while exc is not None and seen < 5:
        if isinstance(exc, _UNAVAILABLE) or _lazy_attribute_failed(exc):
            return True
        exc, seen = exc.__cause__ or exc.__context__, seen + 1
    return False


def _lazy_attribute_failed(exc: BaseException) -> bool:
    """The API's schemas read lazy attributes (querysets) inside pydantic, which keeps only the
    name and message of the database error it met, not the exception itself."""
    if not isinstance(exc, pydantic_core.ValidationError):
        return False
    names = tuple(f"{cls.__name__}:" for cls in _UNAVAILABLE)
    return any(
        error.get("type") == "get_attribute_error" and str(error.get("ctx", {}).get("error", "")).startswith(names)
        for error in exc.errors()
    )


def service_unavailable(request) -> HttpResponse:
    if request.path.startswith("/api/"):
        response = JsonResponse(
            {"detail": "Service temporarily unavailable: the database cannot be reached."}, status=503
        )
    else:
        html = loader.get_template("503.html").render({"retry_after": RETRY_AFTER_SECONDS})
        response = HttpResponse(html, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


@requires_csrf_token
def server_error(request, template_name: str = "500.html") -> HttpResponse:
    if database_unavailable(sys.exc_info()[1]):
        return service_unavailable(request)
    return HttpResponse(loader.get_template(template_name).render(), status=500)
