"""Import a progress sheet: check every row, then apply all of them in one transaction, or none."""

from __future__ import annotations

from contextlib import closing
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils.translation import gettext as _
from openpyxl.utils import get_column_letter

from apertus.core.concurrency import EditConflict
from apertus.core.permissions import need
from apertus.plans import services
from apertus.plans.models import Milestone, MilestoneStatus
from apertus.plans.services.milestones import _check_status
from apertus.plans.spreadsheets.export import COLUMNS, plan_milestones
from apertus.plans.spreadsheets.reading import MAX_ROWS, Formula, Refused, RowError, file_error, read_rows

MAX_NOTE = 10_000
MAX_ERRORS = 200  # past this many problems the rest of the rows are counted, not checked
_FIELD_TO_COLUMN = {
    "status": "estatus",
    "progress": "avance",
    "url": "evidencia_url",
    "description": "evidencia_descripcion",
    "note": "nota",
}
_INVALID = object()  # a cell already reported (a formula): no second message about it


@dataclass
class ImportResult:
    errors: list[RowError] = field(default_factory=list)
    rows: int = 0
    reports: int = 0
    evidence: int = 0
    unchanged: int = 0
    kept_newer: int = 0  # rows not edited whose milestone changed on the web since the download
    truncated: bool = False  # stopped checking after MAX_ERRORS problems
    applied: list[dict] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


@dataclass
class Change:
    row: int
    milestone: Milestone
    status: str
    progress: int
    note: str
    url: str
    description: str
    version: int

    @property
    def differs(self) -> bool:
        m = self.milestone
        return bool(self.status != m.status or self.progress != m.progress or self.note or self.url)


def progress_import(*, actor, plan, upload) -> ImportResult:
    """Check every row of ``upload``; only if all are good, apply them all in one transaction."""
    need(actor, "plans.report_progress", plan)
    result = ImportResult()
    try:
        changes = _check_file(plan, upload, result)
    except Refused as exc:
        result.errors = exc.errors
        return result
    if not result.errors:
        _apply(actor, changes, result)
    result.errors.sort(key=lambda e: e.row)
    return result


def _check_file(plan, upload, result: ImportResult) -> list[Change]:
    milestones = {m.pk: m for m in plan_milestones(plan).select_related("commitment__plan")}
    positions, seen, changes = None, {}, []
    with closing(read_rows(upload)) as rows:
        for number, cells in rows:
            if positions is None:
                positions = _check_header(cells, number)
            elif not all(_blank(cell) for cell in cells):  # spreadsheet programs keep empty rows at the end
                result.rows += 1
                if result.rows > MAX_ROWS:
                    raise file_error(
                        _("El archivo tiene más de %(n)s filas; divídelo en archivos de %(n)s filas o menos.")
                        % {"n": MAX_ROWS},
                        row=number,
                    )
                if len(result.errors) >= MAX_ERRORS:
                    result.truncated = True  # enough to fix first; the rows are still counted
                    continue
                change = _RowChecker(number, cells, positions, result.errors).check(milestones, seen)
                if change is not None:
                    changes.append(change)
    if positions is None:
        raise file_error(_("El archivo está vacío: no tiene la fila de encabezados."))
    differing = [c for c in changes if c.differs]
    result.unchanged = len(changes) - len(differing)
    return _settle_versions(differing, result)


def _blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _check_header(cells: list, number: int) -> dict[str, int]:
    """Column name -> position. The header must hold exactly ``COLUMNS``, in any order."""
    names = ["" if _blank(c) else str(c).strip().lower() for c in cells]
    while names and not names[-1]:
        names.pop()
    errors, positions = [], {}
    for index, name in enumerate(names):
        letter = get_column_letter(index + 1)
        if name in positions:
            errors.append(RowError(number, name, _("La columna está repetida."), letter))
        elif name not in COLUMNS:
            errors.append(
                RowError(
                    number,
                    name or "—",
                    _("Columna desconocida: el archivo debe tener exactamente las columnas de la descarga."),
                    letter,
                )
            )
        positions.setdefault(name, index)
    errors += [RowError(number, name, _("Falta esta columna.")) for name in COLUMNS if name not in positions]
    if errors:
        raise Refused(errors)
    return positions


