"""The flat API for harvesters: every published commitment and every public proposal, across plans.

Ordered by id (stable: new records go to the end), paged with an opaque signed cursor, filtered by
explicit parameters. Anything else gets a 400 that names the parameter. Each answer carries an ETag
and Last-Modified from the data version, so a harvester that polls gets a 304 for one query.
"""

from __future__ import annotations

import re
from datetime import datetime, time

from django.core import signing
from django.db.models import Q
from django.http import JsonResponse
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from ninja import Query, Router, Schema

from apertus.opendata.http import not_modified, stamp, validators
from apertus.participation.models import Proposal
from apertus.participation.selectors import public_proposals
from apertus.plans.datasets import commitment_rows, public_commitments
from apertus.plans.models import Commitment, Completion
from apertus.taxonomy.models import Term

router = Router()

MAX_LIMIT = 500
DEFAULT_LIMIT = 50


class BadParameter(Exception):
    def __init__(self, name: str, message: str):
        super().__init__(message)
        self.name = name
        self.message = message


def _bad(exc: BadParameter) -> JsonResponse:
    return JsonResponse({"detail": f"{exc.name}: {exc.message}", "parameter": exc.name}, status=400)


def _check_known(request, allowed: set[str]) -> None:
    for name in request.GET:
        if name not in allowed:
            raise BadParameter(name, "parámetro desconocido; se admiten: " + ", ".join(sorted(allowed)))
        if len(request.GET.getlist(name)) > 1:
            raise BadParameter(name, "se indicó más de una vez")


def _int(name: str, value: str | None, low: int = 1, high: int = 2**31 - 1) -> int | None:
    if value is None:
        return None
    if not re.fullmatch(r"\d{1,10}", value) or not low <= int(value) <= high:
        raise BadParameter(name, f"debe ser un número entero entre {low} y {high}")
    return int(value)


def _pattern(name: str, value: str | None, regex: str, hint: str) -> str | None:
    if value is None:
        return None
    if not re.fullmatch(regex, value):
        raise BadParameter(name, hint)
    return value


def _choice(name: str, value: str | None, choices) -> str | None:
    if value is None:
        return None
    if value not in choices:
        raise BadParameter(name, "valor no válido; se admiten: " + ", ".join(sorted(choices)))
    return value


def _since(value: str | None):
    if value is None:
        return None
    try:
        moment = parse_datetime(value)
        if moment is None:
            day = parse_date(value)
            moment = datetime.combine(day, time.min) if day else None
    except ValueError:
        moment = None
    if moment is None:
        raise BadParameter(
            "updated_since", "debe ser una fecha u hora ISO 8601 (AAAA-MM-DD o AAAA-MM-DDTHH:MM:SS±HH:MM)"
        )
    return timezone.make_aware(moment) if timezone.is_naive(moment) else moment


