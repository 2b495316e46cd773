"""Open data for working tables of published plans: when, how big, and how many came by sector.

Counts only: never who registered or came.
"""

from django.utils.translation import gettext_lazy as _

from apertus.core.datasets import Dataset, Place, col, label_col, register
from apertus.tables.models import Sector, TableStatus

MODES = (("presencial", _("Presencial")), ("en_linea", _("En línea")), ("mixta", _("Mixta")))


def _tables():
    from django.db.models import Count, Q

    from apertus.tables.models import RegistrationStatus
    from apertus.tables.selectors import public_tables

    tables = (
        public_tables()
        .select_related("plan__state")
        .prefetch_related("attendance")
        .annotate(
            confirmed_count=Count(
                "registrations", filter=Q(registrations__status=RegistrationStatus.CONFIRMED), distinct=True
            ),
            waitlist_count=Count(
                "registrations", filter=Q(registrations__status=RegistrationStatus.WAITLIST), distinct=True
            ),
            commitment_count=Count(
                "commitment_links", filter=Q(commitment_links__commitment__is_deleted=False), distinct=True
            ),
        )
        .order_by("plan__state__code", "starts_at", "pk")
    )
    return tables.iterator(chunk_size=500)


def _mode(table) -> str:
    if table.place and table.online_url:
        return "mixta"
    return "en_linea" if table.online_url else "presencial"


def _attendance(sector):
    def value(table):
        return next((row.count for row in table.attendance.all() if row.sector == sector), 0)

    return value


register(
    Dataset(
        slug="mesas-de-trabajo",
        title=_("Mesas de trabajo"),
        description=_(
            "Mesas de trabajo de la cocreación de los planes publicados: fechas, cupo, inscripciones y "
            "asistencia por sector. Solo cifras, sin datos personales."
        ),
        columns=[
            col("id", _("Identificador de la mesa"), "pk", "integer", required=True),
            col("plan_id", _("Identificador del plan"), "plan_id", "integer"),
            col("clave_entidad", _("Clave INEGI de la entidad"), lambda t: t.plan.state.code),
            col("titulo", _("Título"), "title"),
            col("inicio", _("Inicio (ISO 8601)"), lambda t: t.starts_at.isoformat()),
            col("fin", _("Término (ISO 8601)"), lambda t: t.ends_at.isoformat()),
            col(
                "modalidad", _("Modalidad: presencial, en_linea o mixta"), _mode, enum=[code for code, _label in MODES]
            ),
            label_col("modalidad_etiqueta", _("Nombre de la modalidad"), _mode, MODES),
            col("estatus", _("Estatus: programada, realizada o cancelada"), "status", enum=TableStatus.values),
            label_col("estatus_etiqueta", _("Nombre del estatus"), "status", TableStatus.choices),
            col("cupo", _("Cupo"), "capacity", "integer", minimum=1),
            col("inscripciones_confirmadas", _("Inscripciones confirmadas"), "confirmed_count"),
            col("lista_de_espera", _("Personas en lista de espera"), "waitlist_count"),
            *[
                col(f"asistencia_{value}", _("Asistencia: %(sector)s") % {"sector": label}, _attendance(value))
                for value, label in Sector.choices
            ],
            col("asistencia_total", _("Asistencia total"), lambda t: sum(row.count for row in t.attendance.all())),
            col("compromisos_vinculados", _("Compromisos del plan surgidos de la mesa"), "commitment_count"),
        ],
        rows=_tables,
        keywords=("cocreación", "mesas de trabajo", "gobierno abierto"),
        periodicity="continuous",
        primary_key=("id",),
        foreign_keys=((("plan_id",), "planes", ("id",)),),
        place=Place("clave_entidad", located=lambda row: row["modalidad"] != "en_linea"),
    )
)
