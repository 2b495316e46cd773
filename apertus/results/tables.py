"""The results framework as plain tables: the same rows feed the CSV datasets, the XLSX (one sheet per
table) and the funder report's PDF, so the three cannot disagree."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from apertus.results.framework import Block, Framework

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass
class Table:
    key: str  # the sheet's name
    title: str
    columns: list[str]
    rows: list[list]


def scope_label(block: Block) -> str:
    return block.phase.name if block.phase else _("Todo el programa")


def scope_key(block: Block) -> str:
    return f"fase_{block.phase.number}" if block.phase else "programa"


def _number(value):
    if isinstance(value, Decimal):
        return float(value)
    return value


def figure_rows(fw: Framework) -> Iterator[dict]:
    for block in fw.blocks:
        for figure in block.figures:
            yield {
                "alcance": scope_key(block),
                "alcance_nombre": scope_label(block),
                "indicador": figure.code,
                "descripcion": figure.label,
                "meta": figure.target,
                "logrado": _number(figure.value),
                "porcentaje_meta": _number(figure.percent_of_target),
                "unidad": figure.unit,
                "registros": settings.SITE_URL + figure.url,
            }


def state_rows(fw: Framework) -> Iterator[dict]:
    for row in fw.total.rows:
        c, plan = row.counts, row.plan
        yield {
            "fase": row.participation.phase.year,
            "clave_entidad": row.state.code,
            "entidad": row.state.short_name,
            "fellows_seleccionados": c.fellows,
            "fellows_formados": c.trained,
            "fellows_con_constancia": c.certified,
            "stl_instalado": c.stl_installed,
            "stl_regla_seis_meses": c.stl_meets_rule,
            "plan": plan.title if plan else "",
            "etapa_plan": plan.get_status_display() if plan else "",
            "planes_publicados": c.plans_published,
            "compromisos": c.commitments,
            "compromisos_metas_ods": c.with_targets,
            "compromisos_valores_ogp": c.with_values,
            "compromisos_anticorrupcion": c.anti_corruption,
            "compromisos_cumplidos": c.complete,
            "avance_promedio": _number(c.progress),
            "estandares_cumplidos": c.standards_met if c.standards_plans else None,
            "propuestas": c.proposals,
            "propuestas_respondidas": c.answered,
        }


STATE_COLUMNS = [
    ("fase", gettext_noop("Año de la fase")),
    ("clave_entidad", gettext_noop("Clave INEGI")),
    ("entidad", gettext_noop("Entidad")),
    ("fellows_seleccionados", gettext_noop("Agentes de cambio seleccionados")),
    ("fellows_formados", gettext_noop("Concluyeron el curso")),
    ("fellows_con_constancia", gettext_noop("Con constancia")),
    ("stl_instalado", gettext_noop("STL instalado (1 sí)")),
    ("stl_regla_seis_meses", gettext_noop("STL sesionó en seis meses (1 sí)")),
    ("plan", gettext_noop("Plan más reciente")),
    ("etapa_plan", gettext_noop("Etapa")),
    ("planes_publicados", gettext_noop("Planes publicados")),
    ("compromisos", gettext_noop("Compromisos")),
    ("compromisos_metas_ods", gettext_noop("Con metas ODS")),
    ("compromisos_valores_ogp", gettext_noop("Con valores OGP")),
    ("compromisos_anticorrupcion", gettext_noop("Anticorrupción (16.5)")),
    ("compromisos_cumplidos", gettext_noop("Sustancial o completo")),
    ("avance_promedio", gettext_noop("Avance promedio (%)")),
    ("estandares_cumplidos", gettext_noop("Estándares de cocreación (de 5)")),
    ("propuestas", gettext_noop("Propuestas")),
    ("propuestas_respondidas", gettext_noop("Con respuesta")),
]


def gender_rows(fw: Framework) -> Iterator[list]:
    for block in fw.blocks:
        for row in block.genders:
            yield [scope_label(block), row.label, *[c.display for c in row.cells]]


def tables(fw: Framework) -> list[Table]:
    figure_columns = [_("Alcance"), _("Indicador"), _("Meta"), _("Logrado"), _("% de la meta")]
    figures = [
        [r["alcance_nombre"], r["descripcion"], r["meta"], r["logrado"], r["porcentaje_meta"]] for r in figure_rows(fw)
    ]
    states = [[r[key] for key, _label in STATE_COLUMNS] for r in state_rows(fw)]
    return [
        Table("metas", _("Metas y logros"), figure_columns, figures),
        Table("entidades", _("Resultados por entidad"), [_(label) for _key, label in STATE_COLUMNS], states),
        Table(
            "genero",
            _("Agentes de cambio por género"),
            [_("Alcance"), _("Género"), _("Seleccionados"), _("Concluyeron el curso"), _("Con constancia")],
            list(gender_rows(fw)),
        ),
        Table(
            "ods",
            _("Compromisos por ODS principal"),
            [_("ODS"), _("Objetivo"), _("Compromisos"), _("Entidades")],
            [[g.code, g.short or g.name, n, s] for g, n, s in fw.goals],
        ),
        Table(
            "valores",
            _("Compromisos por valor de gobierno abierto"),
            [_("Valor"), _("Compromisos")],
            [[v.name, n] for v, n in fw.values],
        ),
    ]


def _safe(value):
    """Text that a spreadsheet would run as a formula is written as text."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value
    return value


def workbook_bytes(fw: Framework) -> bytes:
    """One sheet per table, streamed through openpyxl's write-only mode."""
    import io

    from openpyxl import Workbook

    book = Workbook(write_only=True)
    for table in tables(fw):
        sheet = book.create_sheet(table.key)
        sheet.append([table.title])
        sheet.append(table.columns)
        for row in table.rows:
            sheet.append([_safe(v) for v in row])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
