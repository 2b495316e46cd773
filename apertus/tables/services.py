"""Writes about working tables: create and edit them, register and cancel seats, record what happened.

Seats are counted under a lock on the table's row (``select_for_update``; on SQLite the write
lock of the IMMEDIATE transaction does the same), so the capacity holds under concurrent
registrations, and a cancelled seat goes to the first person waiting in the same transaction.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apertus.accounts.models import User
from apertus.core.history import attribute, save_with_history
from apertus.core.permissions import has_perm, need, require
from apertus.core.validation import full_clean
from apertus.documents.models import DocumentKind
from apertus.documents.services import document_create
from apertus.notifications.services import notify
from apertus.tables.models import (
    Attendance,
    Registration,
    RegistrationStatus,
    Sector,
    TableCommitment,
    TableStatus,
    WorkingTable,
)
from apertus.tables.selectors import cancellation_closed_reason, registration_closed_reason

TABLE_FIELDS = [
    "title",
    "topic",
    "starts_at",
    "ends_at",
    "place",
    "online_url",
    "capacity",
    "facilitator",
    "facilitator_email",
    "facilitator_name",
    "status",
    "outcomes",
]


def _facilitator_fields(fields: dict) -> dict:
    """An e-mail given for whoever facilitates is kept as typed and linked to the active account that
    has it, if any. Nothing here tells the caller which happened."""
    if "facilitator_email" in fields:
        email = (fields["facilitator_email"] or "").strip().lower()
        fields["facilitator_email"] = email
        fields["facilitator"] = User.objects.filter(email__iexact=email, is_active=True).first() if email else None
    return fields


def table_create(
    *,
    actor,
    plan,
    title: str,
    starts_at,
    ends_at,
    capacity: int,
    topic: str = "",
    place: str = "",
    online_url: str = "",
    facilitator=None,
    facilitator_email: str | None = None,
    facilitator_name: str = "",
    status: str = TableStatus.SCHEDULED,
    outcomes: str = "",
) -> WorkingTable:
    """A new table of ``plan``. ``actor`` None means the system (demo, imports)."""
    require(actor, "tables.manage_table", plan)
    who = {"facilitator": facilitator}
    if facilitator_email is not None:
        who = _facilitator_fields({"facilitator_email": facilitator_email})
    table = WorkingTable(
        plan=plan,
        title=title,
        topic=topic,
        starts_at=starts_at,
        ends_at=ends_at,
        capacity=capacity,
        place=place,
        online_url=online_url,
        facilitator_name=facilitator_name,
        status=status,
        outcomes=outcomes,
        **who,
    )
    with transaction.atomic():
        save_with_history(table, actor)
    return table


def table_update(*, actor, table: WorkingTable, **fields) -> WorkingTable:
    """Change a table. More seats go at once to the people waiting; fewer seats never unseat anyone."""
    require(actor, "tables.manage_table", table)
    unknown = set(fields) - set(TABLE_FIELDS)
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")
    fields = _facilitator_fields(fields)
    with transaction.atomic():
        locked = WorkingTable.objects.select_for_update().get(pk=table.pk)
        for name, value in fields.items():
            setattr(locked, name, value)
        save_with_history(locked, actor)
        _fill_seats(locked)
    return locked


def registration_create(*, actor, table: WorkingTable) -> Registration:
    """Register ``actor`` for ``table``: a seat while there are any, else a place on the waiting list.

    Registering twice returns the registration the person already has (double clicks are harmless).
    """
    need(actor, "tables.register_table", table)
    reason = registration_closed_reason(table)
    if reason:
        raise ValidationError(reason, code="closed")
    with transaction.atomic():
        return _register(WorkingTable.objects.select_for_update().get(pk=table.pk), actor)


def _register(table: WorkingTable, user) -> Registration:
    """Seat or queue ``user``; the caller holds the lock on ``table``."""
    registration = Registration.objects.filter(table=table, user=user).first()
    if registration is not None and registration.status != RegistrationStatus.CANCELLED:
        return registration
    registration = registration or Registration(table=table, user=user)
    confirmed = table.registrations.filter(status=RegistrationStatus.CONFIRMED).count()
    if confirmed < table.capacity:
        registration.status, registration.waitlist_position = RegistrationStatus.CONFIRMED, None
    else:
        waiting = table.registrations.filter(status=RegistrationStatus.WAITLIST).count()
        registration.status, registration.waitlist_position = RegistrationStatus.WAITLIST, waiting + 1
    registration.attended = None
    full_clean(registration, validate_constraints=False)  # the unique constraint is the database's job
    registration.save()
    return registration


def registration_cancel(*, actor, registration: Registration) -> Registration:
    """Give a seat (or a place in line) back. The person, or whoever runs the table, may do it."""
    table = registration.table
    if actor is None or (actor.pk != registration.user_id and not has_perm(actor, "tables.manage_table", table)):
        raise PermissionDenied
    reason = cancellation_closed_reason(table)
    if reason:
        raise ValidationError(reason, code="closed")
    with transaction.atomic():
        return seat_release(WorkingTable.objects.select_for_update().get(pk=table.pk), registration.pk)


def seat_release(table: WorkingTable, registration_id: int) -> Registration:
    """Cancel a registration and give its seat to the next in line; the caller holds the table's lock."""
    registration = Registration.objects.get(pk=registration_id, table=table)
    if registration.status == RegistrationStatus.CANCELLED:
        return registration
    registration.status, registration.waitlist_position = RegistrationStatus.CANCELLED, None
    registration.save(update_fields=["status", "waitlist_position", "updated_at"])
    _fill_seats(table)
    return registration


