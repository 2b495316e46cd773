"""Showing a service's refusal (the ``ValidationError`` it raises) where the view shows it: on the
form that called it, as the form's own errors would be (``apply_service``); as flash messages, for
an action without a form (``run_action``); or in the response itself, a 400 or 409 page
(``try_service``). Views call these instead of catching ``ValidationError`` themselves
(``core/tests/test_view_errors.py`` checks it). Also a select for long lists of choices (``LongSelect``)."""

from __future__ import annotations

from collections.abc import Callable

from django import forms
from django.contrib import messages
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
    """What the helpers below return: true when the service succeeded, with what it returned as
    ``result``; false (``result`` None) when it refused, with its ``ValidationError`` as ``error``."""

    __slots__ = ("error", "ok", "result")

    def __init__(self, ok: bool, result: object = None, error: ValidationError | None = None):
        self.ok, self.result, self.error = ok, result, error

    def __bool__(self) -> bool:
        return self.ok

    @property
    def messages(self) -> list[str]:
        """The refusal's messages, one per error (none on success)."""
        return self.error.messages if self.error is not None else []

    @property
    def message(self) -> str:
        """The refusal's messages as one text."""
        return " ".join(self.messages)

    def __repr__(self) -> str:
        return f"Applied(ok={self.ok!r}, result={self.result!r}, error={self.error!r})"


def try_service(service: Callable[[], object]) -> Applied:
    """Run ``service``; false, with its ``ValidationError``, when it refused. For the views that show
    the refusal in the response itself (a 400 or 409 page); other exceptions pass through::

        if not (done := try_service(lambda: services.registration_create(actor=request.user, table=table))):
            return _detail(request, table, status=409, error=done.message)
    """
    try:
        result = service()
    except ValidationError as exc:
        return Applied(False, error=exc)
    return Applied(True, result)


def apply_service(form, service: Callable[[], object], *, default: str | None = None) -> Applied:
    """Run ``service``; true when it succeeded, false when its validation errors went onto ``form``.

    Errors that name no field of the form go on the field ``default`` (None: the form itself).
    Other exceptions (``EditConflict``, ``PermissionDenied``) pass through to the view::

        if done := apply_service(form, lambda: services.plan_create(actor=request.user, **data)):
            return redirect(done.result)
    """
    done = try_service(service)
    if not done:
        errors_to_form(form, done.error, default=default)
    return done


def run_action(request, service: Callable[[], object], *, joined: bool = False, level: int = messages.ERROR) -> Applied:
    """Run ``service`` for an action without a form (a button); when it refuses, its messages are
    shown as flash messages, one per error (``joined``: all in one), at ``level``. The view then
    redirects as it would anyway; other exceptions pass through::

        if run_action(request, lambda: services.round_close(actor=request.user, review=review)):
            messages.success(request, _("Ronda cerrada."))
        return redirect(review)
    """
    done = try_service(service)
    if not done:
        for text in [done.message] if joined else done.messages:
            messages.add_message(request, level, text)
    return done


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
