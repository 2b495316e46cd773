"""Reads of the results app: the period asked for, the records behind each figure, state context."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef, QuerySet
from django.utils.translation import gettext as _

from apertus.participation.models import Process
from apertus.plans.models import PlanStatus
from apertus.results import framework
from apertus.results.framework import Period
from apertus.stl.selectors import stl_health_many

EARLIEST = date(2000, 1, 1)
LATEST = date(2100, 12, 31)


def _date(raw: str, label: str) -> date | None:
    raw = (raw or "").strip()
    if not raw:
        return None
    try:
        day = date.fromisoformat(raw[:10])
    except ValueError:
        raise ValidationError(_("La fecha «%(f)s» no es válida (use AAAA-MM-DD).") % {"f": label}) from None
    if not EARLIEST <= day <= LATEST:
        raise ValidationError(_("La fecha «%(f)s» está fuera de rango.") % {"f": label})
    return day


def period_from(params) -> Period:
    """``?desde=AAAA-MM-DD&hasta=AAAA-MM-DD`` (both optional) → a Period; a wrong one raises ValidationError."""
    start, end = _date(params.get("desde", ""), _("desde")), _date(params.get("hasta", ""), _("hasta"))
    if start and end and start > end:
        raise ValidationError(_("El periodo empieza después de terminar."))
    return Period(start, end)


@dataclass
class Record:
    title: str
    url: str
    state: str
    detail: str = ""


def _participations(period, states):
    return (
        framework.participations(period).filter(state_id__in=states),
        lambda p: Record(p.state.short_name, p.state.get_absolute_url(), p.state.short_name, p.phase.name),
    )


def _stls(period, states, *, meeting: bool = False):

    qs = framework.stls_in(period, states).order_by("state__short_name")
    if meeting:
        stls = list(qs)
        health = stl_health_many(stls, period.last_day)
        qs = qs.filter(pk__in=[s.pk for s in stls if not health[s.pk].no_meeting_in_6_months])
    return qs, lambda s: Record(str(s), s.get_absolute_url(), s.state.short_name)


def _plans(period, states, code):

    qs = framework.plans_in(period, states).order_by("state__short_name", "-edition")
    if code == "planes_cocreados":
        qs = qs.filter(Exists(Process.objects.filter(plan_id=OuterRef("pk"))))
    if code == "planes_publicados":
        qs = qs.filter(status__in=[PlanStatus.PUBLISHED, PlanStatus.IMPLEMENTATION, PlanStatus.CONCLUDED])
    if code == "estandares_cumplidos":
        from django.urls import reverse

        return qs, lambda p: Record(
            p.title,
            reverse("plans:standards", args=[p.state.slug, p.edition]),
            p.state.short_name,
            p.get_status_display(),
        )
    return qs, lambda p: Record(
        p.title, p.get_absolute_url(), p.state.short_name, f"{p.get_status_display()} · {p.progress:.0f} %"
    )


COMMITMENT_FILTERS = {
    "compromisos_metas_ods": "has_targets",
    "compromisos_valores_ogp": "has_values",
    "compromisos_anticorrupcion": "anti_corruption",
    "compromisos_cumplidos": "is_complete",
}


def _commitments(period, states, code):
    qs = framework.commitments_in(framework.plans_in(period, states)).select_related("plan__state", "primary_goal")
    if code in COMMITMENT_FILTERS:
        qs = qs.filter(**{COMMITMENT_FILTERS[code]: True})
    return (
        qs.order_by("plan__state__short_name", "plan__edition", "number"),
        lambda c: Record(
            str(c),
            c.get_absolute_url(),
            c.plan.state.short_name,
            f"{_('ODS')} {c.primary_goal.code} · {c.get_effective_completion_display()}",
        ),
    )


def _proposals(period, states, code):
    qs = framework.proposals_in(period, framework.plans_in(period, states)).select_related(
        "process__plan__state", "response"
    )
    if code == "propuestas_respondidas":
        qs = qs.filter(response__isnull=False)
    return (
        qs.order_by("-created_at", "-pk"),
        lambda p: Record(
            p.title,
            p.get_absolute_url(),
            p.process.plan.state.short_name,
            p.response.get_kind_display() if hasattr(p, "response") else _("Sin respuesta"),
        ),
    )


def figure_records(*, code: str, period: Period, phase=None, state=None) -> tuple[QuerySet, object]:
    """The records behind a figure (a queryset to paginate, and how to show a row). KeyError: no list."""
    states = [
        p.state_id
        for p in framework.participations(period)
        if (phase is None or p.phase_id == phase.pk) and (state is None or p.state_id == state.pk)
    ]
    if code == "entidades_participantes":
        return _participations(period, states)
    if code in ("stl_instalados", "stl_regla_seis_meses"):
        return _stls(period, states, meeting=code == "stl_regla_seis_meses")
    if code in ("planes_cocreados", "planes_publicados", "avance_promedio", "estandares_cumplidos"):
        return _plans(period, states, code)
    if code.startswith("compromisos"):
        return _commitments(period, states, code)
    if code.startswith("propuestas"):
        return _proposals(period, states, code)
    raise KeyError(code)


# --- Funder reports ------------------------------------------------------------------------------


def report_list() -> QuerySet:
    from apertus.results.models import FunderReport

    return FunderReport.objects.select_related("requested_by").order_by("-created_at", "-pk")
