"""What the tables app holds about a person: their download (``/mi-cuenta/datos.json``), and what goes
when they leave."""

from __future__ import annotations

from django.utils import timezone

from apertus.tables.models import Registration, RegistrationStatus, WorkingTable
from apertus.tables.services import seat_release


def personal_data(user) -> list[dict]:
    rows = Registration.objects.filter(user=user).select_related("table__plan__state").order_by("created_at")
    return [
        {
            "mesa": r.table.title,
            "mesa_url": r.table.get_absolute_url(),
            "entidad": r.table.plan.state.short_name,
            "inicio": r.table.starts_at,
            "estatus": r.status,
            "lugar_en_lista_de_espera": r.waitlist_position,
            "asistio": r.attended,
            "inscrita_el": r.created_at,
        }
        for r in rows
    ]


def forget(user) -> None:
    """Account deletion: give back the person's seats in tables still to come (the next in line
    gets them). Past registrations stay, as the attendance record."""
    upcoming = (
        Registration.objects.filter(user=user, table__starts_at__gt=timezone.now())
        .exclude(status=RegistrationStatus.CANCELLED)
        .values_list("table_id", "pk")
    )
    for table_id, pk in list(upcoming):
        seat_release(WorkingTable.objects.select_for_update().get(pk=table_id), pk)
