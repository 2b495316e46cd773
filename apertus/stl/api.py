"""Read-only API of the STLs: published ones for everyone, drafts only for whoever may see them."""

from __future__ import annotations

from datetime import date, datetime

from django.http import Http404
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from ninja import Router, Schema
from ninja.pagination import LimitOffsetPagination, paginate

from apertus.core.api import from_path
from apertus.stl import selectors
from apertus.stl.models import Stl
from apertus.stl.rules import can_view_stl

router = Router()


class StlDocumentOut(Schema):
    title: str
    kind: str
    date: date | None
    url: str | None


def _public_document(doc) -> StlDocumentOut | None:
    if doc is None or not doc.is_public:
        return None
    try:
        url = reverse("documents:download", args=[doc.uuid])
    except NoReverseMatch:  # the documents app serves files; until it does, the title alone
        url = None
    return StlDocumentOut(title=doc.title, kind=doc.kind, date=doc.date, url=url)


class HealthOut(Schema):
    last_session_on: date | None
    no_meeting_in_6_months: bool
    sectors_without_active_member: list[str]
    agreements_by_status: dict[str, int]
    overdue_agreements: int

    @staticmethod
    def resolve_overdue_agreements(obj) -> int:
        return obj.overdue_count


class StlOut(Schema):
    state_code: str
    state_slug: str
    state_name: str
    declaration_date: date | None
    health: HealthOut

    resolve_state_code = from_path("state.code")
    resolve_state_slug = from_path("state.slug")
    resolve_state_name = from_path("state.short_name")


class MemberOut(Schema):
    """Public fields only: the name shown, never the account or its e-mail."""

    name: str
    organization: str
    organization_slug: str
    sector: str
    role: str
    start_date: date
    end_date: date | None

    @staticmethod
    def resolve_name(obj) -> str:
        return obj.display_name

    @staticmethod
    def resolve_organization(obj) -> str:
        return obj.organization.name

    @staticmethod
    def resolve_organization_slug(obj) -> str:
        return obj.organization.slug


class StlDetailOut(StlOut):
    signatories: str
    declaration_document: StlDocumentOut | None
    rules_document: StlDocumentOut | None
    members: list[MemberOut]

    @staticmethod
    def resolve_declaration_document(obj):
        return _public_document(obj.declaration_document)

    @staticmethod
    def resolve_rules_document(obj):
        return _public_document(obj.rules_document)

    @staticmethod
    def resolve_members(obj):
        return obj.public_members


class AttendanceCounts(Schema):
    presente: int
    ausente: int
    justificada: int


class SessionOut(Schema):
    id: int
    starts_at: datetime
    place: str
    online_url: str
    attendance: AttendanceCounts
    agreements_count: int

    @staticmethod
    def resolve_attendance(obj):
        return AttendanceCounts(presente=obj.present_count, ausente=obj.absent_count, justificada=obj.excused_count)

    @staticmethod
    def resolve_agreements_count(obj) -> int:
        return len(obj.agreements.all())


class AgreementOut(Schema):
    id: int
    text: str
    owner: str
    due_date: date | None
    status: str

    @staticmethod
    def resolve_owner(obj) -> str:
        return obj.owner_name


class SessionDetailOut(SessionOut):
    agenda: str
    minutes_document: StlDocumentOut | None
    agreements: list[AgreementOut]

    @staticmethod
    def resolve_minutes_document(obj):
        return _public_document(obj.minutes_document)

    @staticmethod
    def resolve_agreements(obj):
        return list(obj.agreements.all())


class _WithHealth:
    """A list of STLs the paginator can slice: health is computed for the page only, in one go."""

    def __init__(self, queryset, today: date):
        self.queryset, self.today = queryset, today

    def __len__(self) -> int:
        return self.queryset.count()

    def __getitem__(self, window: slice) -> list[Stl]:
        stls = list(self.queryset[window])
        health = selectors.stl_health_many(stls, self.today)
        for stl in stls:
            stl.health = health[stl.pk]
        return stls


def _visible(request, slug: str) -> Stl:
    stl = selectors.stl_get(state=slug)
    if stl is None or not can_view_stl(request.user, stl):
        raise Http404
    return stl


@router.get("/", response=list[StlOut], summary="Secretariados Técnicos Locales publicados")
@paginate(LimitOffsetPagination)
def list_stls(request):
    return _WithHealth(selectors.stl_list(published_only=True), timezone.localdate())


@router.get("/{slug}", response=StlDetailOut, summary="Un STL con sus integrantes")
def get_stl(request, slug: str):
    stl = _visible(request, slug)
    stl.health = selectors.stl_health(stl)
    stl.public_members = selectors.stl_members_public(stl)
    return stl


@router.get("/{slug}/sessions", response=list[SessionOut], summary="Sesiones de un STL, de la más reciente")
@paginate(LimitOffsetPagination)
def list_sessions(request, slug: str):
    return selectors.sessions_with_counts(_visible(request, slug)).order_by("-starts_at")


@router.get("/{slug}/sessions/{session_id}", response=SessionDetailOut, summary="Una sesión: asistencia y acuerdos")
def get_session(request, slug: str, session_id: int):
    session = selectors.session_get(stl=_visible(request, slug), pk=session_id)
    if session is None:
        raise Http404
    return session