def _text(value) -> str:
    if value is None or value is _INVALID:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _integer(value) -> int | None:
    if isinstance(value, bool) or value is None or value is _INVALID:
        return None
    if isinstance(value, int):
        return value
    text = _text(value).rstrip("%").strip().replace(",", ".")
    try:
        number = float(text)
    except ValueError:
        return None
    return int(number) if number.is_integer() else None


def _status(value) -> str | None:
    """The status code, from the code itself or its label, whatever the case ("En proceso")."""
    text = _text(value).lower().replace(" ", "_")
    labels = {str(label).lower().replace(" ", "_"): code for code, label in MilestoneStatus.choices}
    return text if text in MilestoneStatus.values else labels.get(text)


class _RowChecker:
    """Checks one row and records every problem in it (not only the first), with its column."""

    def __init__(self, number: int, cells: list, positions: dict[str, int], errors: list[RowError]):
        self.number, self.positions, self.errors = number, positions, errors
        self.row = {name: self._cell(cells, name, index) for name, index in positions.items()}
        beyond = [i for i in range(len(positions), len(cells)) if not _blank(cells[i])]
        if beyond:
            self.errors.append(
                RowError(
                    number, "—", _("Hay datos fuera de las columnas del archivo."), get_column_letter(beyond[0] + 1)
                )
            )

    def _cell(self, cells: list, name: str, index: int):
        value = cells[index] if index < len(cells) else None
        if isinstance(value, Formula) or (isinstance(value, str) and value.lstrip().startswith("=")):
            self.error(
                name, _("La celda contiene una fórmula, y las fórmulas no se aceptan. Escribe el valor sin «=».")
            )
            return _INVALID
        return value

    def error(self, column: str, message: str) -> None:
        letter = get_column_letter(self.positions[column] + 1) if column in self.positions else ""
        self.errors.append(RowError(self.number, column, message, letter))

    def integer(self, column: str, message: str) -> int | None:
        value = self.row[column]
        number = _integer(value)
        if number is None and value is not _INVALID:
            self.error(column, message)
        return number

    def check(self, milestones: dict, seen: dict) -> Change | None:
        before = len(self.errors)
        milestone = self.identity(milestones, seen)
        status, progress = self.progress()
        note, url, description = self.texts()
        version = self.integer("version", _("Debe ser el número de versión que trae la descarga."))
        if len(self.errors) > before or milestone is None:
            return None
        return Change(self.number, milestone, status, progress, note, url, description, version)

    def identity(self, milestones: dict, seen: dict) -> Milestone | None:
        pk = self.integer("hito_id", _("Debe ser el número de hito que trae la descarga."))
        if pk is None:
            return None
        milestone = milestones.get(pk)
        if milestone is None:
            self.error("hito_id", _("El hito %(id)s no pertenece a este plan o fue eliminado.") % {"id": pk})
            return None
        if pk in seen:
            self.error(
                "hito_id",
                _("El hito %(id)s está repetido: ya aparece en la fila %(row)s.") % {"id": pk, "row": seen[pk]},
            )
            return None
        seen[pk] = self.number
        numbers = (self.integer("compromiso", _("Debe ser un número.")), self.integer("hito", _("Debe ser un número.")))
        if None not in numbers and numbers != (milestone.commitment.number, milestone.number):
            self.error(
                "hito",
                _("No coincide con el hito %(id)s, que es el hito %(h)s del compromiso %(c)s.")
                % {"id": pk, "h": milestone.number, "c": milestone.commitment.number},
            )
        return milestone

    def progress(self) -> tuple[str | None, int | None]:
        status = _status(self.row["estatus"])
        if status is None and self.row["estatus"] is not _INVALID:
            self.error(
                "estatus",
                _("Estatus desconocido «%(v)s». Usa uno de: %(allowed)s.")
                % {"v": _text(self.row["estatus"])[:40], "allowed": ", ".join(MilestoneStatus.values)},
            )
        progress = self.integer("avance", _("El avance debe ser un número entero entre 0 y 100."))
        if progress is not None and not 0 <= progress <= 100:
            self.error("avance", _("El avance debe ser un número entero entre 0 y 100."))
            progress = None
        if status is not None and progress is not None:
            try:
                _check_status(status, progress)  # the service's own rule, so the two never disagree
            except ValidationError as exc:
                for name, messages in exc.message_dict.items():
                    self.error(_FIELD_TO_COLUMN.get(name, "estatus"), " ".join(messages))
        return status, progress

    def texts(self) -> tuple[str, str, str]:
        note, url, description = (_text(self.row[c]) for c in ("nota", "evidencia_url", "evidencia_descripcion"))
        if len(note) > MAX_NOTE:
            self.error("nota", _("La nota es demasiado larga (máximo %(n)s caracteres).") % {"n": MAX_NOTE})
        if url and not _valid_url(url):
            self.error(
                "evidencia_url",
                _(
                    "El enlace debe ser una dirección completa que empiece con http:// o "
                    "https:// (máximo 500 caracteres)."
                ),
            )
        if url and not description:
            self.error("evidencia_descripcion", _("Describe la evidencia enlazada."))
        if description and not url:
            self.error(
                "evidencia_url", _("Falta el enlace de la evidencia descrita (en la hoja solo se aceptan enlaces).")
            )
        if len(description) > 500:
            self.error("evidencia_descripcion", _("La descripción es demasiado larga (máximo 500 caracteres)."))
        return note, url, description


