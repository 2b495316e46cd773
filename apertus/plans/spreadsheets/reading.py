"""Reading an uploaded sheet: what the file really is, then its rows as plain cells.

The type is decided by the bytes (``apertus.documents.validation``), never by the name. XLSX is
opened read-only (streamed) and with ``data_only=False``, so a formula is seen as a formula —
refused, never evaluated — instead of as a cached result.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from apertus.documents.validation import MIB, validate_upload
from apertus.plans.spreadsheets.export import COLUMNS, SHEET

MAX_ROWS = 5_000
MAX_XLSX_UNCOMPRESSED = 25 * MIB  # 5,000 real rows are about 5 MiB of XML


@dataclass
class RowError:
    row: int  # as in the spreadsheet: the header is row 1; 0 for the file as a whole
    column: str
    message: str
    letter: str = ""


class Refused(Exception):
    """The file as a whole cannot be used (type, size, header); its rows are not looked at."""

    def __init__(self, errors: list[RowError]):
        self.errors = errors
        super().__init__("; ".join(e.message for e in errors))


def file_error(message: str, row: int = 0) -> Refused:
    return Refused([RowError(row, "", message)])


class Formula(str):
    """The text of a cell that held a formula."""


def read_rows(upload) -> Iterator[tuple[int, list]]:
    """Yield (row number, cells) for the header and each row, or raise ``Refused``.

    Cells are strings, numbers, dates or None; an XLSX formula cell comes as a ``Formula``.
    """
    try:
        kind = validate_upload(upload, allowed=("office", "csv"))
    except ValidationError as exc:
        if exc.code == "unsupported":
            raise file_error(
                _(
                    "El archivo no es una hoja de cálculo XLSX ni un CSV en UTF-8. Sube el archivo que "
                    "descargaste de esta página (.xlsx o .csv), con tus cambios; si lo guardas como CSV, "
                    "elige «CSV UTF-8»."
                )
            ) from exc
        raise file_error(" ".join(exc.messages)) from exc
    if kind.kind == "csv":
        return _csv_rows(upload)
    if kind.extension != ".xlsx":
        raise file_error(
            _(
                "El archivo es un documento de Office pero no una hoja XLSX. Guárdalo como «Libro de Excel "
                "(.xlsx)» o como CSV UTF-8."
            )
        )
    return _xlsx_rows(upload)


def _csv_rows(upload) -> Iterator[tuple[int, list]]:
    upload.seek(0)
    text = upload.read().decode("utf-8-sig")  # validate_upload accepted it as UTF-8
    first_line = text.split("\n", 1)[0]
    # Spreadsheet programs set up with a decimal comma save CSV with semicolons.
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        yield from enumerate(reader, start=1)
    except csv.Error as exc:
        raise file_error(_("El CSV está mal formado cerca de la fila %(n)s.") % {"n": reader.line_num}) from exc


def _xlsx_rows(upload) -> Iterator[tuple[int, list]]:
    from openpyxl import load_workbook

    upload.seek(0)
    with zipfile.ZipFile(upload) as archive:  # validate_upload has checked it is a sound ZIP
        if sum(info.file_size for info in archive.infolist()) > MAX_XLSX_UNCOMPRESSED:
            raise file_error(_("La hoja de cálculo es demasiado grande. El máximo es %(n)s filas.") % {"n": MAX_ROWS})
    upload.seek(0)
    damaged = _("No se pudo leer la hoja de cálculo XLSX; puede estar dañada.")
    try:
        workbook = load_workbook(upload, read_only=True, data_only=False)
    except Exception as exc:  # openpyxl raises many types on damaged files; all mean "cannot read"
        raise file_error(damaged) from exc
    try:
        sheet = workbook[SHEET] if SHEET in workbook.sheetnames else workbook.worksheets[0]
        # Bounded width: a sheet may declare 16,384 columns; beyond these it is "extra columns" anyway.
        for number, row in enumerate(sheet.iter_rows(max_col=len(COLUMNS) + 10), start=1):
            yield number, [Formula(_formula_text(c.value)) if c.data_type == "f" else c.value for c in row]
    except Exception as exc:
        raise file_error(damaged) from exc
    finally:
        workbook.close()


def _formula_text(value) -> str:
    return str(getattr(value, "text", value))  # array formulas are objects holding their text