def _fill_seats(table: WorkingTable) -> list[Registration]:
    """Give free seats to the first people waiting, then number the rest 1, 2, 3... Under the lock."""
    free = table.capacity - table.registrations.filter(status=RegistrationStatus.CONFIRMED).count()
    waiting = list(
        table.registrations.filter(status=RegistrationStatus.WAITLIST)
        .select_related("user")
        .order_by("waitlist_position", "created_at", "pk")
    )
    promoted = waiting[: max(free, 0)] if table.status == TableStatus.SCHEDULED else []
    for registration in promoted:
        registration.status, registration.waitlist_position = RegistrationStatus.CONFIRMED, None
        registration.save(update_fields=["status", "waitlist_position", "updated_at"])
        transaction.on_commit(lambda r=registration: _tell_promoted(r))
    changed = []
    for position, registration in enumerate(waiting[len(promoted) :], start=1):
        if registration.waitlist_position != position:
            registration.waitlist_position = position
            changed.append(registration)
    Registration.objects.bulk_update(changed, ["waitlist_position"])
    return promoted


def _tell_promoted(registration: Registration) -> None:

    table = registration.table
    notify(
        event="table_seat",
        recipients=[registration.user],
        title=_("Se liberó un lugar para ti en «%(title)s»") % {"title": table.title},
        body=_("Tu inscripción pasó de la lista de espera a confirmada."),
        url=table.get_absolute_url(),
        dedupe_key=f"table-seat:{registration.pk}:{int(registration.updated_at.timestamp())}",
        target=table,
    )


def attendance_record(
    *, actor, table: WorkingTable, counts: dict[str, int], attended: dict[int, bool | None] | None = None
) -> WorkingTable:
    """Record how many came by sector, and, optionally, who of the registered came.

    ``counts`` maps sectors to numbers (missing sectors are left as they are); ``attended`` maps
    registration ids of this table to True, False or None (unknown).
    """
    require(actor, "tables.manage_table", table)
    unknown = set(counts) - set(Sector.values)
    if unknown or any(int(n) < 0 for n in counts.values()):
        raise ValidationError(_("Los conteos deben ser números positivos de sectores conocidos."))
    attended = attended or {}
    registrations = {r.pk: r for r in Registration.objects.filter(table=table, pk__in=list(attended))}
    if set(attended) - set(registrations):
        raise ValidationError(_("Alguna inscripción no es de esta mesa."))
    existing = {row.sector: row for row in table.attendance.all()}
    with transaction.atomic():
        for sector, count in counts.items():
            row = existing.get(sector) or Attendance(table=table, sector=sector)
            if row.pk and row.count == int(count):
                continue  # unchanged rows are not saved again: the history shows real changes only
            row.count = int(count)
            save_with_history(row, actor)
        for pk, value in attended.items():
            if registrations[pk].attended != value:
                Registration.objects.filter(pk=pk).update(attended=value, updated_at=timezone.now())
    return table


def table_minutes_attach(*, actor, table: WorkingTable, upload, is_public: bool = True) -> WorkingTable:
    """Keep the minutes as a Document of the plan's state and link it to the table."""
    require(actor, "tables.manage_table", table)
    day = timezone.localdate(table.starts_at)
    with transaction.atomic():
        table.minutes = document_create(
            actor=actor,
            upload=upload,
            title=f"Minuta · {table.title} · {day.isoformat()}"[:255],
            kind=DocumentKind.MINUTES,
            date=day,
            state=table.plan.state,
            is_public=is_public,
        )
        save_with_history(table, actor)
    return table


def table_commitment_link(*, actor, table: WorkingTable, commitment, note: str = "") -> TableCommitment:
    """Record that ``commitment`` was born in (or shaped by) ``table``; both of the same plan."""
    require(actor, "tables.manage_table", table)
    if commitment.plan_id != table.plan_id or commitment.is_deleted:
        raise ValidationError({"commitment": _("El compromiso no es de este plan.")})
    link = TableCommitment.objects.filter(table=table, commitment=commitment).first()
    link = link or TableCommitment(table=table, commitment=commitment)
    link.note = note
    with transaction.atomic():
        save_with_history(link, actor)
    return link


def table_commitment_unlink(*, actor, link: TableCommitment) -> None:
    require(actor, "tables.manage_table", link.table)
    with transaction.atomic():
        attribute(link, actor)
        link.delete()
