"""The results framework as JSON: the same figures as the page, the CSV and the funder report."""

from __future__ import annotations

from datetime import date

from ninja import Router, Schema

from apertus.results import selectors, tables
from apertus.results.framework import Period, results_framework

router = Router()


class ResultFigureOut(Schema):
    scope: str
    code: str
    label: str
    target: int | None
    achieved: float | None
    percent_of_target: float | None
    unit: str
    records_url: str


class ResultStateOut(Schema):
    phase_year: int
    state_code: str
    state_name: str
    fellows_selected: int
    fellows_trained: int
    fellows_certified: int
    stl_installed: bool
    stl_meets_six_month_rule: bool
    plan_status: str
    commitments: int
    commitments_with_sdg_targets: int
    commitments_with_ogp_values: int
    anti_corruption_commitments: int
    commitments_complete: int
    progress: float | None
    cocreation_standards_met: int | None
    proposals: int
    proposals_answered: int


class FrameworkOut(Schema):
    period_start: str | None
    period_end: str | None
    figures: list[ResultFigureOut]
    states: list[ResultStateOut]


def _within(day: date | None) -> date | None:
    return None if day is None else min(max(day, selectors.EARLIEST), selectors.LATEST)


@router.get("/framework", response=FrameworkOut, summary="Marco de resultados: metas y logros")
def framework(request, desde: date | None = None, hasta: date | None = None):
    """Targets and what the records show, per phase (``fase_1``...) and for the program; ``desde``/``hasta``
    (AAAA-MM-DD) limit the period."""
    # Any valid date is accepted: dates outside 2000-2100 are brought to those bounds, and a start after
    # the end is an empty period (every figure 0), so a harvester never gets a 4xx for a well-formed date.
    period = Period(_within(desde), _within(hasta))
    fw = results_framework(period=period)
    figures = [
        ResultFigureOut(
            scope=r["alcance"],
            code=r["indicador"],
            label=r["descripcion"],
            target=r["meta"],
            achieved=r["logrado"],
            percent_of_target=r["porcentaje_meta"],
            unit=r["unidad"],
            records_url=r["registros"],
        )
        for r in tables.figure_rows(fw)
    ]
    states = [
        ResultStateOut(
            phase_year=r["fase"],
            state_code=r["clave_entidad"],
            state_name=r["entidad"],
            fellows_selected=r["fellows_seleccionados"],
            fellows_trained=r["fellows_formados"],
            fellows_certified=r["fellows_con_constancia"],
            stl_installed=bool(r["stl_instalado"]),
            stl_meets_six_month_rule=bool(r["stl_regla_seis_meses"]),
            plan_status=r["etapa_plan"],
            commitments=r["compromisos"],
            commitments_with_sdg_targets=r["compromisos_metas_ods"],
            commitments_with_ogp_values=r["compromisos_valores_ogp"],
            anti_corruption_commitments=r["compromisos_anticorrupcion"],
            commitments_complete=r["compromisos_cumplidos"],
            progress=r["avance_promedio"],
            cocreation_standards_met=r["estandares_cumplidos"],
            proposals=r["propuestas"],
            proposals_answered=r["propuestas_respondidas"],
        )
        for r in tables.state_rows(fw)
    ]
    return FrameworkOut(
        period_start=period.start.isoformat() if period.start else None,
        period_end=period.end.isoformat() if period.end else None,
        figures=figures,
        states=states,
    )
