"""The milestones sheet: the same columns in XLSX (write-only, flat memory) and CSV (streamed)."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator

from django.utils.translation import gettext as _

from apertus.core.exports import _csv_safe
from apertus.plans.models import Milestone, MilestoneStatus

COLUMNS = [
    "hito_id",
    "compromiso",
    "compromiso_titulo",
    "hito",
    "hito_titulo",
    "inicio",
    "fin",
    "peso",
    "estatus",
    "avance",
    "version",
    "nota",
    "evidencia_url",
    "evidencia_descripcion",
]
EDITABLE = ["estatus", "avance", "nota", "evidencia_url", "evidencia_descripcion"]
SHEET = "Hitos"


def plan_milestones(plan):
    """The plan's live milestones of live commitments, in plan order."""
    return (
        Milestone.objects.filter(commitment__plan=plan, commitment__is_deleted=False)
        .select_related("commitment")
        .order_by("commitment__number", "number", "pk")
    )


def milestone_rows(plan) -> Iterator[list]:
    for m in plan_milestones(plan).iterator(chunk_size=1000):
        c = m.commitment
        yield [
            m.pk,
            c.number,
            c.title,
            m.number,
            m.title,
            m.start_date,
            m.end_date,
            m.weight,
            m.status,
            m.progress,
            m.version,
            "",
            "",
            "",
        ]


def write_xlsx(plan, target) -> None:
    """Write the milestones workbook to the binary file ``target``."""
    from openpyxl import Workbook

    from apertus.plans.spreadsheets.reading import MAX_ROWS

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(SHEET)
    sheet.append(COLUMNS)
    for row in milestone_rows(plan):
        # The CSV's neutralising: a title starting with "=" must not turn into a formula.
        sheet.append([_csv_safe(value) if isinstance(value, str) else value for value in row])
    notes = workbook.create_sheet(_("Instrucciones"))
    for line in instructions(MAX_ROWS):
        notes.append([line])
    workbook.save(target)


def xlsx_file(plan):
    """The workbook in a temporary file at its start; the response that streams it closes it."""
    handle = tempfile.TemporaryFile()  # noqa: SIM115
    write_xlsx(plan, handle)
    handle.seek(0)
    return handle


def instructions(max_rows: int) -> list[str]:
    statuses = ", ".join(f"{value} ({label})" for value, label in MilestoneStatus.choices)
    return [
        _("Edita solo las columnas estatus, avance, nota, evidencia_url y evidencia_descripcion."),
        _("estatus: uno de %(s)s.") % {"s": statuses},
        _("avance: número entero de 0 a 100. Un hito completado tiene 100; uno no iniciado, 0."),
        _(
            "nota: qué se hizo (opcional). evidencia_url: enlace que empiece con http:// o https://, "
            "con su evidencia_descripcion."
        ),
        _("No cambies hito_id, compromiso, hito ni version: sirven para detectar cambios hechos por otras personas."),
        _("No escribas fórmulas (celdas que empiezan con «=»): se rechazan."),
        _("Máximo %(n)s filas por archivo.") % {"n": max_rows},
    ]
