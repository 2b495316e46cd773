"""What other apps show on a plan's page and on a commitment's page: the extension points
``plans.plan_page`` and ``plans.commitment_page``.

An app adds a section in its manifest, e.g. ``extends={"plans.commitment_page":
"apertus.tables.extensions.commitment_section"}``: a function of the plan (or the commitment) that
returns a ``Section``, the template the page includes where it lists its sections (in the order of
INSTALLED_APPS) and the variables that template reads, added to the page's context. The commitment
page is shared by everyone with the same visibility scope (core/shared.py) and its sections sit in a
public fragment (core/cache.py): their variables must be lazy (a QuerySet, a ``SimpleLazyObject``),
so that a cached page reads nothing.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from apertus.core.manifest import extensions

PLAN_PAGE = "plans.plan_page"
COMMITMENT_PAGE = "plans.commitment_page"


@dataclass(frozen=True)
class Section:
    template: str
    context: Mapping[str, Any] = field(default_factory=dict)


def page_sections(point: str, obj) -> dict[str, Any]:
    """The context the page adds for its sections: ``sections`` (their templates) and their variables."""
    sections = [section_of(obj) for section_of in extensions(point)]
    context: dict[str, Any] = {"sections": [section.template for section in sections]}
    for section in sections:
        context.update(section.context)
    return context
