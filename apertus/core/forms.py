"""Showing a service's validation errors on the form that called it, as the form's own would be."""

from __future__ import annotations

from collections.abc import Callable

from django.core.exceptions import ValidationError


def errors_to_form(form, exc: ValidationError) -> None:
    """Each field error on its field (or on the form when the form has no such field)."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


class Applied:
    """What ``apply_service`` returns: true when the service succeeded, with what it returned as
    ``result``; false (``result`` None) when its validation errors went onto the form."""

    __slots__ = ("ok", "result")

    def __init__(self, ok: bool, result: object = None):
        self.ok, self.result = ok, result

    def __bool__(self) -> bool:
        return self.ok

    def __repr__(self) -> str:
        return f"Applied(ok={self.ok!r}, result={self.result!r})"


def apply_service(form, service: Callable[[], object]) -> Applied:
    """Run ``service``; true when it succeeded, false when its validation errors went onto ``form``.

    Other exceptions (``EditConflict``, ``PermissionDenied``) pass through to the view::

        if done := apply_service(form, lambda: services.plan_create(actor=request.user, **data)):
            return redirect(done.result)
    """
    try:
        result = service()
    except ValidationError as exc:
        errors_to_form(form, exc)
        return Applied(False)
    return Applied(True, result)
