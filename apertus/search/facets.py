"""Facet labels and links for the search page. The labels of the states, phases and goals come from the
apps that own them (``AppManifest.facet_labels``: one small look-up each)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from apertus.core.manifest import app_manifests, resolve
from apertus.search.selectors import Filters, Results
from apertus.search.types import TYPES

PARAMS = {"kind": "tipo", "state": "estado", "phase": "fase", "goal": "ods", "status": "estatus"}
TITLES = {"kind": _("Tipo"), "state": _("Entidad"), "phase": _("Fase"), "goal": _("ODS"), "status": _("Estatus")}


def status_labels() -> dict[str, str]:
    labels = {}
    for indexed in TYPES.values():
        labels.update(dict(indexed.statuses))
    return labels


@cache
def _labellers() -> dict[str, Callable[[list[str]], dict[str, str]]]:
    return {name: resolve(ref) for _config, m in app_manifests() for name, ref in m.facet_labels.items()}


def _labels(results: Results) -> dict[str, dict[str, str]]:
    facets = results.facets
    labels = {name: labeller([v for v, _n in facets.get(name, [])]) for name, labeller in _labellers().items()}
    labels["kind"] = {k: t.label_plural for k, t in TYPES.items()}
    labels["status"] = status_labels()
    return labels


def _url(query: str, filters: Filters, **change) -> str:
    values = {
        "q": query,
        "tipo": filters.kind,
        "estado": filters.state,
        "fase": filters.phase,
        "ods": filters.goal,
        "estatus": filters.status,
    }
    values.update(change)
    return "?" + urlencode({k: v for k, v in values.items() if v not in ("", None)})


@dataclass
class Option:
    label: str
    count: int
    url: str
    active: bool


def facet_links(results: Results, filters: Filters) -> list[tuple[str, str, list[Option]]]:
    if not results.facets:
        return []
    labels = _labels(results)
    groups = []
    for name, param in PARAMS.items():
        current = getattr(filters, name)
        options = []
        for value, count in results.facets.get(name, []):
            active = str(current) == value
            options.append(
                Option(
                    label=str(labels.get(name, {}).get(value, value)),
                    count=count,
                    active=active,
                    url=_url(results.query.raw, filters, **{param: "" if active else value}),
                )
            )
        if options:
            groups.append((name, TITLES[name], options))
    return groups


class PageLinks:
    """What includes/pagination.html reads from a Django page, for the search results."""

    def __init__(self, results: Results):
        self.number = results.page
        self.paginator = type("P", (), {"num_pages": results.pages})()

    def has_other_pages(self) -> bool:
        return self.paginator.num_pages > 1

    def has_previous(self) -> bool:
        return self.number > 1

    def has_next(self) -> bool:
        return self.number < self.paginator.num_pages

    def previous_page_number(self) -> int:
        return self.number - 1

    def next_page_number(self) -> int:
        return self.number + 1
