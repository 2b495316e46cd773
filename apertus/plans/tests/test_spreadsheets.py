"""The progress round trip through XLSX and CSV: export, edit, import — and every way it can go wrong."""

import csv
import io
import zipfile
from datetime import date, datetime
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook, load_workbook

from apertus.core.testing import assert_matrix, client_for, data_kept_copy, everyone, only
from apertus.organizations.models import OrganizationType
from apertus.organizations.services import organization_ensure
from apertus.plans import services
from apertus.plans.models import (
    ActionPlan,
    Commitment,
    Evidence,
    Milestone,
    MilestoneStatus,
    PlanStatus,
    ProgressReport,
)
from apertus.plans.spreadsheets import COLUMNS, MAX_ROWS, progress_import
from apertus.taxonomy.models import Scheme, Term
from apertus.territories.models import State

HOSTILE_TITLE = '=HYPERLINK("http://mal.example","clic")'
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _plan(state_code: str, *, edition: int, status: str) -> ActionPlan:
    state = State.objects.get(code=state_code)
    goal = Term.objects.get(scheme=Scheme.SDG_GOAL, code="16")
    lead = organization_ensure(name=f"Secretaría de Finanzas de {state}", type=OrganizationType.GOVERNMENT, state=state)
    civil = organization_ensure(
        name=f"Observatorio ciudadano de {state}", type=OrganizationType.CIVIL_SOCIETY, state=state
    )
    plan = services.plan_create(
        actor=None,
        state=state,
        edition=edition,
        title=f"Plan de hojas {state}",
        period_start=date(2025, 1, 1),
        period_end=date(2026, 12, 31),
    )
    common = {
        "problem": "Problema",
        "objective": "Objetivo",
        "primary_goal": goal,
        "lead_institution": lead,
        "co_responsible": [civil],
        "start_date": date(2025, 1, 1),
        "end_date": date(2026, 12, 31),
    }
    c1 = services.commitment_create(actor=None, plan=plan, title="Contrataciones abiertas", weight=1, **common)
    c2 = services.commitment_create(actor=None, plan=plan, title=HOSTILE_TITLE, weight=1, **common)
    dates = {"start_date": date(2025, 2, 1), "end_date": date(2025, 11, 30)}
    services.milestone_create(actor=None, commitment=c1, title="Diagnóstico", weight=1, **dates)
    services.milestone_create(actor=None, commitment=c1, title="Publicación de datos", weight=3, **dates)
    gone = services.milestone_create(actor=None, commitment=c1, title="Hito borrado", **dates)
    services.milestone_delete(actor=None, milestone=gone, reason="Duplicado")
    services.milestone_create(actor=None, commitment=c2, title="Mesa de trabajo", weight=2, **dates)
    path = {
        PlanStatus.DRAFT: [],
        PlanStatus.IMPLEMENTATION: [PlanStatus.COCREATION, PlanStatus.PUBLISHED, PlanStatus.IMPLEMENTATION],
    }[status]
    for step in path:
        plan = services.plan_transition(actor=None, plan=plan, target=step)
    return plan


@pytest.fixture
def plan(db):
    """Oaxaca's plan in implementation, built through the services once per starting point and written back
    after that (``data_kept_copy``); each test gets its own copy."""
    return data_kept_copy(
        f"spreadsheets-plan {timezone.localdate()}", lambda: _plan("20", edition=7, status=PlanStatus.IMPLEMENTATION)
    )


@pytest.fixture
def stl(db):
    """One STL member of Oaxaca (the full ``people`` set is only needed by the matrix)."""
    from apertus.accounts.models import Role
    from apertus.accounts.services import role_assign, user_create

    user = user_create(
        email="stl.hojas@test.apertus.mx", password=None, first_name="Hojas", state=State.objects.get(code="20")
    )
    role_assign(actor=None, user=user, role=Role.STL_MEMBER, state=user.state, sector="gobierno")
    return user


def _milestones(plan):
    return list(
        Milestone.objects.filter(commitment__plan=plan)
        .select_related("commitment")
        .order_by("commitment__number", "number")
    )


def _url(name, plan):
    return reverse(f"plans:{name}", args=[plan.state.slug, plan.edition])


