"""Showing a service's validation errors on the form that called it, as the form's own would be."""

from __future__ import annotations

from collections.abc import Callable

from django.core.exceptions import ValidationError


def errors_to_form(form, exc: ValidationError, *, default: str | None = None) -> None:
    """Each field error on its field; the others on ``default`` (a field name, or None: the form)."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else default, errors)
    else:
        form.add_error(default, exc.messages)


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


def apply_service(form, service: Callable[[], object], *, default: str | None = None) -> Applied:
    """Run ``service``; true when it succeeded, false when its validation errors went onto ``form``.

    Errors that name no field of the form go on the field ``default`` (None: the form itself).
    Other exceptions (``EditConflict``, ``PermissionDenied``) pass through to the view::

        if done := apply_service(form, lambda: services.plan_create(actor=request.user, **data)):
            return redirect(done.result)
    """
    try:
        result = service()
    except ValidationError as exc:
        errors_to_form(form, exc, default=default)
        return Applied(False)
    return Applied(True, result)