def _cursor(kind: str, value: str | None) -> int:
    if value is None:
        return 0
    try:
        data = signing.Signer(salt=f"apertus.api.cursor.{kind}").unsign_object(value)
        return int(data["after"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        raise BadParameter("cursor", "cursor no válido o alterado; usa el valor de next_cursor tal cual") from None


def _next_cursor(kind: str, last_id: int) -> str:
    return signing.Signer(salt=f"apertus.api.cursor.{kind}").sign_object({"after": last_id})


def _page(request, kind: str, build) -> JsonResponse:
    try:
        etag, changed_at, _ = validators(request.get_full_path())
        cached = not_modified(request, etag, changed_at)
        if cached is not None:
            return cached
        items, last_id, more = build()
    except BadParameter as exc:
        return _bad(exc)
    next_cursor = _next_cursor(kind, last_id) if more else None
    query = request.GET.copy()
    if next_cursor:
        query["cursor"] = next_cursor
    body = {
        "items": items,
        "next_cursor": next_cursor,
        "next": f"{request.path}?{query.urlencode()}" if next_cursor else None,
    }
    return stamp(JsonResponse(body, json_dumps_params={"ensure_ascii": False}), etag, changed_at)


def _slice(qs, after: int, limit: int) -> tuple[list[int], bool]:
    ids = list(qs.filter(pk__gt=after).order_by("pk").values_list("pk", flat=True)[: limit + 1])
    return ids[:limit], len(ids) > limit


# Commitments


COMMITMENT_PARAMS = {
    "state",
    "phase",
    "plan",
    "sdg_goal",
    "sdg_target",
    "ogp_value",
    "status",
    "updated_since",
    "limit",
    "cursor",
}


class BadParameterOut(Schema):
    detail: str
    parameter: str


class FlatCommitmentOut(Schema):
    id: int
    plan_id: int
    state_code: str
    state: str
    plan_edition: int
    number: int
    title: str
    problem: str
    baseline: str
    objective: str
    expected_results: str
    how_it_solves: str
    corruption_prevention: str
    ogp_values: list[str]
    sdg_goal: str
    sdg_targets: list[str]
    lead_institution: str
    co_responsible: list[str]
    other_actors: str
    start_date: str
    end_date: str
    budget: float | None
    contact: str
    weight: int
    milestone_count: int
    progress: float
    completion: str
    completion_label: str
    completion_assigned: bool
    version: int
    created_at: str
    updated_at: str
    url: str


class CommitmentPage(Schema):
    items: list[FlatCommitmentOut]
    next_cursor: str | None
    next: str | None


def _commitment_item(row) -> dict:
    return {
        "id": row["id"],
        "plan_id": row["plan_id"],
        "state_code": row["plan__state__code"],
        "state": row["plan__state__short_name"],
        "plan_edition": row["plan__edition"],
        "number": row["number"],
        "title": row["title"],
        "problem": row["problem"],
        "baseline": row["baseline"],
        "objective": row["objective"],
        "expected_results": row["expected_results"],
        "how_it_solves": row["how_it_solves"],
        "corruption_prevention": row["corruption_prevention"],
        "ogp_values": row["values"],
        "sdg_goal": row["primary_goal__code"],
        "sdg_targets": row["targets"],
        "lead_institution": row["lead_institution__name"],
        "co_responsible": row["co_responsible"],
        "other_actors": row["other_actors"],
        "start_date": row["start_date"].isoformat(),
        "end_date": row["end_date"].isoformat(),
        "budget": float(row["budget"]) if row["budget"] is not None else None,
        "contact": row["contact"],
        "weight": row["weight"],
        "milestone_count": row["milestone_count"],
        "progress": float(row["progress"]),
        "completion": row["effective_completion"],
        "completion_label": row["completion_label"],
        "completion_assigned": bool(row["completion_override"]),
        "version": row["version"],
        "created_at": row["created_at"].isoformat(),
        "updated_at": row["updated_at"].isoformat(),
        "url": row["url"],
    }


def _commitment_filters(params) -> Q:

    q = Q()
    state = _pattern("state", params.get("state"), r"(0[1-9]|[12]\d|3[0-2])", "clave INEGI de dos dígitos, 01 a 32")
    if state:
        q &= Q(plan__state__code=state)
    phase = _int("phase", params.get("phase"), 1, 99)
    if phase:
        q &= Q(plan__state__participation__phase__number=phase)
    plan = _int("plan", params.get("plan"))
    if plan:
        q &= Q(plan_id=plan)
    goal = _pattern("sdg_goal", params.get("sdg_goal"), r"([1-9]|1[0-7])", "número de ODS, 1 a 17")
    if goal:
        q &= Q(
            pk__in=Commitment.objects.filter(Q(primary_goal__code=goal) | Q(targets__parent__code=goal)).values("pk")
        )
    target = _pattern(
        "sdg_target", params.get("sdg_target"), r"([1-9]|1[0-7])\.[0-9a-z]{1,2}", "clave de meta ODS, p. ej. 16.6"
    )
    if target:
        q &= Q(pk__in=Commitment.objects.filter(targets__code=target).values("pk"))
    value = params.get("ogp_value")
    if value is not None:
        codes = set(Term.objects.filter(scheme="ogp_value").values_list("code", flat=True))
        _choice("ogp_value", value, codes)
        q &= Q(pk__in=Commitment.objects.filter(values__value__code=value).values("pk"))
    status = _choice("status", params.get("status"), set(Completion.values))
    if status:
        q &= Q(completion_override=status) | Q(completion_override="", completion=status)
    since = _since(params.get("updated_since"))
    if since:
        q &= Q(updated_at__gte=since)
    return q


@router.get(
    "/commitments",
    response={200: CommitmentPage, 304: None, 400: BadParameterOut},
    summary="Compromisos de todos los planes publicados",
    description="Todos los compromisos publicados, ordenados por id. Pagina con `cursor` (el `next_cursor` "
    "de la respuesta anterior). Responde 304 a `If-None-Match` / `If-Modified-Since` si nada cambió. "
    "Un parámetro desconocido o mal formado recibe 400 con su nombre.",
)
def commitments(
    request,
    state: str | None = Query(None, description="Clave INEGI de la entidad (01-32)"),
    phase: str | None = Query(None, description="Número de la fase del programa de la entidad"),
    plan: str | None = Query(None, description="Identificador del plan"),
    sdg_goal: str | None = Query(None, description="ODS (1-17), principal o por sus metas"),
    sdg_target: str | None = Query(None, description="Meta ODS, p. ej. 16.6"),
    ogp_value: str | None = Query(None, description="Clave del valor de gobierno abierto"),
    status: str | None = Query(
        None, description="Cumplimiento: sin_evidencia, no_iniciado, limitado, sustancial, completo"
    ),
    updated_since: str | None = Query(None, description="Modificados desde (ISO 8601)"),
    limit: str | None = Query(None, description=f"Cuántos por página (1-{MAX_LIMIT}, {DEFAULT_LIMIT} si no se indica)"),
    cursor: str | None = Query(None, description="Cursor opaco de la página siguiente"),
):

    def build():
        _check_known(request, COMMITMENT_PARAMS)
        size = _int("limit", request.GET.get("limit"), 1, MAX_LIMIT) or DEFAULT_LIMIT
        after = _cursor("commitments", request.GET.get("cursor"))
        qs = public_commitments().filter(_commitment_filters(request.GET))
        ids, more = _slice(qs, after, size)
        rows = commitment_rows(public_commitments().filter(pk__in=ids), order=("pk",)) if ids else []
        return [_commitment_item(r) for r in rows], (ids[-1] if ids else after), more

    return _page(request, "commitments", build)


# Proposals


PROPOSAL_PARAMS = {
    "state",
    "process",
    "plan",
    "sdg_goal",
    "municipality",
    "response",
    "updated_since",
    "limit",
    "cursor",
}
RESPONSE_CHOICES = {"incorporada", "parcial", "no_incorporada", "sin_respuesta"}


class ProposalResponseOut(Schema):
    kind: str
    reason: str
    commitment_id: int | None
    responded_at: str


class FlatProposalOut(Schema):
    id: int
    process_id: int
    plan_id: int
    state_code: str
    title: str
    problem: str
    solution: str
    sdg_goals: list[str]
    municipality: str | None
    support_count: int
    created_at: str
    updated_at: str
    response: ProposalResponseOut | None
    url: str


class ProposalPage(Schema):
    items: list[FlatProposalOut]
    next_cursor: str | None
    next: str | None


def _proposal_item(p) -> dict:
    response = getattr(p, "response", None)
    return {
        "id": p.pk,
        "process_id": p.process_id,
        "plan_id": p.process.plan_id,
        "state_code": p.process.plan.state.code,
        "title": p.title,
        "problem": p.problem,
        "solution": p.solution,
        "sdg_goals": [g.code for g in p.goals.all()],
        "municipality": p.municipality.code if p.municipality_id else None,
        "support_count": p.support_count,
        "created_at": p.created_at.isoformat(),
        "updated_at": p.updated_at.isoformat(),
        "response": {
            "kind": response.kind,
            "reason": response.reason,
            "commitment_id": response.commitment_id,
            "responded_at": response.responded_at.isoformat(),
        }
        if response
        else None,
        "url": p.get_absolute_url(),
    }


def _proposal_filters(params) -> Q:
    q = Q()
    state = _pattern("state", params.get("state"), r"(0[1-9]|[12]\d|3[0-2])", "clave INEGI de dos dígitos, 01 a 32")
    if state:
        q &= Q(process__plan__state__code=state)
    process = _int("process", params.get("process"))
    if process:
        q &= Q(process_id=process)
    plan = _int("plan", params.get("plan"))
    if plan:
        q &= Q(process__plan_id=plan)
    goal = _pattern("sdg_goal", params.get("sdg_goal"), r"([1-9]|1[0-7])", "número de ODS, 1 a 17")
    if goal:
        q &= Q(pk__in=Proposal.objects.filter(goals__scheme="sdg_goal", goals__code=goal).values("pk"))
    municipality = _pattern("municipality", params.get("municipality"), r"\d{5}", "clave INEGI de cinco dígitos")
    if municipality:
        q &= Q(municipality__code=municipality)
    response = _choice("response", params.get("response"), RESPONSE_CHOICES)
    if response == "sin_respuesta":
        q &= Q(response__isnull=True)
    elif response:
        q &= Q(response__kind=response)
    since = _since(params.get("updated_since"))
    if since:
        q &= Q(updated_at__gte=since)
    return q


@router.get(
    "/proposals",
    response={200: ProposalPage, 304: None, 400: BadParameterOut},
    summary="Propuestas ciudadanas de todos los procesos públicos",
    description="Las propuestas visibles de los procesos de cocreación de planes públicos, ordenadas por id, "
    "con su respuesta razonada. Sin datos personales. Paginación por `cursor`; 304 si nada cambió.",
)
def proposals(
    request,
    state: str | None = Query(None, description="Clave INEGI de la entidad (01-32)"),
    process: str | None = Query(None, description="Identificador del proceso de cocreación"),
    plan: str | None = Query(None, description="Identificador del plan"),
    sdg_goal: str | None = Query(None, description="ODS (1-17)"),
    municipality: str | None = Query(None, description="Clave INEGI del municipio (5 dígitos)"),
    response: str | None = Query(None, description="incorporada, parcial, no_incorporada o sin_respuesta"),
    updated_since: str | None = Query(None, description="Modificadas desde (ISO 8601)"),
    limit: str | None = Query(None, description=f"Cuántas por página (1-{MAX_LIMIT})"),
    cursor: str | None = Query(None, description="Cursor opaco de la página siguiente"),
):

    def build():
        _check_known(request, PROPOSAL_PARAMS)
        size = _int("limit", request.GET.get("limit"), 1, MAX_LIMIT) or DEFAULT_LIMIT
        after = _cursor("proposals", request.GET.get("cursor"))
        ids, more = _slice(public_proposals().filter(_proposal_filters(request.GET)), after, size)
        page = public_proposals().select_related("process__plan__state").filter(pk__in=ids).order_by("pk")
        return [_proposal_item(p) for p in page], (ids[-1] if ids else after), more

    return _page(request, "proposals", build)
