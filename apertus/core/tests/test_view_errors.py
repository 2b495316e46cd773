"""Views show a service's refusal through core/forms.py (``apply_service`` on a form, ``run_action`` as
flash messages, ``try_service`` in the response), never by catching ``ValidationError`` themselves.

This test reads every view module (``views.py``, ``*_views.py`` or ``views/*.py`` under apertus/) and
fails on an ``except`` naming ``ValidationError`` outside ALLOWED, where each exception has its reason;
an entry that no longer matches fails too, so the list only shrinks.
"""

from __future__ import annotations

import ast
from pathlib import Path

import apertus

ROOT = Path(apertus.__file__).parent

# (view module, enclosing function or method) -> why it catches ValidationError itself.
ALLOWED = {
    ("plans.views.ogp", "OgpUploadForm.clean_archivo"): (
        "a form's own field check, not a view: it turns the CSV reader's errors into the field's"
    ),
}


def _view_modules():
    for path in sorted(ROOT.glob("*/*views.py")) + sorted(ROOT.glob("*/views/*.py")):
        yield ".".join(path.relative_to(ROOT).with_suffix("").parts), path


def _names_validation_error(node: ast.expr | None) -> bool:
    if node is None:
        return False
    if isinstance(node, ast.Tuple):
        return any(_names_validation_error(item) for item in node.elts)
    name = node.attr if isinstance(node, ast.Attribute) else getattr(node, "id", "")
    return name == "ValidationError"


def _handlers(tree: ast.AST, scope: tuple[str, ...] = ()):
    """(enclosing function or method, line) of each ``except ... ValidationError``."""
    for node in ast.iter_child_nodes(tree):
        inner = scope
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            inner = (*scope, node.name)
        if isinstance(node, ast.ExceptHandler) and _names_validation_error(node.type):
            yield ".".join(scope) or "<module>", node.lineno
        yield from _handlers(node, inner)


def _found() -> list[tuple[str, str, int]]:
    return [
        (module, where, line)
        for module, path in _view_modules()
        for where, line in _handlers(ast.parse(path.read_text(encoding="utf-8")))
    ]


def test_views_leave_validation_errors_to_the_core_helpers():
    hand_rolled = [
        f"apertus/{module.replace('.', '/')}.py:{line} ({where})"
        for module, where, line in _found()
        if (module, where) not in ALLOWED
    ]
    assert not hand_rolled, (
        "views that catch ValidationError themselves; use apply_service, run_action or try_service "
        "(apertus/core/forms.py):\n" + "\n".join(hand_rolled)
    )


def test_every_allowed_handler_still_exists():
    stale = sorted(set(ALLOWED) - {(module, where) for module, where, _line in _found()})
    assert not stale, f"gone, so remove them from ALLOWED: {stale}"


def test_the_check_sees_the_forms_of_except():
    source = """
def view():
    try:
        pass
    except ValidationError:
        pass
    try:
        pass
    except (OSError, exceptions.ValidationError) as exc:
        pass
    try:
        pass
    except OSError:
        pass

class Form:
    def clean(self):
        try:
            pass
        except forms.ValidationError:
            pass
"""
    assert [where for where, _line in _handlers(ast.parse(source))] == ["view", "view", "Form.clean"]
