"""``POST /api/sdg/suggest``: the SDG goals and targets of a text; ``GET /api/sdg/matrix``: the SDG map."""

from __future__ import annotations

from typing import Literal

from django.conf import settings
from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema, Status
from ninja.errors import HttpError

from apertus.accounts.privacy import client_ip, ip_hash
from apertus.accounts.tokens import user_for_token
from apertus.core import ratelimit
from apertus.program.models import ProgramPhase
from apertus.sdg import selectors
from apertus.sdg.classifier import MAX_CHARS, get_classifier

router = Router()

# Anonymous callers: this many suggestions per address per minute; with a personal token, more.
ANONYMOUS_RATE = 30
TOKEN_RATE = 600


class SuggestIn(Schema):
    # Described as the endpoint checks it (not blank, at most MAX_CHARS), with its own messages.
    text: str = Field(
        ...,
        description="Texto en español o inglés (hasta 20 000 caracteres).",
        json_schema_extra={"pattern": r"\S", "maxLength": 20_000},
    )
    lang: Literal["es", "en"] | None = Field(None, description="Idioma del texto; si se omite, se detecta.")


class GoalOut(Schema):
    goal: int
    score: float = Field(..., description="Confianza entre 0 y 1.")
    words: list[str] = Field(..., description="Palabras del texto que más pesaron.")


class TargetOut(Schema):
    code: str
    score: float


class SuggestOut(Schema):
    lang: str
    ranked: list[GoalOut] = Field(..., description="Los 17 ODS, del más al menos probable.")
    present: list[int] = Field(..., description="Los ODS que el texto trabaja (cero o más), del mejor al peor.")
    targets: list[TargetOut] = Field(..., description="Hasta 5 metas, de la más a la menos cercana.")


class SdgProblem(Schema):
    detail: str


class MatrixCellOut(Schema):
    state: str
    state_slug: str
    goal: int
    tagged: int
    suggested: int


def _caller(request) -> str:
    header = request.headers.get("Authorization", "")
    if header.startswith("Bearer "):
        user = user_for_token(header[7:].strip())
        if user is None:
            raise HttpError(401, "Token no válido.")
        return f"user:{user.pk}"
    if request.user.is_authenticated:
        return f"user:{request.user.pk}"
    return ""


@router.post(
    "/suggest",
    response={200: SuggestOut, 401: SdgProblem, 422: SdgProblem, 429: SdgProblem},
    summary="ODS y metas que trabaja un texto (español o inglés)",
)
def suggest(request, payload: SuggestIn):
    """Ranks the 17 goals, says which are present and lists the closest targets. Anonymous callers
    are limited per address; callers with a personal token (``Authorization: Bearer apx_…``) have
    a higher limit."""
    caller = _caller(request)
    if caller:
        allowed = ratelimit.hit(f"sdg-api:{caller}", getattr(settings, "SDG_API_TOKEN_RATE", TOKEN_RATE), 60)
    else:
        allowed = ratelimit.hit(
            f"sdg-api:ip:{ip_hash(client_ip(request))}", getattr(settings, "SDG_API_ANONYMOUS_RATE", ANONYMOUS_RATE), 60
        )
    if not allowed:
        return Status(429, {"detail": "Demasiadas solicitudes; espera un minuto o usa un token personal."})
    text = payload.text
    if not text.strip():
        return Status(422, {"detail": "El texto está vacío."})
    if len(text) > MAX_CHARS:
        return Status(422, {"detail": f"El texto tiene {len(text)} caracteres; el máximo es {MAX_CHARS}."})
    return Status(200, get_classifier().suggest(text, payload.lang).as_dict())


@router.get("/matrix", response=list[MatrixCellOut], summary="Mapa ODS: compromisos por entidad y ODS")
def matrix(request, phase: int | None = None):
    """One row per state and goal: public commitments tagged with the goal, and those whose text
    works on it without being tagged (``suggested``). ``phase`` filters by program phase number."""
    phase_obj = get_object_or_404(ProgramPhase, number=phase) if phase is not None else None
    return [
        {"state": r.state.short_name, "state_slug": r.state.slug, "goal": g, "tagged": n, "suggested": m}
        for r in selectors.sdg_matrix(phase_obj)
        for g, n, m in r.cells
    ]
