"""The staff gradebook as an XLSX workbook (write-only: memory stays flat)."""

from __future__ import annotations

import tempfile

from django.utils.translation import gettext as _

from apertus.core.exports import _csv_safe
from apertus.learning.selectors import Gradebook

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _cell(value):
    if value is None:
        return None
    # Names come from people: one starting with "=" must not become a formula.
    return _csv_safe(value) if isinstance(value, str) else float(value) if hasattr(value, "quantize") else value


def gradebook_header() -> list[str]:
    return [
        _("Entidad"),
        _("Fellow"),
        _("Cuestionarios"),
        _("Tareas"),
        _("Seminarios"),
        _("Entregable final"),
        _("Calificación"),
        _("Aprobó"),
    ]


def gradebook_rows(book: Gradebook):
    for row in book.rows:
        g = row.grade
        values = [g.quizzes, g.assignments, g.seminars, g.final, g.total] if g else [None] * 5
        passed = (_("Sí") if g.passed else _("No")) if g else ""
        yield [str(row.fellow.state or ""), row.fellow.user.public_name, *values, passed]


def gradebook_xlsx(book: Gradebook):
    """The workbook in a temporary file at its start; the response that streams it closes it."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    summary = workbook.create_sheet(_("Calificaciones"))
    summary.append(gradebook_header())
    for values in gradebook_rows(book):
        summary.append([_cell(v) for v in values])
    detail = workbook.create_sheet(_("Actividades"))
    detail.append([_("Entidad"), _("Fellow"), *[_cell(a.title) for a in book.activities]])
    for row in book.rows:
        detail.append(
            [_cell(str(row.fellow.state or "")), _cell(row.fellow.user.public_name), *[_cell(s) for s in row.scores]]
        )
    handle = tempfile.TemporaryFile()  # noqa: SIM115
    workbook.save(handle)
    handle.seek(0)
    return handle
