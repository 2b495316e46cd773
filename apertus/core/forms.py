"""Showing a service's validation errors on the form that called it, as the form's own would be; a select
for long lists of choices."""

from __future__ import annotations

from collections.abc import Callable

from django import forms
from django.core.exceptions import ValidationError
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe


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


class LongSelect(forms.Select):
    """A ``Select`` that writes its options in Python, byte for byte what Django's templates write.

    Django renders each option through a template of its own (``select_option.html`` and ``attrs.html``):
    for the 2,478 municipalities of the sign-up and profile forms that was most of those pages' time.
    """

    def render(self, name, value, attrs=None, renderer=None) -> SafeString:
        widget = self.get_context(name, value, attrs)["widget"]
        parts = [format_html('<select name="{}"', widget["name"]), _attrs(widget["attrs"]), ">"]
        for group_name, options, _index in widget["optgroups"]:
            if group_name:
                parts.append(format_html('\n  <optgroup label="{}">', group_name))
            for option in options:
                parts.append(format_html('\n  <option value="{}"', str(option["value"])))
                parts.append(_attrs(option["attrs"]))
                parts.append(format_html(">{}</option>\n", option["label"]))
            if group_name:
                parts.append("\n  </optgroup>")
        parts.append("\n</select>")
        return mark_safe("".join(parts))  # noqa: S308 - every part above is escaped by format_html


def _attrs(attrs: dict) -> str:
    """What ``django/forms/widgets/attrs.html`` writes: `` name="value"``, a bare name for True, nothing for False."""
    return "".join(
        format_html(" {}", name) if value is True else format_html(' {}="{}"', name, str(value))
        for name, value in attrs.items()
        if value is not False
    )