def _valid_url(url: str) -> bool:
    try:
        URLValidator(schemes=["http", "https"])(url)
    except ValidationError:
        return False
    return len(url) <= 500


def _settle_versions(changes: list[Change], result: ImportResult) -> list[Change]:
    """Rows based on an older version of their milestone: untouched ones stand aside, edited ones conflict.

    "Untouched" means status and progress equal what the download carried (the milestone's history
    at that version) and no note or evidence was added. One query for all stale rows.
    """
    stale = [c for c in changes if c.version != c.milestone.version]
    if not stale:
        return changes
    history = Milestone.history.model.objects.filter(
        id__in=[c.milestone.pk for c in stale], version__in={c.version for c in stale}
    )
    downloaded = {(h.id, h.version): (h.status, h.progress) for h in history.order_by("history_date", "history_id")}
    for change in stale:
        was = downloaded.get((change.milestone.pk, change.version))
        if was == (change.status, change.progress) and not (change.note or change.url):
            result.kept_newer += 1
            continue
        m = change.milestone
        result.errors.append(
            RowError(
                change.row,
                "version",
                _(
                    "Conflicto: otra persona actualizó este hito después de tu descarga (versión %(yours)s en tu archivo; "
                    "ahora es la %(theirs)s, con estatus «%(status)s» y %(progress)s%% de avance). Descarga el archivo de "
                    "nuevo y repite tu cambio en esa fila."
                )
                % {
                    "yours": change.version,
                    "theirs": m.version,
                    "status": m.get_status_display(),
                    "progress": m.progress,
                },
            )
        )
    return [c for c in changes if c.version == c.milestone.version]


def _apply(actor, changes: list[Change], result: ImportResult) -> None:
    """All rows in one transaction, through the service; the first failure undoes everything."""
    current = None
    try:
        with transaction.atomic():
            for current in changes:
                _report(actor, current, result)
    except EditConflict:
        result.errors = [
            RowError(
                current.row,
                "version",
                _("Conflicto: otra persona actualizó este hito mientras se importaba el archivo."),
            )
        ]
    except ValidationError as exc:
        messages = exc.message_dict if hasattr(exc, "error_dict") else {"": exc.messages}
        result.errors = [
            RowError(current.row, _FIELD_TO_COLUMN.get(name, "—"), " ".join(texts)) for name, texts in messages.items()
        ]
    if result.errors:
        result.reports, result.evidence, result.applied = 0, 0, []


def _report(actor, change: Change, result: ImportResult) -> None:
    m = change.milestone
    evidence = [{"description": change.description, "url": change.url}] if change.url else []
    services.progress_report(
        actor=actor,
        milestone=m,
        progress=change.progress,
        status=change.status,
        note=change.note,
        expected_version=change.version,
        new_evidence=evidence,
        source="spreadsheet",
    )
    result.reports += 1
    result.evidence += len(evidence)
    result.applied.append(
        {
            "row": change.row,
            "commitment": m.commitment.number,
            "number": m.number,
            "title": m.title,
            "before_status": m.get_status_display(),
            "before": m.progress,
            "after_status": MilestoneStatus(change.status).label,
            "after": change.progress,
        }
    )
