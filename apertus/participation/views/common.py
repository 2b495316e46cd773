from django.core.exceptions import PermissionDenied, ValidationError

from apertus.core.permissions import has_perm


def need(user, permission: str, obj) -> None:
    if not has_perm(user, permission, obj):
        raise PermissionDenied


def errors_to_form(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)
