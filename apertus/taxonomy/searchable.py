"""What the site search indexes of the vocabularies: the SDG goals, targets and indicators, one type
each over the one Term model (load_reference writes them)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from apertus.core.searchable import Doc, IndexedType
from apertus.taxonomy.models import Term


def _terms(scheme: str):
    return lambda: Term.objects.filter(scheme=scheme).select_related("parent")


def _of(scheme: str):
    return lambda term: term.scheme == scheme


def _term(t) -> Doc:
    goal = t.code.split(".")[0]
    label = t.short_es if t.short_es else t.name_es
    label_en = t.short_en if t.short_en else t.name_en
    return Doc(
        title=f"{t.code} {label}"[:300],
        title_en=f"{t.code} {label_en}"[:300],
        code=t.code.lower(),
        body=t.name_es if t.short_es else "",
        body_en=t.name_en if t.short_en else "",
        url=t.get_absolute_url(),
        goals=[int(goal)] if goal.isdigit() else [],
    )


def _sdg(kind: str, label, label_plural, scheme: str, weight: float, order: int) -> IndexedType:
    return IndexedType(
        kind,
        label,
        label_plural,
        "taxonomy.term",
        _terms(scheme),
        _term,
        weight=weight,
        order=order,
        reference=True,
        accepts=_of(scheme),
    )


GOAL = _sdg("ods", _("Objetivo ODS"), _("Objetivos ODS"), "sdg_goal", 1.2, 110)
TARGET = _sdg("meta_ods", _("Meta ODS"), _("Metas ODS"), "sdg_target", 0.7, 120)
INDICATOR = _sdg("indicador_ods", _("Indicador ODS"), _("Indicadores ODS"), "sdg_indicator", 0.5, 130)


def goal_labels(values: list[str]) -> dict[str, str]:
    """The search's goal facet: each SDG goal's number and short name, by number."""
    return {t.code: f"{t.code}. {t.short or t.name}" for t in Term.objects.filter(scheme="sdg_goal", code__in=values)}
