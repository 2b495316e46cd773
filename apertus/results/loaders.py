"""Reference data of the results app, loaded by ``manage.py load_reference`` with idempotent upserts."""

from __future__ import annotations

import csv
import statistics
from collections import defaultdict
from pathlib import Path

from django.db import connection, transaction

from apertus.program.models import ProgramPhase
from apertus.results.models import FactKind, IndicatorSeries, IndicatorSummary, IndicatorValue, StateFact, Target
from apertus.taxonomy.models import Scheme, Term
from apertus.territories.models import State

YEARS = range(2006, 2019)
NOT_AVAILABLE = {"", "n.a.", "n.d."}
# Fact-sheet columns (agentes_fichas_estados_diccionario.csv): which are the open-government metric and
# GESOC's index. The state SDG columns (ODS1, ODS4a...) carry their goal in the key.
OPEN_GOVERNMENT_KEYS = {"A", "B", "C"}
CAPACITY_KEYS = {"D", "E", "F", "G", "H", "I", "J"}


@transaction.atomic
def targets_load(*, targets_csv: Path) -> int:
    phases = {str(p.number): p for p in ProgramPhase.objects.all()}
    seen = 0
    with open(targets_csv, encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            phase = phases.get(row["fase"].strip()) if row["fase"].strip() else None
            if row["fase"].strip() and phase is None:
                continue  # a phase not loaded: nothing to attach it to
            Target.objects.update_or_create(
                code=row["clave"].strip(),
                phase=phase,
                defaults={"value": int(row["meta"]), "source": row["fuente"].strip()},
            )
            seen += 1
    return seen


@transaction.atomic
def series_load(*, series_csv: Path) -> int:
    """140 series × 32 states, 2006-2018: one upsert of the series, one bulk upsert of the values."""
    goals = {t.code: t for t in Term.objects.filter(scheme=Scheme.SDG_GOAL)}
    targets = {t.code: t for t in Term.objects.filter(scheme=Scheme.SDG_TARGET)}
    states = {s.svg_id.upper(): s for s in State.objects.all()}
    with open(series_csv, encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    specs: dict[str, dict] = {}
    for row in rows:
        goal = goals.get(row["sdg"].strip())
        if goal is not None:
            specs.setdefault(
                row["seriesCode"].strip(),
                {
                    "name": " ".join(row["seriesName"].split()),
                    "goal": goal,
                    "target": targets.get(row["target"].strip()),
                    "source": row["source"].strip()[:60],
                    "higher_is_worse": row["reverse"].strip() == "1",
                },
            )
    existing = _series_upsert(specs)
    values: list[tuple[int, int, int, float]] = []
    for row in rows:
        series, state = existing.get(row["seriesCode"].strip()), states.get(row["countryCode"].strip())
        if series is None or state is None:
            continue
        for year in YEARS:
            raw = row[str(year)].strip()
            if raw not in NOT_AVAILABLE:
                values.append((series.pk, state.pk, year, float(raw)))
    _values_upsert(values)
    return len(values)


def _series_upsert(specs: dict[str, dict]) -> dict[str, IndicatorSeries]:
    existing = {s.code: s for s in IndicatorSeries.objects.all()}
    for code, spec in specs.items():
        series = existing.get(code)
        if series is None:
            existing[code] = IndicatorSeries.objects.create(code=code, **spec)
        elif any(getattr(series, k) != v for k, v in spec.items()):
            for k, v in spec.items():
                setattr(series, k, v)
            series.save()
    return existing


def _values_upsert(values: list[tuple[int, int, int, float]]) -> None:
    """Only what is new or changed is written: a second run reads and compares, nothing more."""
    stored = {
        (s, st, y): v for s, st, y, v in IndicatorValue.objects.values_list("series_id", "state_id", "year", "value")
    }
    changed = [row for row in values if stored.get(row[:3]) != row[3]]
    if changed:
        # Some 45,000 rows on a first load: one statement run for each, without a model instance each
        # (what bulk_create builds, and most of the time it took); the same upsert bulk_create writes.
        quote = connection.ops.quote_name
        with connection.cursor() as cursor:
            cursor.executemany(
                f"INSERT INTO {quote(IndicatorValue._meta.db_table)} (series_id, state_id, year, value) "  # noqa: S608
                "VALUES (%s, %s, %s, %s) ON CONFLICT (series_id, state_id, year) DO UPDATE SET value = EXCLUDED.value",
                changed,
            )
    by_year: dict[tuple[int, int], list[float]] = defaultdict(list)
    for series_id, _state_id, year, value in values:
        by_year[(series_id, year)].append(value)
    known = {
        (s, y): (m, n) for s, y, m, n in IndicatorSummary.objects.values_list("series_id", "year", "median", "states")
    }
    summaries = []
    for (series_id, year), found in by_year.items():
        median = statistics.median(found)
        if known.get((series_id, year)) != (median, len(found)):
            summaries.append(IndicatorSummary(series_id=series_id, year=year, median=median, states=len(found)))
    IndicatorSummary.objects.bulk_create(
        summaries,
        batch_size=2000,
        update_conflicts=True,
        unique_fields=["series", "year"],
        update_fields=["median", "states"],
    )


def _kind(key: str) -> str:
    if key in OPEN_GOVERNMENT_KEYS:
        return FactKind.OPEN_GOVERNMENT
    if key in CAPACITY_KEYS:
        return FactKind.CAPACITIES
    return FactKind.SDG


def _goal_code(key: str) -> str:
    return "".join(ch for ch in key[3:] if ch.isdigit())


@transaction.atomic
def facts_load(*, data_csv: Path, dictionary_csv: Path) -> int:
    """The fact sheets' open-government metric, GESOC's index and SDG figures (10 states and national)."""
    with open(dictionary_csv, encoding="utf-8") as handle:
        dictionary = {row["ID"].strip(): row for row in csv.DictReader(handle)}
    keys = [k for k in dictionary if k in OPEN_GOVERNMENT_KEYS | CAPACITY_KEYS or k.startswith("ODS")]
    goals = {t.code: t for t in Term.objects.filter(scheme=Scheme.SDG_GOAL)}
    by_name = {_fold(s.short_name): s for s in State.objects.all()}
    by_name["mexico"] = State.objects.filter(code="15").first()
    stored = {(f.state_id, f.key): f for f in StateFact.objects.all()}
    count = 0
    with open(data_csv, encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            name = (row.get("Estado") or "").strip()
            if not name:
                continue
            national = _fold(name) == "nacional"
            state = None if national else by_name.get(_fold(name))
            if state is None and not national:
                continue
            for key in keys:
                raw = (row.get(key) or "").strip()
                if raw in NOT_AVAILABLE:
                    continue
                spec = dictionary[key]
                fields = {
                    "kind": _kind(key),
                    "name": spec["Nombre"].strip(),
                    "source": spec["Fuente"].strip(),
                    "year": int(spec["Año"]),
                    "value": raw,
                    "goal": goals.get(_goal_code(key)) if key.startswith("ODS") else None,
                }
                fact = stored.get((state.pk if state else None, key))
                if fact is None:
                    StateFact.objects.create(state=state, key=key, **fields)
                elif any(getattr(fact, k) != v for k, v in fields.items()):
                    for k, v in fields.items():
                        setattr(fact, k, v)
                    fact.save()
                count += 1
    return count


def _fold(text: str) -> str:
    import unicodedata

    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return " ".join(plain.lower().split())
