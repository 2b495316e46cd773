"""Read endpoints for the working tables of published plans: seats and attendance counts, no people."""

from __future__ import annotations

from datetime import datetime

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Router, Schema
from ninja.pagination import LimitOffsetPagination, paginate

from apertus.core.api import from_path
from apertus.tables import selectors
from apertus.tables.models import Sector, TableCommitment

router = Router()


class TableOut(Schema):
    id: int
    plan_id: int
    state_code: str
    title: str
    topic: str
    starts_at: datetime
    ends_at: datetime
    place: str
    online_url: str
    status: str
    capacity: int
    confirmed: int
    waitlist: int
    seats_left: int
    attendance: dict[str, int]
    attendance_total: int
    commitment_ids: list[int]
    outcomes: str
    url: str

    resolve_state_code = from_path("plan.state.code")

    @staticmethod
    def resolve_confirmed(obj) -> int:
        return obj.confirmed_count

    @staticmethod
    def resolve_waitlist(obj) -> int:
        return obj.waitlist_count

    @staticmethod
    def resolve_seats_left(obj) -> int:
        return selectors.seats_left(obj)

    @staticmethod
    def resolve_attendance(obj) -> dict[str, int]:
        counts = {row.sector: row.count for row in obj.attendance.all()}
        return {sector: counts.get(sector, 0) for sector in Sector.values}

    @staticmethod
    def resolve_attendance_total(obj) -> int:
        return sum(row.count for row in obj.attendance.all())

    @staticmethod
    def resolve_commitment_ids(obj) -> list[int]:
        return [link.commitment_id for link in obj.commitment_links.all()]

    @staticmethod
    def resolve_url(obj) -> str:
        return obj.get_absolute_url()


def _tables():
    links = TableCommitment.objects.filter(commitment__is_deleted=False)
    return (
        selectors.with_counts(selectors.public_tables())
        .select_related("plan__state")
        .prefetch_related("attendance", Prefetch("commitment_links", queryset=links))
    )


@router.get("/", response=list[TableOut], summary="Mesas de trabajo de los planes publicados")
@paginate(LimitOffsetPagination)
def list_tables(request, plan_id: int | None = None, state: str | None = None, upcoming: bool = False):
    """Filtrables por plan (`plan_id`), entidad (`state`, clave INEGI) y solo las próximas (`upcoming`)."""
    tables = _tables()
    if plan_id is not None:
        tables = tables.filter(plan_id=plan_id)
    if state:
        tables = tables.filter(plan__state__code=state)
    if upcoming:
        tables = tables.filter(starts_at__gte=timezone.now())
    return tables.order_by("starts_at", "pk")


@router.get("/{int:table_id}", response=TableOut, summary="Una mesa de trabajo")
def get_table(request, table_id: int):
    return get_object_or_404(_tables(), pk=table_id)