def _snapshot(plan):
    """Everything an import may touch: if this is equal before and after, nothing changed."""
    milestones = list(
        Milestone.all_objects.filter(commitment__plan=plan)
        .order_by("pk")
        .values_list("pk", "status", "progress", "version")
    )
    commitments = list(Commitment.objects.filter(plan=plan).order_by("pk").values_list("pk", "progress", "completion"))
    plan_progress = ActionPlan.objects.get(pk=plan.pk).progress
    return (milestones, commitments, plan_progress, ProgressReport.objects.count(), Evidence.objects.count())


def _export(client, plan, fmt):
    response = client.get(_url(f"milestones_{fmt}", plan))
    assert response.status_code == 200
    return b"".join(response.streaming_content)


def _csv_table(content: bytes) -> list[list[str]]:
    assert content.startswith("\ufeff".encode())
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"), newline="")))


def _xlsx_table(content: bytes) -> list[list]:
    workbook = load_workbook(io.BytesIO(content), data_only=False)
    sheet = workbook["Hitos"]
    return [[cell.value for cell in row] for row in sheet.iter_rows()], sheet


def _csv_upload(table: list[list], name="hitos.csv", delimiter=",") -> SimpleUploadedFile:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter).writerows(table)
    return SimpleUploadedFile(name, buffer.getvalue().encode("utf-8"), content_type="text/csv")


def _xlsx_upload(table: list[list], name="hitos.xlsx", edit=None) -> SimpleUploadedFile:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Hitos"
    for row in table:
        sheet.append(row)
    if edit:
        edit(sheet)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="application/octet-stream")


def _table(plan) -> list[list]:
    """What the download holds, as the CSV strings."""
    return _csv_table(_export(client_for(None), plan, "csv"))


def _row(table, column, value, **changes):
    """Edit the row whose ``column`` equals ``value``."""
    index = COLUMNS.index(column)
    for row in table[1:]:
        if str(row[index]) == str(value):
            for name, new in changes.items():
                row[COLUMNS.index(name)] = new
            return row
    raise AssertionError(f"no row with {column}={value}")


# Export ----------------------------------------------------------------------------------------


def test_csv_and_xlsx_export_hold_the_same_cells(plan, client, django_assert_max_num_queries):
    m1, m2, m3 = _milestones(plan)
    expected = [
        COLUMNS,
        [
            m1.pk,
            1,
            "Contrataciones abiertas",
            1,
            "Diagnóstico",
            "2025-02-01",
            "2025-11-30",
            1,
            "no_iniciado",
            0,
            1,
            "",
            "",
            "",
        ],
        [
            m2.pk,
            1,
            "Contrataciones abiertas",
            2,
            "Publicación de datos",
            "2025-02-01",
            "2025-11-30",
            3,
            "no_iniciado",
            0,
            1,
            "",
            "",
            "",
        ],
        [
            m3.pk,
            2,
            "'" + HOSTILE_TITLE,
            1,
            "Mesa de trabajo",
            "2025-02-01",
            "2025-11-30",
            2,
            "no_iniciado",
            0,
            1,
            "",
            "",
            "",
        ],
    ]
    with django_assert_max_num_queries(6):
        csv_rows = _csv_table(_export(client, plan, "csv"))
    assert csv_rows == [[str(v) for v in row] for row in expected]  # the deleted milestone is not there

    response = client.get(_url("milestones_xlsx", plan))
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert f'filename="hitos-oaxaca-{plan.edition}.xlsx"' in response["Content-Disposition"]
    xlsx_rows, sheet = _xlsx_table(b"".join(response.streaming_content))
    assert xlsx_rows[0] == COLUMNS
    for got, want in zip(xlsx_rows[1:], expected[1:], strict=True):
        assert got[5:7] == [datetime(2025, 2, 1), datetime(2025, 11, 30)]  # real dates in the spreadsheet
        assert got[:5] + got[7:11] == want[:5] + want[7:11]
        assert got[11:] == [None, None, None]
    # The hostile title is text, never a formula, in the workbook too.
    assert sheet.cell(row=4, column=3).data_type == "s"
    assert not any(cell.data_type == "f" for row in sheet.iter_rows() for cell in row)


