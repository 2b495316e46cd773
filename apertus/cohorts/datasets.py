"""Open data of the program indicators: one long table (a row per figure), for every cohort and all
of them together. The same rows, with the same small-group protection, feed the CSV of the
indicators page, its XLSX and the open-data catalogue.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from apertus.cohorts.indicators import SUPPRESSED, Crossing, Indicators, Mean, Rate, indicators
from apertus.core.datasets import Dataset, col, label_col, register
from apertus.core.exports import _csv_safe, stream_csv
from apertus.program.models import ProgramPhase

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ALL = "todas"


@dataclass
class Row:
    generacion: str
    indicador: str
    desglose: str
    clave_entidad: str = ""
    entidad: str = ""
    categoria: str = ""
    categoria_nombre: str = ""
    valor: str = ""
    base: str = ""
    unidad: str = ""
    nota: str = ""


def _hidden_note() -> str:
    return _("oculto: menos de 3 personas")


def _counts(generation: str, indicator: str, crossing: Crossing, extra_sectors=None) -> Iterator[Row]:
    unit = _("personas")
    yield Row(generation, indicator, "total", valor=str(crossing.total), unidad=unit)
    for row in crossing.rows:
        yield Row(
            generation, indicator, "entidad", row.state.code, row.state.label, valor=str(row.state.count), unidad=unit
        )
    for column in crossing.columns:
        yield Row(
            generation,
            indicator,
            "genero",
            categoria=column.key,
            categoria_nombre=column.label,
            valor=str(column.count),
            unidad=unit,
        )
    for sector in extra_sectors or []:
        yield Row(
            generation,
            indicator,
            "sector",
            categoria=sector.key,
            categoria_nombre=sector.label,
            valor=str(sector.count),
            unidad=unit,
        )
    for row in crossing.rows:
        for column, cell in zip(crossing.columns, row.cells, strict=True):
            yield Row(
                generation,
                indicator,
                "entidad_genero",
                row.state.code,
                row.state.label,
                column.key,
                column.label,
                cell.display,
                unidad=unit,
                nota=_hidden_note() if cell.suppressed else "",
            )


def _rates(generation: str, indicator: str, overall: Rate, by_gender: list[Rate]) -> Iterator[Row]:
    for breakdown, rate in [("total", overall), *(("genero", r) for r in by_gender)]:
        percent = rate.percent
        yield Row(
            generation,
            indicator,
            breakdown,
            categoria="" if breakdown == "total" else rate.key,
            categoria_nombre="" if breakdown == "total" else rate.label,
            valor="" if percent is None else str(percent),
            base=str(rate.base),
            unidad=_("porcentaje"),
            nota=_hidden_note() if rate.suppressed else "",
        )


def _means(generation: str, overall: Mean | None, by_gender: list[Mean]) -> Iterator[Row]:
    if overall is None:
        return
    for breakdown, mean in [("total", overall), *(("genero", m) for m in by_gender)]:
        value = mean.mean
        yield Row(
            generation,
            "satisfaccion",
            breakdown,
            categoria="" if breakdown == "total" else mean.key,
            categoria_nombre="" if breakdown == "total" else mean.label,
            valor="" if value is None else str(value),
            base=str(mean.n),
            unidad=_("puntaje de 1 a 5"),
            nota=_hidden_note() if mean.suppressed else "",
        )


def indicator_rows(ind: Indicators) -> Iterator[Row]:
    generation = str(ind.phase.year) if ind.phase else ALL
    yield from _counts(generation, "aspirantes", ind.applicants)
    yield from _counts(generation, "fellows", ind.fellows, ind.fellows_by_sector)
    yield from _rates(generation, "conclusion", ind.completion, ind.completion_by_gender)
    yield from _rates(generation, "aprobacion", ind.passing, ind.passing_by_gender)
    yield Row(generation, "constancias", "total", valor=str(ind.certificates), unidad=_("constancias"))
    yield from _means(generation, ind.satisfaction, ind.satisfaction_by_gender)


def _all_rows() -> Iterator[Row]:
    yield from indicator_rows(indicators())
    for phase in ProgramPhase.objects.order_by("number"):
        yield from indicator_rows(indicators(phase=phase))


INDICATORS = (
    ("aspirantes", gettext_lazy("Aspirantes")),
    ("fellows", gettext_lazy("Fellows seleccionados")),
    ("conclusion", gettext_lazy("Conclusión del curso")),
    ("aprobacion", gettext_lazy("Aprobación del curso")),
    ("constancias", gettext_lazy("Constancias emitidas")),
    ("satisfaccion", gettext_lazy("Satisfacción con el curso")),
)
BREAKDOWNS = (
    ("total", gettext_lazy("Total")),
    ("entidad", gettext_lazy("Por entidad")),
    ("genero", gettext_lazy("Por género")),
    ("sector", gettext_lazy("Por sector")),
    ("entidad_genero", gettext_lazy("Por entidad y género")),
)

COLUMNS = [
    col("generacion", gettext_lazy("Año de la generación, o «todas» para el conjunto del programa"), "generacion"),
    col(
        "indicador",
        gettext_lazy("aspirantes, fellows, conclusion, aprobacion, constancias o satisfaccion"),
        "indicador",
        enum=[code for code, _label in INDICATORS],
    ),
    label_col("indicador_nombre", gettext_lazy("Nombre del indicador"), "indicador", INDICATORS),
    col(
        "desglose",
        gettext_lazy("total, entidad, genero, sector o entidad_genero (cruce)"),
        "desglose",
        enum=[code for code, _label in BREAKDOWNS],
    ),
    label_col("desglose_nombre", gettext_lazy("Nombre del desglose"), "desglose", BREAKDOWNS),
    col("clave_entidad", gettext_lazy("Clave INEGI de la entidad (desgloses por entidad)"), "clave_entidad"),
    col("entidad", gettext_lazy("Nombre de la entidad"), "entidad"),
    col("categoria", gettext_lazy("Clave del género o del sector"), "categoria"),
    col("categoria_nombre", gettext_lazy("Nombre del género o del sector"), "categoria_nombre"),
    col(
        "valor",
        gettext_lazy(
            "Número de personas, porcentaje (punto decimal) o puntaje medio; «<3» o vacío si "
            "se oculta por ser un grupo de menos de 3 personas"
        ),
        "valor",
    ),
    col("base", gettext_lazy("Personas sobre las que se calcula un porcentaje o un promedio"), "base"),
    col("unidad", gettext_lazy("Unidad del valor"), "unidad"),
    col("nota", gettext_lazy("Por qué una cifra no se muestra"), "nota"),
]

DATASET = Dataset(
    slug="indicadores-del-programa",
    title=gettext_lazy("Indicadores del programa"),
    description=gettext_lazy(
        "Aspirantes y fellows por entidad, género y sector; conclusión del curso, aprobación y satisfacción por "
        "género; constancias emitidas. Por generación y para todo el programa. Los grupos de menos de 3 personas "
        "del cruce entidad × género se muestran como «<3»."
    ),
    source="Apertus",
    columns=COLUMNS,
    rows=_all_rows,
    keywords=("indicadores", "fellows", "programa"),
    goals=("5", "16"),
)
register(DATASET)


def _file_suffix(phase) -> str:
    return str(phase.year) if phase else ALL


def indicators_csv(phase):
    rows = ([column.value(row) for column in COLUMNS] for row in indicator_rows(indicators(phase=phase)))
    return stream_csv(f"apertus-indicadores-{_file_suffix(phase)}.csv", [c.name for c in COLUMNS], rows)


NUMERIC = {"generacion", "valor", "base"}


def _xlsx_cell(name: str, value: str):
    """Figures as numbers, so a spreadsheet can add them up; codes («08») and «<3» stay text."""
    if name in NUMERIC and value:
        try:
            return int(value) if value.isdigit() else float(Decimal(value))
        except InvalidOperation:
            pass
    return _csv_safe(value) if value else None


def indicators_xlsx(phase):
    """The same table as the CSV, plus a sheet with the meaning of each column. A temporary file."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Indicadores"))
    sheet.append([c.name for c in COLUMNS])
    for row in indicator_rows(indicators(phase=phase)):
        sheet.append([_xlsx_cell(column.name, str(column.value(row))) for column in COLUMNS])
    dictionary = workbook.create_sheet(_("Diccionario"))
    dictionary.append([_("Columna"), _("Descripción")])
    for column in COLUMNS:
        dictionary.append([column.name, str(column.description)])
    dictionary.append([])
    dictionary.append([SUPPRESSED, _("Grupo de menos de 3 personas en el cruce entidad × género: no se muestra.")])
    handle = tempfile.TemporaryFile()  # noqa: SIM115
    workbook.save(handle)
    handle.seek(0)
    return handle, f"apertus-indicadores-{_file_suffix(phase)}.xlsx"
