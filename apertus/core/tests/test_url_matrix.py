"""Every named URL is in some permission matrix (``assert_matrix``), or this test says which are not.

The matrices live in the apps' tests. A URL counts as covered when a test module that calls
``assert_matrix`` names it: a literal path (or an f-string / ``BASE + "..."`` path built from names bound
to strings anywhere in the module, its other holes filled
with a sample value) that resolves to the pattern, or its URL name (``reverse("plans:detail")``).
"""

from __future__ import annotations

import ast
from pathlib import Path

from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.exceptions import Resolver404

ROOT = Path(__file__).resolve().parents[3]
SAMPLES = ("1", "2017")  # what fills an f-string's holes: an id, a slug, a year


def _walk(patterns, namespace: str | None = None, prefix: str = ""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = namespace
            if pattern.namespace:
                inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
            yield from _walk(pattern.url_patterns, inner, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield (f"{namespace}:{pattern.name}" if namespace else pattern.name), prefix + str(pattern.pattern)


def named_urls() -> dict[str, str]:
    """URL name -> its route, for every named pattern the resolver serves."""
    return dict(_walk(get_resolver().url_patterns))


def _module_constants(tree: ast.Module) -> dict[str, str]:
    """Every name bound to a string anywhere in the module (``BASE = "/planes"``, ``e = f"{BASE}/x"``),
    resolved in a few passes so that names built from other names are known too."""
    assignments = [
        (node.targets[0].id, node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name)
    ]
    constants: dict[str, str] = {}
    for _ in range(3):
        for name, value in assignments:
            text = _value(value, constants, SAMPLES[0])
            if text is not None and name not in constants:
                constants[name] = text
    return constants


def _value(node, constants: dict[str, str], sample: str) -> str | None:
    if isinstance(node, ast.Constant):
        return node.value if isinstance(node.value, str) else None
    if isinstance(node, ast.Name):
        return constants.get(node.id)
    if isinstance(node, ast.JoinedStr):
        return "".join(_hole(part, constants, sample) for part in node.values)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        left, right = _value(node.left, constants, sample), _value(node.right, constants, sample)
        return left + right if left is not None and right is not None else None
    return None


def _hole(part, constants: dict[str, str], sample: str) -> str:
    if isinstance(part, ast.Constant):
        return str(part.value)
    if isinstance(part, ast.FormattedValue) and isinstance(part.value, ast.Name) and part.value.id in constants:
        return constants[part.value.id]
    return sample


def _strings(tree: ast.Module) -> set[str]:
    constants = _module_constants(tree)
    return {text for node in ast.walk(tree) for sample in SAMPLES if (text := _value(node, constants, sample))}


def matrix_modules() -> list[Path]:
    paths = [*ROOT.glob("apertus/*/tests/**/test_*.py"), *ROOT.glob("tests/**/test_*.py")]
    here = Path(__file__).resolve()  # this file names every gap: it must not cover them
    return sorted(p for p in paths if p.resolve() != here and "assert_matrix(" in p.read_text(encoding="utf-8"))


def covered_names() -> set[str]:
    resolver = get_resolver()
    names = set(named_urls())
    covered = set()
    for path in matrix_modules():
        for text in _strings(ast.parse(path.read_text(encoding="utf-8"))):
            if text in names:
                covered.add(text)
            if text.startswith("/"):
                try:
                    match = resolver.resolve(text.split("?")[0])
                except Resolver404:
                    continue
                if match.view_name in names:
                    covered.add(match.view_name)
    return covered


# Named URLs no matrix needs, each with its reason.
EXEMPT_PREFIXES = {
    "admin:": "Django's admin: every page sits behind admin_view (staff only; only coordinators are staff, "
    "accounts/services.py role_assign); Django's own tests cover that check",
    "account_": "allauth's sign-in, sign-up, password and e-mail pages: open to everyone by design, "
    "their flows are tested in apertus/accounts/tests",
}
EXEMPT = {
    "set_language": "switching the language: open to everyone, changes only the visitor's own cookie",
    "api:openapi-json": "the API's own description: public by design, holds no data",
    "api:openapi-view": "the API's documentation page: public by design, holds no data",
}

# Named URLs that no matrix names yet. This list may only shrink: a URL that gains a matrix must
# leave it (the test says so), and a new URL cannot join it without someone writing it here.
KNOWN_GAPS = {
    "accounts:delete",
    "accounts:privacy_accept",
    "accounts:profile",
    "accounts:token_delete",
    "accounts:token_new",
    "advice:comment_reopen",
    "api:api-root",
    "api:get_forum",
    "api:list_posts",
    "api:list_topics",
    "api:suggest",
    "calls:assign_interviews",
    "calls:cv_delete",
    "calls:my_applications",
    "calls:submit",
    "documents:download",
    "forums:blog_detail",
    "forums:conversation",
    "forums:news_detail",
    "forums:notice",
    "notifications:inbox",
    "notifications:mark_all_read",
    "notifications:mark_read",
    "notifications:preferences",
    "opendata:datapackage",
    "opendata:dataset_package",
    "opendata:dcat_ap",
    "opendata:dcat_us",
    "opendata:download",
    "participation:proposal_detail",
    "participation:support_withdraw",
    "plans:commitment_detail",
    "plans:milestones_xlsx",
    "plans:plan_detail",
    "plans:plan_document_add",
    "plans:progress_import",
    "portal:search",
    "program:cohort_indicators",
    "program:fellow_profile",
    "program:indicators",
    "program:indicators_csv",
    "program:indicators_xlsx",
    "results:report_detail",
    "surveys:edit",
    "surveys:publish",
    "surveys:question_add",
    "surveys:question_delete",
    "surveys:question_edit",
    "surveys:question_move",
    "tables:cancel",
    "tables:commitment_unlink",
    "teams:deliverable_file",
}


def _exempt(name: str) -> bool:
    return name in EXEMPT or name.startswith(tuple(EXEMPT_PREFIXES))


def test_every_named_url_is_in_a_permission_matrix():
    names = named_urls()
    assert len(names) > 300 and "plans:plan_list" in names and "api:list_plans" in names  # the walk sees it all
    covered = covered_names()
    missing = sorted(name for name in names if name not in covered and not _exempt(name) and name not in KNOWN_GAPS)
    assert not missing, (
        "These URLs are in no permission matrix: add them to an assert_matrix test (anonymous, signed-in, "
        "each role), or, if no matrix applies, to EXEMPT with the reason:\n"
        + "\n".join(f"  {name}  /{names[name]}" for name in missing)
    )


def test_the_known_gaps_only_shrink():
    names = named_urls()
    covered = covered_names()
    assert not KNOWN_GAPS - set(names), f"no longer a URL, remove from KNOWN_GAPS: {sorted(KNOWN_GAPS - set(names))}"
    assert not KNOWN_GAPS & covered, f"now in a matrix, remove from KNOWN_GAPS: {sorted(KNOWN_GAPS & covered)}"
    assert not {name for name in KNOWN_GAPS if _exempt(name)}, "exempt URLs need not be listed as gaps"


def test_the_walk_recognises_a_matrix_path_and_a_name():
    # The checker itself: a literal path, an f-string path and a URL name each count as covered.
    tree = ast.parse('BASE = "/planes/"\nA = f"/planes/compromisos/{pk}/"\nB = BASE + "nuevo/"\nC = "plans:plan_list"')
    strings = _strings(tree)
    assert {"/planes/compromisos/1/", "/planes/nuevo/", "plans:plan_list"} <= strings
    assert get_resolver().resolve("/planes/compromisos/1/").view_name == "plans:commitment_detail"