def test_draft_export_is_hidden_from_others_and_import_needs_the_stl(db, people, plan):
    draft = _plan("20", edition=8, status=PlanStatus.DRAFT)
    draft_sees = only(["stl_oaxaca", "coordinator"], 200, 404)
    assert_matrix(
        people,
        {
            ("GET", _url("milestones_xlsx", plan)): everyone(200),
            ("GET", _url("milestones_csv", plan)): everyone(200),
            ("GET", _url("milestones_xlsx", draft)): draft_sees,
            ("GET", _url("milestones_csv", draft)): draft_sees,
            ("GET", _url("progress_import", plan)): {**only(["stl_oaxaca", "coordinator"], 200, 403), "anonymous": 302},
            ("POST", _url("progress_import", plan)): {
                **only(["stl_oaxaca", "coordinator"], 400, 403),
                "anonymous": 302,
            },
            ("GET", _url("progress_import", draft)): {
                **only(["stl_oaxaca", "coordinator"], 200, 404),
                "anonymous": 302,
            },
        },
    )


def test_export_of_a_plan_that_does_not_exist_is_404(client, plan):
    assert client.get(reverse("plans:milestones_csv", args=["oaxaca", 99])).status_code == 404


# Round trip ------------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_round_trip_reports_progress_and_rolls_it_up(plan, stl, fmt):
    m1, m2, m3 = _milestones(plan)
    client = client_for(stl)
    content = _export(client, plan, fmt)
    if fmt == "csv":
        table = _csv_table(content)
        _row(
            table,
            "hito_id",
            m1.pk,
            estatus="completado",
            avance="100",
            nota="Diagnóstico entregado",
            evidencia_url="https://transparencia.oaxaca.gob.mx/diagnostico.pdf",
            evidencia_descripcion="Diagnóstico",
        )
        _row(table, "hito_id", m2.pk, estatus="En proceso", avance="40")
        upload = _csv_upload(table)
    else:
        workbook = load_workbook(io.BytesIO(content))
        sheet = workbook["Hitos"]
        col = {name: index + 1 for index, name in enumerate(COLUMNS)}
        sheet.cell(row=2, column=col["estatus"], value="completado")
        sheet.cell(row=2, column=col["avance"], value=100)
        sheet.cell(row=2, column=col["nota"], value="Diagnóstico entregado")
        sheet.cell(row=2, column=col["evidencia_url"], value="https://transparencia.oaxaca.gob.mx/diagnostico.pdf")
        sheet.cell(row=2, column=col["evidencia_descripcion"], value="Diagnóstico")
        sheet.cell(row=3, column=col["estatus"], value="En proceso")
        sheet.cell(row=3, column=col["avance"], value=40.0)  # spreadsheets store numbers as floats
        buffer = io.BytesIO()
        workbook.save(buffer)
        upload = SimpleUploadedFile("hitos.xlsx", buffer.getvalue())
    reports_before = ProgressReport.objects.count()

    response = client.post(_url("progress_import", plan), {"archivo": upload})

    assert response.status_code == 200, response.content.decode()[:3000]
    html = response.content.decode()
    assert "2 reportes de avance registrados" in html and "1 fila sin cambios" in html
    assert ProgressReport.objects.count() == reports_before + 2
    m1.refresh_from_db()
    m2.refresh_from_db()
    m3.refresh_from_db()
    assert (m1.status, m1.progress, m1.version) == (MilestoneStatus.COMPLETED, 100, 2)
    assert (m2.status, m2.progress) == (MilestoneStatus.IN_PROGRESS, 40)
    assert (m3.status, m3.progress, m3.version) == (MilestoneStatus.NOT_STARTED, 0, 1)  # untouched row: no report
    report = m1.reports.get()
    assert (report.source, report.reported_by, report.note) == ("spreadsheet", stl, "Diagnóstico entregado")
    assert (report.progress_before, report.progress_after) == (0, 100)
    assert [e.url for e in report.evidence.all()] == ["https://transparencia.oaxaca.gob.mx/diagnostico.pdf"]
    assert m2.reports.get().source == "spreadsheet"
    c1 = m1.commitment
    c1.refresh_from_db()
    plan.refresh_from_db()
    assert c1.progress == Decimal("55.00")  # (1×100 + 3×40) / 4
    assert plan.progress == Decimal("27.50")  # (55 + 0) / 2


def test_semicolon_csv_and_status_labels_are_understood(plan, stl):
    m1 = _milestones(plan)[0]
    table = _table(plan)
    _row(table, "hito_id", m1.pk, estatus="En Proceso", avance="25%")
    result = progress_import(actor=stl, plan=plan, upload=_csv_upload(table, delimiter=";"))
    assert result.ok, result.errors
    m1.refresh_from_db()
    assert (m1.status, m1.progress) == (MilestoneStatus.IN_PROGRESS, 25)


