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


def apply_service(form, service: Callable[[], object]) -> bool:
    """Run ``service``; True when it succeeded, False when its validation errors went onto ``form``."""
    try:
        service()
    except ValidationError as exc:
        errors_to_form(form, exc)
        return False
    return True
