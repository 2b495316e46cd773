"""The apps are built in layers: an app imports only from its own layer or the ones below, and no two
apps import each other (directly or round a loop). This test reads every import under apertus/
(function-level ones too: they are dependencies all the same) and fails on a new exception.

LAYERS is the one definition of the layers (docs/architecture.md, "Layers", describes them). What
cannot be fixed yet is in ALLOWED, each with its reason; an entry that no longer matches any import
fails too, so the list only shrinks. Test code (tests/, conftest.py, core/testing.py) may import any
layer: it builds whole scenarios.
"""

from __future__ import annotations

import ast
from collections import defaultdict
from functools import cache
from pathlib import Path

import apertus

ROOT = Path(apertus.__file__).parent

CORE, REFERENCE, MECHANISM, DOMAIN, AGGREGATOR = range(5)
LAYERS = {
    # the ground floor: settings, shared helpers, the manifest
    "settings": CORE,
    "env": CORE,
    "formats": CORE,
    "core": CORE,
    # reference data every app reads; the role facts and the search index reach them through core
    # (core.permissions.fact, core.searchable.reindex)
    "territories": REFERENCE,
    "taxonomy": REFERENCE,
    "organizations": REFERENCE,
    # mechanisms any domain app plugs into (through the manifest)
    "accounts": MECHANISM,
    "documents": MECHANISM,
    "comments": MECHANISM,
    "notifications": MECHANISM,
    "moderation": MECHANISM,
    # the site search: the index and its page; each app declares its searchable types in its manifest
    "search": MECHANISM,
    # the program's domain; sdg reads plans, teams and proposals, so it sits here, not with taxonomy
    "program": DOMAIN,
    "stl": DOMAIN,
    "plans": DOMAIN,
    "participation": DOMAIN,
    "tables": DOMAIN,
    "calls": DOMAIN,
    "learning": DOMAIN,
    "surveys": DOMAIN,
    "teams": DOMAIN,
    "forums": DOMAIN,
    "advice": DOMAIN,
    "sdg": DOMAIN,
    # what shows, serves or writes many apps at once (the state pages are the portal's)
    "portal": AGGREGATOR,
    "dashboard": AGGREGATOR,
    "results": AGGREGATOR,
    "cohorts": AGGREGATOR,
    "opendata": AGGREGATOR,
    "api": AGGREGATOR,
    # generate_scale writes the benchmarks' national dataset into many apps' tables
    "scale": AGGREGATOR,
    "urls": AGGREGATOR,
    "wsgi": AGGREGATOR,
}
# An app not listed yet is checked as a domain app, and test_every_app_has_a_layer asks for its layer.
DEFAULT_LAYER = DOMAIN

# (importing module, or its prefix) -> imported app: the imports allowed for now, and why.
ALLOWED = {}


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _is_test_code(path: Path) -> bool:
    rel = path.relative_to(ROOT)
    return "tests" in rel.parts or rel.name == "conftest.py" or rel.as_posix() == "core/testing.py"


def _imported_apps(tree: ast.AST):
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [f"{node.module}.{a.name}" for a in node.names] if node.module == "apertus" else [node.module]
        elif isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        else:
            continue
        for name in names:
            if name.startswith("apertus."):
                yield name.split(".")[1], node.lineno


@cache
def _trees() -> tuple[tuple[Path, ast.AST], ...]:
    """Every module of the project but migrations and test code, parsed once for all the tests here."""
    return tuple(
        (path, ast.parse(path.read_text(encoding="utf-8")))
        for path in sorted(ROOT.rglob("*.py"))
        if "migrations" not in path.parts and not _is_test_code(path)
    )


@cache
def _imports() -> list[tuple[str, str, str, int]]:
    """(importing module, its app, imported app, line) for every import of another app."""
    found = []
    for path, tree in _trees():
        module = _module_name(path)
        app = module.split(".")[0]
        for target, line in _imported_apps(tree):
            if target != app:
                found.append((module, app, target, line))
    return found