def test_unchanged_file_changes_nothing(plan, stl):
    before = _snapshot(plan)
    result = progress_import(actor=stl, plan=plan, upload=_csv_upload(_table(plan)))
    assert result.ok and (result.rows, result.reports, result.unchanged) == (3, 0, 3)
    assert _snapshot(plan) == before


# Bad input: a clear message, and nothing changed -----------------------------------------------


def _refused(plan, actor, upload):
    before = _snapshot(plan)
    result = progress_import(actor=actor, plan=plan, upload=upload)
    assert not result.ok
    assert _snapshot(plan) == before, "a refused file changed the database"
    return [(e.row, e.column, e.message) for e in result.errors]


def _edited(plan, *edits):
    """The download with some rows edited: edits are (row index from 1, {column: value})."""
    table = _table(plan)
    for index, changes in edits:
        for name, value in changes.items():
            table[index][COLUMNS.index(name)] = value
    return table


def test_a_pdf_renamed_xlsx_is_refused(plan, stl):
    errors = _refused(plan, stl, SimpleUploadedFile("hitos.xlsx", PDF))
    assert errors == [(0, "", errors[0][2])] and "no es una hoja de cálculo XLSX ni un CSV" in errors[0][2]


def test_a_csv_not_in_utf8_is_refused_with_advice(plan, stl):
    table = _edited(plan, (1, {"estatus": "en_proceso", "avance": "10", "nota": "Reunión con el órgano garante"}))
    upload = SimpleUploadedFile("hitos.csv", _csv_upload(table).read().decode().encode("latin-1"))
    [(_row_number, _column, message)] = _refused(plan, stl, upload)
    assert "CSV UTF-8" in message


def test_a_word_document_is_refused(plan, stl):
    from apertus.documents.tests.files import docx

    [(_row_number, _column, message)] = _refused(plan, stl, SimpleUploadedFile("hitos.xlsx", docx()))
    assert "no una hoja XLSX" in message


def test_formulas_are_refused_never_evaluated(plan, stl):
    # A real formula cell in the XLSX, even in a column that is only for orientation.
    good_row_one = _edited(plan, (1, {"estatus": "en_proceso", "avance": "10"}))
    upload = _xlsx_upload(good_row_one, edit=lambda s: (s.__setitem__("J3", "=40+10"), s.__setitem__("C4", "=A1")))
    errors = _refused(plan, stl, upload)
    assert [(r, c) for r, c, _m in errors] == [(3, "avance"), (4, "compromiso_titulo")]
    assert all("fórmula" in m for _r, _c, m in errors)
    # In a CSV, a cell starting with "=" is refused too.
    errors = _refused(plan, stl, _csv_upload(_edited(plan, (2, {"nota": '=HYPERLINK("http://x","y")'}))))
    assert [(r, c) for r, c, _m in errors] == [(3, "nota")]


def _big_xlsx(rows: list[list]) -> bytes:
    """A real XLSX of many rows, fast: openpyxl writes the package, the sheet XML is written here."""
    from xml.sax.saxutils import escape

    from openpyxl.utils import get_column_letter

    workbook = Workbook(write_only=True)
    workbook.create_sheet("Hitos").append(["x"])
    small = io.BytesIO()
    workbook.save(small)

    def cell(ref, value):
        if isinstance(value, int):
            return f'<c r="{ref}"><v>{value}</v></c>'
        return f'<c r="{ref}" t="inlineStr"><is><t>{escape(value)}</t></is></c>'

    body = "".join(
        f'<row r="{r}">' + "".join(cell(f"{get_column_letter(c)}{r}", v) for c, v in enumerate(row, 1)) + "</row>"
        for r, row in enumerate(rows, 1)
    )
    sheet = (
        '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/'
        f'2006/main"><sheetData>{body}</sheetData></worksheet>'
    )
    out = io.BytesIO()
    with zipfile.ZipFile(small) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = sheet.encode() if item.filename == "xl/worksheets/sheet1.xml" else source.read(item)
            target.writestr(item.filename, data)
    return out.getvalue()


