"""Facet labels and links for the search page (three small look-ups: states, phases, goals)."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from apertus.search.selectors import Filters, Results
from apertus.search.types import TYPES

PARAMS = {"kind": "tipo", "state": "estado", "phase": "fase", "goal": "ods", "status": "estatus"}
TITLES = {"kind": _("Tipo"), "state": _("Entidad"), "phase": _("Fase"), "goal": _("ODS"), "status": _("Estatus")}


def status_labels() -> dict[str, str]:
    labels = {}
    for indexed in TYPES.values():
        labels.update(dict(indexed.statuses))
    return labels


def _labels(results: Results) -> dict[str, dict[str, str]]:
    from apertus.program.models import ProgramPhase
    from apertus.taxonomy.models import Term
    from apertus.territories.models import State

    facets = results.facets
    states = {str(s.pk): s.short_name for s in State.objects.filter(pk__in=[v for v, _n in facets.get("state", [])])}
    phases = {
        str(p.pk): f"{p.number} ({p.year})"
        for p in ProgramPhase.objects.filter(pk__in=[v for v, _n in facets.get("phase", [])])
    }
    goals = {
        t.code: f"{t.code}. {t.short or t.name}"
        for t in Term.objects.filter(scheme="sdg_goal", code__in=[v for v, _n in facets.get("goal", [])])
    }
    return {
        "kind": {k: t.label_plural for k, t in TYPES.items()},
        "state": states,
        "phase": phases,
        "goal": goals,
        "status": status_labels(),
    }


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
                    label=str(labels[name].get(value, value)),
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
