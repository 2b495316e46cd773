"""What the tables app holds about a person, for their download (``/mi-cuenta/datos.json``)."""

from apertus.tables.models import Registration


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
