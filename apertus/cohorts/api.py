from uuid import UUID

from django.http import Http404
from ninja import Router, Schema
from ninja.pagination import LimitOffsetPagination, paginate

from apertus.cohorts.indicators import SUPPRESS_BELOW, indicators
from apertus.core.api import from_path
from apertus.program import selectors

router = Router()


class ParticipationOut(Schema):
    state_code: str
    state_name: str
    declaration_date: str | None
    status_summary: str

    resolve_state_code = from_path("state.code")
    resolve_state_name = from_path("state.short_name")

    @staticmethod
    def resolve_declaration_date(obj) -> str | None:
        return obj.declaration_date.isoformat() if obj.declaration_date else None


class PhaseOut(Schema):
    number: int
    year: int
    name_es: str
    name_en: str
    fellows_goal: int
    states: list[ParticipationOut]

    @staticmethod
    def resolve_states(obj):
        return list(obj.participations.all())


class PartnerOut(Schema):
    name: str
    acronym: str
    role: str

    @staticmethod
    def resolve_name(obj) -> str:
        return obj.organization.name

    @staticmethod
    def resolve_acronym(obj) -> str:
        return obj.organization.acronym


@router.get("/phases", response=list[PhaseOut], summary="Fases del programa y sus entidades")
def list_phases(request):
    return selectors.phase_list()


@router.get("/partners", response=list[PartnerOut], summary="Aliados del programa")
def list_partners(request):
    return selectors.partner_list()


# --- Indicators and public fellow profiles --------------------------------------------------------


class CountOut(Schema):
    key: str
    label: str
    count: int


class StateCountOut(Schema):
    code: str
    name: str
    count: int


class CellOut(Schema):
    """One state × gender cell: ``value`` is null when the group is hidden (fewer than 3 people)."""

    gender: str
    value: int | None
    suppressed: bool


class CrossRowOut(Schema):
    code: str
    name: str
    total: int
    cells: list[CellOut]


class BreakdownOut(Schema):
    total: int
    by_state: list[StateCountOut]
    by_gender: list[CountOut]
    by_state_and_gender: list[CrossRowOut]


class FellowsOut(BreakdownOut):
    by_sector: list[CountOut]


class RateOut(Schema):
    """``hits`` and ``percent`` are null when the group has fewer than 3 people."""

    key: str
    label: str
    base: int
    hits: int | None
    percent: float | None
    suppressed: bool


class RatesOut(Schema):
    total: RateOut
    by_gender: list[RateOut]


class MeanOut(Schema):
    key: str
    label: str
    respondents: int
    mean: float | None
    suppressed: bool


class SatisfactionOut(Schema):
    total: MeanOut
    by_gender: list[MeanOut]


class IndicatorsOut(Schema):
    cohort: int | None
    provisional: bool
    small_group_threshold: int
    applicants: BreakdownOut
    fellows: FellowsOut
    completion: RatesOut
    passing: RatesOut
    certificates: int
    satisfaction: SatisfactionOut | None


def _breakdown(crossing) -> dict:
    return {
        "total": crossing.total,
        "by_state": [{"code": r.state.code, "name": r.state.label, "count": r.state.count} for r in crossing.rows],
        "by_gender": [{"key": c.key, "label": c.label, "count": c.count} for c in crossing.columns],
        "by_state_and_gender": [
            {
                "code": r.state.code,
                "name": r.state.label,
                "total": r.state.count,
                "cells": [
                    {"gender": col.key, "value": None if cell.suppressed else cell.value, "suppressed": cell.suppressed}
                    for col, cell in zip(crossing.columns, r.cells, strict=True)
                ],
            }
            for r in crossing.rows
        ],
    }


def _rate(rate) -> dict:
    percent = rate.percent
    return {
        "key": rate.key,
        "label": rate.label,
        "base": rate.base,
        "hits": None if rate.suppressed else rate.hits,
        "percent": None if percent is None else float(percent),
        "suppressed": rate.suppressed,
    }


def _mean(mean) -> dict:
    value = mean.mean
    return {
        "key": mean.key,
        "label": mean.label,
        "respondents": mean.n,
        "mean": None if value is None else float(value),
        "suppressed": mean.suppressed,
    }


def _indicators_out(phase) -> dict:
    ind = indicators(phase=phase)
    return {
        "cohort": phase.year if phase else None,
        "provisional": ind.provisional,
        "small_group_threshold": SUPPRESS_BELOW,
        "applicants": _breakdown(ind.applicants),
        "fellows": _breakdown(ind.fellows)
        | {"by_sector": [{"key": c.key, "label": c.label, "count": c.count} for c in ind.fellows_by_sector]},
        "completion": {"total": _rate(ind.completion), "by_gender": [_rate(r) for r in ind.completion_by_gender]},
        "passing": {"total": _rate(ind.passing), "by_gender": [_rate(r) for r in ind.passing_by_gender]},
        "certificates": ind.certificates,
        "satisfaction": None
        if ind.satisfaction is None
        else {"total": _mean(ind.satisfaction), "by_gender": [_mean(m) for m in ind.satisfaction_by_gender]},
    }


@router.get("/indicators", response=IndicatorsOut, summary="Indicadores de todas las generaciones")
def all_indicators(request):
    return _indicators_out(None)


@router.get("/indicators/{year}", response=IndicatorsOut, summary="Indicadores de una generación")
def cohort_indicators(request, year: int):
    phase = selectors.phase_by_year(year)
    if phase is None:
        raise Http404
    return _indicators_out(phase)


class CohortOut(Schema):
    year: int
    state_code: str | None
    state_name: str | None
    sector: str


class FellowProfileOut(Schema):
    """A consented public profile. Never the e-mail."""

    id: UUID
    name: str
    bio: str
    url: str
    cohorts: list[CohortOut]

    @staticmethod
    def resolve_id(obj) -> UUID:
        return obj.public_id

    @staticmethod
    def resolve_name(obj) -> str:
        return obj.user.public_name

    @staticmethod
    def resolve_url(obj) -> str:
        return obj.get_absolute_url()

    @staticmethod
    def resolve_cohorts(obj) -> list[dict]:
        return [
            {
                "year": r.phase.year,
                "state_code": r.state.code if r.state_id else None,
                "state_name": r.state.short_name if r.state_id else None,
                "sector": r.sector,
            }
            for r in obj.user.fellow_roles
        ]


@router.get("/fellows", response=list[FellowProfileOut], summary="Perfiles públicos de fellows (con su consentimiento)")
@paginate(LimitOffsetPagination)
def list_fellow_profiles(request):
    return selectors.public_profiles()