def _allowed(module: str, target: str) -> tuple[str, str] | None:
    for prefix, app in ALLOWED:
        if app == target and (module == prefix or module.startswith(prefix + ".")):
            return prefix, app
    return None


def _layer(app: str) -> int:
    return LAYERS.get(app, DEFAULT_LAYER)


def test_no_app_imports_from_a_higher_layer():
    upward = [
        f"apertus/{module.replace('.', '/')}.py:{line} ({app} → {target})"
        for module, app, target, line in _imports()
        if _layer(app) < _layer(target) and not _allowed(module, target)
    ]
    assert not upward, "imports from a lower layer to a higher one:\n" + "\n".join(upward)


def _reachable(graph: dict[str, set[str]], start: str) -> set[str]:
    seen, todo = set(), [start]
    while todo:
        for nxt in graph.get(todo.pop(), ()):
            if nxt not in seen:
                seen.add(nxt)
                todo.append(nxt)
    return seen


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The groups of apps that reach each other (each group of two or more is a cycle)."""
    reach = {app: _reachable(graph, app) for app in graph}
    groups = {tuple(sorted(a for a in reach if a in reach[app] and app in reach[a])) for app in reach}
    return sorted(list(g) for g in groups if len(g) > 1)


def test_no_import_cycle_between_apps():
    graph: dict[str, set[str]] = defaultdict(set)
    where: dict[tuple[str, str], str] = {}
    for module, app, target, line in _imports():
        if not _allowed(module, target):
            graph[app].add(target)
            where.setdefault((app, target), f"apertus/{module.replace('.', '/')}.py:{line}")
    cycles = _cycles(graph)
    report = [
        " ↔ ".join(c) + ": " + ", ".join(f"{a}→{b} ({where[a, b]})" for a in c for b in c if (a, b) in where)
        for c in cycles
    ]
    assert not cycles, "apps that import each other:\n" + "\n".join(report)


def test_every_allowed_import_still_exists():
    used = {_allowed(module, target) for module, _app, target, _line in _imports()}
    stale = sorted(set(ALLOWED) - used)
    assert not stale, f"fixed, so remove them from ALLOWED: {stale}"


def test_every_app_has_a_layer():
    apps = {p.name for p in ROOT.iterdir() if (p / "apps.py").exists()}
    assert apps - set(LAYERS) == set(), "give the new app a layer in LAYERS"


# Function-level imports of another app that are still needed, and why. Any other import of another app
# inside a function fails the test below: with no cycle between apps, it can sit at the top of its module.
LAZY = {
    ("opendata.calendars", "learning"): "the course's Session and Module would shadow the STL's at module level",
}


def _outermost_functions(node: ast.AST):
    """The functions of ``node`` that no other function holds (each import inside a function is in one)."""
    for child in ast.iter_child_nodes(node):
        if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef):
            yield child
        else:
            yield from _outermost_functions(child)


@cache
def _function_level_imports() -> list[tuple[str, str, int]]:
    """(importing module, imported app, line) for each import of another app inside a function."""
    found = []
    for path, tree in _trees():
        if path.name == "apps.py":
            continue
        module = _module_name(path)
        app = module.split(".")[0]
        for function in _outermost_functions(tree):
            for target, line in _imported_apps(function):
                if target != app and _layer(target) <= _layer(app):
                    found.append((module, target, line))
    return found


def test_no_function_level_import_of_another_app_without_a_reason():
    hidden = [
        f"apertus/{module.replace('.', '/')}.py:{line} (→ {target})"
        for module, target, line in _function_level_imports()
        if (module, target) not in LAZY
    ]
    assert not hidden, "move these imports to the top of their module:\n" + "\n".join(sorted(set(hidden)))
    stale = set(LAZY) - {(module, target) for module, target, _line in _function_level_imports()}
    assert not stale, f"no longer lazy, so remove them from LAZY: {sorted(stale)}"