def test_ten_thousand_rows_are_refused(plan, stl):
    # How long this takes is measured by `make bench`, not asserted here.
    rows = [COLUMNS] + [
        [n, 1, "C", 1, "H", "2025-01-01", "2025-02-01", 1, "en_proceso", 50, 1, "", "", ""] for n in range(1, 10_001)
    ]
    big = _big_xlsx(rows)
    assert load_workbook(io.BytesIO(big), read_only=True)["Hitos"]["A10001"].value == 10_000  # a genuine workbook
    for upload in (SimpleUploadedFile("grande.xlsx", big), _csv_upload(rows)):
        errors = _refused(plan, stl, upload)
        assert errors == [(MAX_ROWS + 2, "", errors[0][2])] and "más de 5000 filas" in errors[0][2].replace(",", "")


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        (COLUMNS[:-1], [(1, "evidencia_descripcion", "Falta esta columna.")]),
        (COLUMNS + ["comentarios"], [(1, "comentarios", "Columna desconocida")]),
        (["hito"] + COLUMNS[1:], [(1, "hito", "La columna está repetida."), (1, "hito_id", "Falta esta columna.")]),
    ],
)
def test_wrong_missing_or_extra_columns_are_refused(plan, stl, header, expected):
    table = _table(plan)
    body = [row[: len(header)] + [""] * (len(header) - len(row)) for row in table[1:]]
    errors = _refused(plan, stl, _csv_upload([header] + body))
    assert [(r, c) for r, c, _m in errors] == [(r, c) for r, c, _m in expected]
    assert all(want in got for (_r, _c, got), (_r2, _c2, want) in zip(errors, expected, strict=True))


def test_an_empty_file_is_refused(plan, stl):
    [(_r, _c, message)] = _refused(plan, stl, SimpleUploadedFile("hitos.csv", b""))
    assert "vacío" in message


def test_duplicated_milestone_is_refused(plan, stl):
    table = _edited(plan, (1, {"estatus": "en_proceso", "avance": "10"}))
    table.append(list(table[1]))
    errors = _refused(plan, stl, _csv_upload(table))
    assert errors == [(5, "hito_id", f"El hito {table[1][0]} está repetido: ya aparece en la fila 2.")]


@pytest.mark.parametrize(
    ("changes", "column", "fragment"),
    [
        ({"avance": "150"}, "avance", "entre 0 y 100"),
        ({"avance": "-5"}, "avance", "entre 0 y 100"),
        ({"avance": "mucho"}, "avance", "entre 0 y 100"),
        ({"avance": "40.5"}, "avance", "entero"),
        ({"estatus": "terminado", "avance": "100"}, "estatus", "Estatus desconocido «terminado»"),
        ({"estatus": "completado", "avance": "90"}, "avance", "completado debe tener 100%"),
        ({"estatus": "no_iniciado", "avance": "30"}, "estatus", "no iniciado"),
        ({"hito_id": "abc"}, "hito_id", "número de hito"),
        ({"hito": "5"}, "hito", "que es el hito 2 del compromiso 1"),
        ({"version": ""}, "version", "versión"),
        ({"evidencia_url": "javascript:alert(1)", "evidencia_descripcion": "x"}, "evidencia_url", "http"),
        ({"evidencia_url": "https://ejemplo.mx/a.pdf"}, "evidencia_descripcion", "Describe"),
        ({"evidencia_descripcion": "Acta"}, "evidencia_url", "Falta el enlace"),
    ],
)
def test_bad_cells_are_refused_with_row_column_and_reason(plan, stl, changes, column, fragment):
    # Row 3 is bad; row 2 is a good change that must not be applied either.
    table = _edited(plan, (1, {"estatus": "en_proceso", "avance": "10"}), (2, changes))
    errors = _refused(plan, stl, _csv_upload(table))
    assert [(r, c) for r, c, _m in errors] == [(3, column)], errors
    assert fragment in errors[0][2]


def test_every_problem_is_listed_not_only_the_first(plan, stl):
    table = _edited(plan, (1, {"avance": "200"}), (3, {"estatus": "listo", "nota": "=1+1"}))
    errors = _refused(plan, stl, _csv_upload(table))
    assert [(r, c) for r, c, _m in errors] == [(2, "avance"), (4, "nota"), (4, "estatus")]


