"""Loading the INEGI catalogue of states and municipalities (idempotent upserts)."""

import csv
import json
from pathlib import Path

from django.db import transaction
from django.utils.text import slugify

from apertus.territories.models import Municipality, State


@transaction.atomic
def states_load(*, states_csv: Path, map_json: Path) -> int:
    paths = {loc["id"]: loc["path"] for loc in json.loads(map_json.read_text(encoding="utf-8"))["locations"]}
    rows = list(csv.DictReader(states_csv.open(encoding="utf-8")))
    states = [
        State(
            code=row["cve_ent"],
            name=row["nom_ent"],
            short_name=row["nom_corto"],
            slug=slugify(row["nom_corto"]),
            abbreviation=row["abrev_inegi"],
            iso_code=row["iso_3166_2"],
            svg_id=row["svg_id"],
            map_path=paths[row["svg_id"]],
            population=int(row["poblacion_2020"]),
            municipality_count=int(row["num_municipios"]),
        )
        for row in rows
    ]
    State.objects.bulk_create(
        states,
        update_conflicts=True,
        unique_fields=["code"],
        update_fields=[
            "name",
            "short_name",
            "slug",
            "abbreviation",
            "iso_code",
            "svg_id",
            "map_path",
            "population",
            "municipality_count",
        ],
    )
    return len(states)


@transaction.atomic
def municipalities_load(*, municipalities_csv: Path) -> int:
    state_ids = dict(State.objects.values_list("code", "id"))
    items = [
        Municipality(
            code=row["cve_completa"],
            state_id=state_ids[row["cve_entidad"]],
            name=row["nom_municipio"],
            seat=row["nom_cabecera"],
            population=int(row["poblacion_total"] or 0),
        )
        for row in csv.DictReader(municipalities_csv.open(encoding="utf-8"))
    ]
    Municipality.objects.bulk_create(
        items,
        batch_size=500,
        update_conflicts=True,
        unique_fields=["code"],
        update_fields=["state", "name", "seat", "population"],
    )
    return len(items)
