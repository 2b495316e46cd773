"""Reads for working tables: who may see which, whether registering is open, each page's data.

``registration_closed_reason`` is the one place that decides whether people may register for a
table now; the service, the views and the templates all ask it.
"""

from __future__ import annotations

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from apertus.participation.selectors import phase_refusal, process_for_plan
from apertus.plans.models import ActionPlan, PlanStatus
from apertus.plans.selectors import plans_visible_to, public_plans
from apertus.tables.models import (
    Attendance,
    Registration,
    RegistrationStatus,
    Sector,
    TableCommitment,
    TableStatus,
    WorkingTable,
)

REGISTER_ACTION = "register_table"


def plan_registration_refusal(plan: ActionPlan, now=None) -> str | None:
    """Whether the plan's co-creation lets people register for working tables now; if not, why.

    When the plan has a co-creation process (apertus.participation), its open phase decides
    (the action "register_table"); without one, the plan's stage does: only during "cocreación".
    """
    if plan.is_deleted:
        return _("El plan ya no existe.")
    process = process_for_plan(plan)
    if process is not None:
        return phase_refusal(process, REGISTER_ACTION, now)
    if plan.status != PlanStatus.COCREATION:
        return _("El plan no está en cocreación: ya no se abren inscripciones a sus mesas de trabajo.")
    return None


def registration_closed_reason(table: WorkingTable, now=None) -> str | None:
    """None if people may register for ``table`` now; otherwise why not, in Spanish.

    The one check of the registration window: the service, the views and the page all ask it.
    """
    now = now or timezone.now()
    if table.status != TableStatus.SCHEDULED:
        return _("La mesa ya no recibe inscripciones (%(status)s).") % {"status": table.get_status_display().lower()}
    if table.starts_at <= now:
        return _("La mesa ya comenzó.")
    return plan_registration_refusal(table.plan, now)


def cancellation_closed_reason(table: WorkingTable, now=None) -> str | None:
    """A seat can be given back until the table starts, whatever the phase: it frees it for others."""
    now = now or timezone.now()
    if table.starts_at <= now:
        return _("La mesa ya comenzó.")
    return None


def with_counts(qs: QuerySet[WorkingTable]) -> QuerySet[WorkingTable]:
    return qs.annotate(
        confirmed_count=Count(
            "registrations", filter=Q(registrations__status=RegistrationStatus.CONFIRMED), distinct=True
        ),
        waitlist_count=Count(
            "registrations", filter=Q(registrations__status=RegistrationStatus.WAITLIST), distinct=True
        ),
    )


def seats_left(table: WorkingTable) -> int:
    """Free seats; uses the annotation when the table came from a selector here."""
    confirmed = getattr(table, "confirmed_count", None)
    if confirmed is None:
        confirmed = table.registrations.filter(status=RegistrationStatus.CONFIRMED).count()
    return max(table.capacity - confirmed, 0)


def tables_visible_to(user) -> QuerySet[WorkingTable]:
    return WorkingTable.objects.filter(plan__in=plans_visible_to(user)).select_related("plan__state")


def public_tables() -> QuerySet[WorkingTable]:
    """Tables of public plans (the API and the open data)."""
    return WorkingTable.objects.filter(plan__in=public_plans())


def plan_tables(plan: ActionPlan) -> QuerySet[WorkingTable]:
    """The plan's tables with their counts, in one query whatever their number."""
    return with_counts(plan.working_tables.select_related("facilitator")).order_by("starts_at", "pk")


def upcoming_tables(user) -> QuerySet[WorkingTable]:
    return with_counts(tables_visible_to(user).filter(starts_at__gte=timezone.now(), status=TableStatus.SCHEDULED))


def table_get(*, user, pk: int) -> WorkingTable:
    """The table page's data in a fixed number of queries: 404 for whoever may not see it."""
    attendance = Attendance.objects.order_by("sector")
    links = (
        TableCommitment.objects.filter(commitment__is_deleted=False)
        .select_related("commitment")
        .order_by("commitment__number")
    )
    try:
        return (
            with_counts(tables_visible_to(user).filter(pk=pk))
            .select_related("facilitator", "minutes")
            .prefetch_related(Prefetch("attendance", queryset=attendance), Prefetch("commitment_links", queryset=links))
            .get()
        )
    except WorkingTable.DoesNotExist:
        raise Http404 from None


def registration_of(*, user, table: WorkingTable) -> Registration | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return Registration.objects.filter(table=table, user=user).first()


def attendance_by_sector(table: WorkingTable) -> list[tuple[str, str, int]]:
    """(sector, label, count) for every sector, zeros included; uses prefetched rows."""
    counts = {row.sector: row.count for row in table.attendance.all()}
    return [(value, label, counts.get(value, 0)) for value, label in Sector.choices]


def table_registrations(table: WorkingTable) -> QuerySet[Registration]:
    """For the STL running the table: who is in, who waits (names only, never e-mails)."""
    return (
        table.registrations.exclude(status=RegistrationStatus.CANCELLED)
        .select_related("user")
        .order_by("status", "waitlist_position", "created_at")
    )


def tables_for_commitment(commitment) -> list[WorkingTable]:
    """The working tables a commitment was born in, for the commitment page: one query.

    Each table carries ``link_note``, what the table contributed to the commitment (Markdown).
    A link is only ever made within one plan, so whoever sees the commitment may see its tables.
    """
    links = TableCommitment.objects.filter(commitment=commitment).select_related("table").order_by("table__starts_at")
    tables = []
    for link in links:
        link.table.link_note = link.note
        tables.append(link.table)
    return tables
