"""Read-only API: published programs' outlines (titles and dates, never questions or answers) and
certificate verification."""

from __future__ import annotations

from datetime import date, datetime

from django.shortcuts import get_object_or_404
from ninja import Router, Schema
from ninja.errors import HttpError
from ninja.pagination import LimitOffsetPagination, paginate

from apertus.accounts.privacy import client_ip, ip_hash
from apertus.core import ratelimit
from apertus.learning import selectors
from apertus.learning.services import normalize_code
from apertus.learning.views.certificates import VERIFY_RATE

router = Router()


class CourseOut(Schema):
    year: int
    title: str
    starts_on: date
    ends_on: date
    pass_mark: int

    @staticmethod
    def resolve_year(obj) -> int:
        return obj.phase.year


class ActivityOut(Schema):
    position: int
    title: str
    kind: str
    opens_at: datetime | None
    closes_at: datetime | None
    duration_minutes: int


class CourseSessionOut(Schema):
    position: int
    title: str
    starts_on: date | None
    ends_on: date | None
    activities: list[ActivityOut]

    @staticmethod
    def resolve_activities(obj):
        return list(obj.activities.all())


class ModuleOut(Schema):
    position: int
    title: str
    starts_on: date | None
    ends_on: date | None
    sessions: list[CourseSessionOut]

    @staticmethod
    def resolve_sessions(obj):
        return list(obj.sessions.all())


class OutlineOut(CourseOut):
    weights: dict[str, int]
    modules: list[ModuleOut]

    @staticmethod
    def resolve_weights(obj) -> dict[str, int]:
        return {str(k): v for k, v in obj.weights().items()}

    @staticmethod
    def resolve_modules(obj):
        return selectors.modules_of(obj)


class VerificationOut(Schema):
    valid: bool
    name: str | None = None
    program: str | None = None
    issued_on: date | None = None


@router.get("/programs", response=list[CourseOut], summary="Programas de formación publicados")
@paginate(LimitOffsetPagination)
def list_programs(request):
    return selectors.outline_courses()


@router.get("/programs/{year}", response=OutlineOut, summary="Temario de un programa")
def get_program(request, year: int):
    return get_object_or_404(selectors.outline_courses(), phase__year=year)


@router.get("/certificates/verify", response=VerificationOut, summary="Verificar una constancia")
def verify_certificate(request, code: str):
    """Same answer shape for every code; ``valid`` false for one that does not exist."""
    if not ratelimit.hit(f"certificate-verify:{ip_hash(client_ip(request))}", *VERIFY_RATE):
        raise HttpError(429, "Demasiadas consultas; espera un minuto.")
    certificate = selectors.certificate_by_code(normalize_code(code))
    if certificate is None:
        return VerificationOut(valid=False)
    return VerificationOut(
        valid=True, name=certificate.full_name, program=certificate.program.title, issued_on=certificate.issued_on
    )