def test_milestone_of_another_plan_is_refused(plan, stl):
    other = _plan("26", edition=7, status=PlanStatus.IMPLEMENTATION)
    foreign = _milestones(other)[0]
    table = _edited(plan, (1, {"hito_id": str(foreign.pk), "estatus": "en_proceso", "avance": "10"}))
    errors = _refused(plan, stl, _csv_upload(table))
    assert errors == [(2, "hito_id", f"El hito {foreign.pk} no pertenece a este plan o fue eliminado.")]
    assert Milestone.objects.get(pk=foreign.pk).progress == 0


def test_deleted_milestone_is_refused(plan, stl):
    deleted = Milestone.all_objects.get(commitment__plan=plan, is_deleted=True)
    table = _edited(plan, (1, {"hito_id": str(deleted.pk), "hito": "3", "estatus": "en_proceso", "avance": "10"}))
    assert [(r, c) for r, c, _m in _refused(plan, stl, _csv_upload(table))] == [(2, "hito_id")]


def test_edited_row_on_a_stale_version_is_a_conflict(plan, stl):
    m1, m2, _m3 = _milestones(plan)
    table = _table(plan)  # downloaded now: version 1 everywhere
    services.progress_report(actor=None, milestone=m1, progress=30, status="en_proceso")
    _row(table, "hito_id", m1.pk, estatus="en_proceso", avance="60")
    _row(table, "hito_id", m2.pk, estatus="en_proceso", avance="10")
    errors = _refused(plan, stl, _csv_upload(table))
    assert [(r, c) for r, c, _m in errors] == [(2, "version")]
    assert "Conflicto" in errors[0][2] and "30%" in errors[0][2]


def test_untouched_row_on_a_stale_version_keeps_the_newer_web_report(plan, stl):
    m1, m2, _m3 = _milestones(plan)
    table = _table(plan)
    services.progress_report(actor=None, milestone=m1, progress=30, status="en_proceso")
    _row(table, "hito_id", m2.pk, estatus="en_proceso", avance="10")
    result = progress_import(actor=stl, plan=plan, upload=_csv_upload(table))
    assert result.ok and (result.reports, result.kept_newer) == (1, 1)
    m1.refresh_from_db()
    assert (m1.progress, m1.reports.count()) == (30, 1)  # the web report stands, not reverted to 0


def test_a_failure_while_applying_rolls_everything_back(plan, stl, monkeypatch):
    from apertus.plans.spreadsheets import importing

    real = importing.services.progress_report
    calls = []

    def fail_on_second(**kwargs):
        calls.append(kwargs["milestone"].pk)
        if len(calls) == 2:
            raise importing.EditConflict(kwargs["milestone"], [])
        return real(**kwargs)

    monkeypatch.setattr(importing.services, "progress_report", fail_on_second)
    table = _edited(
        plan, (1, {"estatus": "en_proceso", "avance": "10"}), (2, {"estatus": "en_proceso", "avance": "20"})
    )
    errors = _refused(plan, stl, _csv_upload(table))
    assert len(calls) == 2 and [(r, c) for r, c, _m in errors] == [(3, "version")]


def test_import_page_shows_the_errors_table(plan, stl):
    table = _edited(plan, (2, {"avance": "101"}))
    response = client_for(stl).post(_url("progress_import", plan), {"archivo": _csv_upload(table)})
    assert response.status_code == 400
    html = response.content.decode()
    assert "No se importó nada" in html and 'data-testid="import-errors"' in html
    assert "<td>3</td><td>avance (J)</td>" in html


def test_import_needs_permission_in_the_function_too(plan, stl):
    from django.core.exceptions import PermissionDenied

    sonora = _plan("26", edition=7, status=PlanStatus.IMPLEMENTATION)
    with pytest.raises(PermissionDenied):
        progress_import(actor=stl, plan=sonora, upload=_csv_upload(_table(sonora)))


def test_a_file_full_of_errors_is_checked_up_to_a_limit(plan, stl):
    from apertus.plans.spreadsheets.importing import MAX_ERRORS

    rows = [COLUMNS] + [
        [n, 1, "C", 1, "H", "", "", 1, "en_proceso", 50, 1, "", "", ""] for n in range(900_001, 900_400)
    ]
    before = _snapshot(plan)
    result = progress_import(actor=stl, plan=plan, upload=_csv_upload(rows))
    assert (len(result.errors), result.truncated, result.rows) == (MAX_ERRORS, True, 399)
    assert _snapshot(plan) == before
