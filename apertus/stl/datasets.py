"""Open data of the STLs: members, sessions and agreements of published STLs only.

Registered with the portal's catalogue when the app loads (``StlConfig.ready``).
"""

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apertus.core.datasets import Dataset, Place, col, label_col, register
from apertus.stl.models import SECTOR_CHOICES, AgreementStatus, MemberRole


def _members():
    from apertus.stl.models import Member, MemberStatus

    return (
        Member.objects.filter(stl__is_published=True, status=MemberStatus.APPROVED)
        .select_related("stl__state", "organization")
        .order_by("stl__state__code", "sector", "display_name", "pk")
        .iterator(chunk_size=1000)
    )


def _sessions():
    from apertus.stl.models import AttendanceStatus, Session

    return (
        Session.objects.filter(stl__is_published=True)
        .select_related("stl__state")
        .annotate(
            present=Count("attendance", filter=Q(attendance__status=AttendanceStatus.PRESENT), distinct=True),
            absent=Count("attendance", filter=Q(attendance__status=AttendanceStatus.ABSENT), distinct=True),
            excused=Count("attendance", filter=Q(attendance__status=AttendanceStatus.EXCUSED), distinct=True),
            agreements_total=Count("agreements", distinct=True),
        )
        .order_by("stl__state__code", "starts_at", "pk")
        .iterator(chunk_size=1000)
    )


def _agreements():
    from apertus.stl.models import Agreement

    return (
        Agreement.objects.filter(session__stl__is_published=True)
        .select_related("session__stl__state", "owner_member__organization", "owner_organization")
        .order_by("session__stl__state__code", "session__starts_at", "pk")
        .iterator(chunk_size=1000)
    )


def _iso(value):
    return value.isoformat() if value else ""


def _local(value):
    return timezone.localtime(value).isoformat(timespec="minutes") if value else ""


register(
    Dataset(
        slug="stl-integrantes",
        title=_("Integrantes de los Secretariados Técnicos Locales"),
        description=_(
            "Quién integra (o integró) cada STL publicado: nombre, organización, sector, cargo y periodo. "
            "Sin datos de contacto."
        ),
        source="Apertus",
        columns=[
            col("clave_entidad", _("Clave INEGI de la entidad"), lambda m: m.stl.state.code),
            col("entidad", _("Entidad"), lambda m: m.stl.state.short_name),
            col("nombre", _("Nombre de la persona integrante"), "display_name"),
            col("organizacion", _("Organización que representa"), lambda m: m.organization.name),
            col(
                "sector",
                _("Sector: gobierno, sociedad_civil u organo_garante"),
                "sector",
                enum=[code for code, _label in SECTOR_CHOICES],
            ),
            label_col("sector_etiqueta", _("Nombre del sector"), "sector", SECTOR_CHOICES),
            col(
                "cargo",
                _("Cargo en el STL (secretaria_tecnica, representante, suplente, invitado)"),
                "role",
                enum=MemberRole.values,
            ),
            label_col("cargo_etiqueta", _("Nombre del cargo en el STL"), "role", MemberRole.choices),
            col("fecha_alta", _("Fecha de alta (AAAA-MM-DD)"), lambda m: _iso(m.start_date)),
            col("fecha_baja", _("Fecha de baja (vacío si sigue activa)"), lambda m: _iso(m.end_date)),
        ],
        rows=_members,
        keywords=("STL", "secretariado técnico local", "gobierno abierto"),
        foreign_keys=((("clave_entidad",), "entidades", ("clave_inegi",)),),
    )
)
register(
    Dataset(
        slug="stl-sesiones",
        title=_("Sesiones de los Secretariados Técnicos Locales"),
        description=_("Cada sesión de los STL publicados, con su orden del día, asistencia y número de acuerdos."),
        source="Apertus",
        columns=[
            col("id", _("Identificador de la sesión"), "pk", "integer", required=True),
            col("clave_entidad", _("Clave INEGI de la entidad"), lambda s: s.stl.state.code),
            col("entidad", _("Entidad"), lambda s: s.stl.state.short_name),
            col("fecha_hora", _("Fecha y hora local (ISO 8601)"), lambda s: _local(s.starts_at)),
            col("lugar", _("Lugar"), "place"),
            col("enlace_en_linea", _("Enlace de la sesión en línea"), "online_url"),
            col("orden_del_dia", _("Orden del día (Markdown)"), "agenda"),
            col("presentes", _("Integrantes presentes"), "present", "integer", minimum=0),
            col("ausentes", _("Integrantes ausentes"), "absent"),
            col("ausencias_justificadas", _("Ausencias justificadas"), "excused"),
            col("acuerdos", _("Número de acuerdos tomados"), "agreements_total"),
        ],
        rows=_sessions,
        keywords=("STL", "sesiones", "gobierno abierto"),
        goals=("16",),
        periodicity="continuous",
        primary_key=("id",),
        foreign_keys=((("clave_entidad",), "entidades", ("clave_inegi",)),),
        place=Place("clave_entidad", located=lambda row: bool(row["lugar"])),  # online only: no point
    )
)
register(
    Dataset(
        slug="stl-acuerdos",
        title=_("Acuerdos de los Secretariados Técnicos Locales"),
        description=_("Los acuerdos de cada sesión de los STL publicados y su seguimiento."),
        source="Apertus",
        columns=[
            col("id", _("Identificador del acuerdo"), "pk", "integer", required=True),
            col("sesion_id", _("Identificador de la sesión (ver stl-sesiones)"), "session_id", "integer"),
            col("clave_entidad", _("Clave INEGI de la entidad"), lambda a: a.session.stl.state.code),
            col(
                "fecha_sesion",
                _("Fecha de la sesión (AAAA-MM-DD)"),
                lambda a: _iso(timezone.localdate(a.session.starts_at)),
            ),
            col("acuerdo", _("Texto del acuerdo (Markdown)"), "text"),
            col("responsable", _("Integrante u organización responsable"), "owner_name"),
            col("fecha_compromiso", _("Fecha compromiso (AAAA-MM-DD)"), lambda a: _iso(a.due_date)),
            col(
                "estado",
                _("Seguimiento: pendiente, en_proceso, cumplido o cancelado"),
                "status",
                enum=AgreementStatus.values,
            ),
            label_col("estado_etiqueta", _("Nombre del estado del seguimiento"), "status", AgreementStatus.choices),
        ],
        rows=_agreements,
        keywords=("STL", "acuerdos", "gobierno abierto"),
        periodicity="continuous",
        primary_key=("id",),
        foreign_keys=((("sesion_id",), "stl-sesiones", ("id",)),),
    )
)
