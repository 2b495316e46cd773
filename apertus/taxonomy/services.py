"""Loading vocabularies into the one Term model: SDG goals, targets, indicators; OGP values; themes."""

import csv
import unicodedata
from pathlib import Path

from django.db import transaction

from apertus.taxonomy.models import Scheme, Term

_UPDATE = ["parent", "position", "name_es", "name_en", "short_es", "short_en", "color", "is_current"]

OGP_VALUES = [
    ("acceso", "Acceso a la información", "Access to information"),
    ("participacion", "Participación cívica", "Civic participation"),
    ("rendicion", "Rendición de cuentas pública", "Public accountability"),
    (
        "tecnologia",
        "Tecnología e innovación para la apertura y la rendición de cuentas",
        "Technology and innovation for openness and accountability",
    ),
]

THEMES = [
    ("contrataciones", "Contrataciones abiertas", "Open contracting"),
    ("presupuesto", "Presupuesto participativo", "Participatory budgeting"),
    ("agua", "Agua y saneamiento", "Water and sanitation"),
    ("seguridad", "Seguridad pública", "Public safety"),
    ("violencia-genero", "Violencia de género", "Gender-based violence"),
    ("obra-publica", "Transparencia en obra pública", "Transparency in public works"),
    ("salud", "Salud", "Health"),
    ("educacion", "Educación", "Education"),
    ("medio-ambiente", "Medio ambiente", "Environment"),
    ("anticorrupcion", "Prevención de la corrupción", "Corruption prevention"),
]


def _rows(path: Path) -> list[dict[str, str]]:
    """CSV rows with every text in Unicode NFC: the source files mix composed and decomposed accents,
    and a decomposed «participación» would not match the word people type."""
    with path.open(encoding="utf-8") as f:
        return [{k: unicodedata.normalize("NFC", v or "") for k, v in row.items()} for row in csv.DictReader(f)]


def _upsert(terms: list[Term]) -> dict[str, int]:
    Term.objects.bulk_create(
        terms, batch_size=500, update_conflicts=True, unique_fields=["scheme", "code"], update_fields=_UPDATE
    )
    scheme = terms[0].scheme
    return dict(Term.objects.filter(scheme=scheme).values_list("code", "id"))


@transaction.atomic
def sdg_load(*, goals_csv: Path, targets_csv: Path, indicators_csv: Path) -> dict[str, int]:
    goals = _rows(goals_csv)
    goal_ids = _upsert(
        [
            Term(
                scheme=Scheme.SDG_GOAL,
                code=row["number"],
                position=int(row["number"]),
                name_es=row["title_es"],
                name_en=row["title_en"],
                short_es=row["short_es"],
                short_en=row["short_en"],
                color=row["color"],
            )
            for row in goals
        ]
    )
    targets = _rows(targets_csv)
    target_ids = _upsert(
        [
            Term(
                scheme=Scheme.SDG_TARGET,
                code=row["code"],
                parent_id=goal_ids[row["goal"]],
                position=index,
                name_es=row["title_es"],
                name_en=row["title_en"],
            )
            for index, row in enumerate(targets)
        ]
    )
    indicators = _rows(indicators_csv)
    _upsert(
        [
            Term(
                scheme=Scheme.SDG_INDICATOR,
                code=row["code"],
                parent_id=target_ids[row["target"]],
                position=index,
                name_es=row["title_es"],
                name_en=row["title_en"],
                is_current=row["in_current_framework"].strip().lower() == "true",
            )
            for index, row in enumerate(indicators)
        ]
    )
    return {"goals": len(goals), "targets": len(targets), "indicators": len(indicators)}


def _simple_scheme(scheme: str, items: list[tuple[str, str, str]]) -> int:
    _upsert(
        [Term(scheme=scheme, code=code, position=i, name_es=es, name_en=en) for i, (code, es, en) in enumerate(items)]
    )
    return len(items)


@transaction.atomic
def ogp_values_load() -> int:
    return _simple_scheme(Scheme.OGP_VALUE, OGP_VALUES)


@transaction.atomic
def themes_load() -> int:
    return _simple_scheme(Scheme.THEME, THEMES)
