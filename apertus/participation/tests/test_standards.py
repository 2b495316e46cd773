"""The co-creation standards page: a worked example with exact numbers, the six-month boundary,
drafts that never leak, a fixed number of queries, and hostile text that stays inert."""

import csv
import io
from datetime import date, timedelta

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from apertus.accounts.services import email_mark_verified, user_create
from apertus.comments.models import Comment
from apertus.comments.services import comment_create
from apertus.core.testing import assert_inert, assert_matrix, client_for, everyone, only
from apertus.core.tests.test_text import HOSTILE
from apertus.documents.models import Document
from apertus.documents.tests.files import image
from apertus.participation import services
from apertus.participation.models import Proposal, Support
from apertus.participation.standards import plan_standards
from apertus.plans import services as plan_services
from apertus.plans.models import PlanStatus, ProgressReport
from apertus.plans.tests.conftest import build_plan
from apertus.stl import services as stl_services
from apertus.stl.tests.conftest import at, build_stl
from apertus.tables import services as table_services
from apertus.tables.tests.conftest import make_table
from apertus.territories.models import State

from .conftest import build_process, propose

EDITORS = ["stl_oaxaca", "coordinator"]


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")


def person(email, *, state=None, sector=""):
    user = user_create(
        email=email,
        password=None,
        first_name=email.split("@")[0].title(),
        last_name="Prueba",
        state=State.objects.get(code=state) if state else None,
        sector=sector,
    )
    email_mark_verified(user=user)
    return user


def add_document(plan, kind, day=None, title="Documento"):
    upload = SimpleUploadedFile("doc.png", image(), content_type="image/png")
    return plan_services.plan_document_add(actor=None, plan=plan, upload=upload, title=title, kind=kind, date=day)


def figures(report) -> dict:
    return {f"{s.key}.{f.code}": f.value for s, f in report.indicators()}


def statuses(report) -> dict:
    return {s.key: s.status for s in report.standards}


@pytest.fixture
def example(people):
    """An Oaxaca plan in implementation since 190 days ago, with every kind of participation."""
    today = timezone.localdate()
    plan = build_plan("20", commitments=1, milestones=1)
    started = timezone.now() - timedelta(days=190)
    plan.history.filter(status=PlanStatus.IMPLEMENTATION).update(history_date=started)
    commitment = plan.commitments.get()
    process = build_process(plan)

    # 1. STL sessions: 10 and 183 days ago are inside the six months, 184 and 400 are not; one is upcoming.
    stl = build_stl("20", sessions_ago=(10, 183, 184, 400))
    stl_services.session_create(actor=None, stl=stl["stl"], starts_at=at(today + timedelta(days=20)), place="Sala")

    # 2. Repository: three public documents (two of them plans) and one the STL keeps private.
    add_document(plan, "plan", date(2025, 3, 1))
    add_document(plan, "plan", date(2025, 6, 1))
    add_document(plan, "minuta")  # no date of its own: the day it was uploaded counts
    private = add_document(plan, "informe", date(2030, 1, 1))
    Document.objects.filter(pk=private.pk).update(is_public=False)

    # 3. People: from Oaxaca, from Sonora and with no state; of four sectors.
    ana = person("ana@ejemplo.mx", state="20", sector="sociedad_civil")
    beto = person("beto@ejemplo.mx", state="26", sector="academia")
    carla = person("carla@ejemplo.mx", state="20")
    dora = person("dora@ejemplo.mx", sector="gobierno")
    eva = person("eva@ejemplo.mx", state="26")
    p1 = propose(process, ana, title="Agua")
    p2 = propose(process, ana, title="Luz")
    propose(process, beto, title="Datos")  # waits for its answer
    hidden = propose(process, carla, title="Oculta")
    Proposal.objects.filter(pk=hidden.pk).update(is_hidden=True)
    for who, what in [(beto, p1), (carla, p1), (carla, p2)]:
        services.support_add(actor=who, proposal=what)
    Support.objects.create(proposal=hidden, user=eva)  # on a hidden proposal: not counted
    table = make_table(plan, capacity=10)
    table_services.registration_create(actor=carla, table=table)
    table_services.attendance_record(actor=None, table=table, counts={"ciudadania": 7, "gobierno": 3})
    comment_create(actor=ana, target=p1, body="Bien")
    before = comment_create(actor=eva, target=commitment, body="Antes de implementar")
    Comment.objects.filter(pk=before.pk).update(created_at=started - timedelta(days=1))
    gone = comment_create(actor=eva, target=commitment, body="Ocultado")
    Comment.objects.filter(pk=gone.pk).update(is_hidden=True)
    thread = comment_create(actor=dora, target=plan, body="¿Cuándo publican el avance?")
    comment_create(actor=people["stl_oaxaca"], target=plan, body="En mayo", parent=thread)
    comment_create(actor=ana, target=commitment, body="Sin respuesta aún")

    # 4. Responses: one incorporated, one not; the third waits.
    stl_member = people["stl_oaxaca"]
    services.proposal_respond(actor=stl_member, proposal=p1, kind="incorporada", reason="Sí", commitment=commitment)
    services.proposal_respond(actor=stl_member, proposal=p2, kind="no_incorporada", reason="No aplica")

    # 5. Two progress reports; the first one predates the implementation.
    milestone = commitment.milestones.get()
    old = plan_services.progress_report(actor=None, milestone=milestone, progress=10, status="en_proceso")
    ProgressReport.objects.filter(pk=old.pk).update(created_at=started - timedelta(days=5))
    plan_services.progress_report(actor=None, milestone=milestone, progress=40, status="en_proceso")
    return {"plan": plan, "process": process, "today": today, "started": started, "stl": stl}


def test_the_worked_example_gives_exact_numbers(example):
    plan, today = example["plan"], example["today"]
    report = plan_standards(plan)
    got = figures(report)
    assert statuses(report) == {
        "espacio_dialogo": "cumple",
        "repositorio": "cumple",
        "participacion": "cumple",
        "respuesta_razonada": "no_cumple",
        "dialogo_implementacion": "cumple",
    }
    assert {k: v for k, v in got.items() if k.startswith("espacio_dialogo.")} == {
        "espacio_dialogo.sesiones_6_meses": 2,  # 10 and 183 days ago; not 184
        "espacio_dialogo.ultima_sesion": today - timedelta(days=10),
        "espacio_dialogo.proxima_sesion": today + timedelta(days=20),
        "espacio_dialogo.reglas_publicas": 0,
    }
    assert {k: v for k, v in got.items() if k.startswith("repositorio.")} == {
        "repositorio.documentos_publicos": 3,
        "repositorio.fecha_documento_mas_reciente": today,
        "repositorio.documentos_por_publicar": 1,
        "repositorio.documentos_minuta": 1,
        "repositorio.documentos_plan": 2,
    }
    assert {k: v for k, v in got.items() if k.startswith("participacion.")} == {
        # ana, beto, carla, dora, eva and the STL member who answered in the comments
        "participacion.personas": 6,
        "participacion.personas_proponen": 2,
        "participacion.personas_apoyan": 2,
        "participacion.personas_comentan": 4,
        "participacion.personas_mesas": 1,
        "participacion.propuestas": 3,
        "participacion.apoyos": 3,
        "participacion.comentarios": 5,
        "participacion.asistencia_mesas": 10,
        "participacion.personas_otras_entidades": 3,
        "participacion.sectores_ademas_gobierno": 3,
        "participacion.personas_sector_ciudadania": 3,
        "participacion.personas_sector_gobierno": 1,
        "participacion.personas_sector_sociedad_civil": 1,
        "participacion.personas_sector_academia": 1,
        "participacion.personas_entidad_20": 3,
        "participacion.personas_entidad_26": 2,
        "participacion.personas_entidad_sin_entidad": 1,
        "participacion.asistencia_mesas_ciudadania": 7,
        "participacion.asistencia_mesas_gobierno": 3,
    }
    assert {k: str(v) for k, v in got.items() if k.startswith("respuesta_razonada.")} == {
        "respuesta_razonada.propuestas": "3",
        "respuesta_razonada.propuestas_respondidas": "2",
        "respuesta_razonada.porcentaje_respondidas": "66.7",
        "respuesta_razonada.propuestas_sin_respuesta": "1",
        "respuesta_razonada.respuestas_incorporada": "1",
        "respuesta_razonada.porcentaje_incorporada": "33.3",
        "respuesta_razonada.respuestas_parcial": "0",
        "respuesta_razonada.porcentaje_parcial": "0.0",
        "respuesta_razonada.respuestas_no_incorporada": "1",
        "respuesta_razonada.porcentaje_no_incorporada": "33.3",
    }
    assert {k: v for k, v in got.items() if k.startswith("dialogo_implementacion.")} == {
        "dialogo_implementacion.inicio_implementacion": timezone.localdate(example["started"]),
        "dialogo_implementacion.sesiones_desde_implementacion": 3,  # 10, 183 and 184 days ago
        "dialogo_implementacion.reportes_avance": 1,
        "dialogo_implementacion.ultimo_reporte": today,
        "dialogo_implementacion.comentarios_implementacion": 3,
        "dialogo_implementacion.hilos_ciudadanos": 2,
        "dialogo_implementacion.hilos_respondidos_stl": 1,
        "dialogo_implementacion.respuestas_stl": 1,
        "dialogo_implementacion.porcentaje_hilos_respondidos": 50,
    }
    participation = report.standards[2]
    by_state = participation.tables[1]
    # people, proposed, supported, commented, registered, proposals, comments
    assert [(r.label, r.values) for r in by_state.rows] == [
        ("Oaxaca", [3, 1, 1, 2, 1, 2, 3]),  # ana, carla and the STL member
        ("Sonora", [2, 1, 1, 1, 0, 1, 1]),  # beto, and eva (her support on a hidden proposal does not count)
        ("Sin entidad declarada", [1, 0, 0, 1, 0, 0, 1]),  # dora
    ]
    by_sector = {r.label: r.values[0] for r in participation.tables[0].rows}
    assert by_sector == {"Ciudadanía, sin afiliación": 3, "Gobierno": 1, "Sociedad civil": 1, "Academia": 1}


def test_the_page_the_csv_and_the_api_show_the_same_figures(client, example):
    plan = example["plan"]
    html = client.get(f"/planes/oaxaca/{plan.edition}/estandares/").content.decode()
    assert 'data-testid="status-respuesta_razonada">No cumple' in html
    assert 'data-testid="status-espacio_dialogo">Cumple' in html
    assert 'data-figure="porcentaje_respondidas">66.7 %' in html
    assert f'href="/stl/oaxaca/sesiones/{example["stl"]["sessions"][0].pk}/"' in html
    assert f'href="/stl/oaxaca/sesiones/{example["stl"]["sessions"][2].pk}/"' not in html  # 184 days ago
    assert "Regla:" in html and "ana@ejemplo.mx" not in html and "Ana Prueba" not in html and "Dora Prueba" not in html

    response = client.get(f"/planes/oaxaca/{plan.edition}/estandares.csv")
    assert response["Content-Disposition"] == f'attachment; filename="estandares-cocreacion-oaxaca-{plan.edition}.csv"'
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    by_code = {(r["estandar"], r["indicador"]): r for r in rows}
    assert len(rows) == len(list(plan_standards(plan).indicators()))
    assert by_code[("respuesta_razonada", "porcentaje_respondidas")]["valor"] == "66.7"
    assert by_code[("respuesta_razonada", "porcentaje_respondidas")]["estado"] == "no_cumple"
    assert by_code[("espacio_dialogo", "ultima_sesion")]["valor"] == (example["today"] - timedelta(days=10)).isoformat()
    assert by_code[("participacion", "personas")]["valor"] == "6"
    assert {r["clave_entidad"] for r in rows} == {"20"}

    data = client.get(f"/api/participation/plans/{plan.pk}/standards").json()
    assert data["url"] == f"/planes/oaxaca/{plan.edition}/estandares/"
    assert [(s["key"], s["status"]) for s in data["standards"]] == [
        ("espacio_dialogo", "cumple"),
        ("repositorio", "cumple"),
        ("participacion", "cumple"),
        ("respuesta_razonada", "no_cumple"),
        ("dialogo_implementacion", "cumple"),
    ]
    answered = {f["code"]: f["value"] for f in data["standards"][3]["figures"]}
    assert answered["porcentaje_respondidas"] == 66.7 and answered["propuestas_sin_respuesta"] == 1

    plan_page = client.get(plan.get_absolute_url()).content.decode()
    assert f'href="/planes/oaxaca/{plan.edition}/estandares/"' in plan_page


@pytest.mark.parametrize(
    ("days", "upcoming", "status", "held"),
    [
        (183, False, "cumple", 1),  # the first day of the window still counts
        (184, False, "no_cumple", 0),  # one day earlier does not
        (184, True, "en_progreso", 0),  # ...unless a session is already scheduled
    ],
)
def test_the_six_month_window_boundary(people, days, upcoming, status, held):
    plan = build_plan("20", commitments=1, milestones=1)
    stl = build_stl("20", sessions_ago=(days,))
    if upcoming:
        stl_services.session_create(
            actor=None, stl=stl["stl"], starts_at=at(timezone.localdate() + timedelta(days=1)), place="Sala"
        )
    forum = plan_standards(plan).standards[0]
    assert (forum.status, forum.figures[0].value) == (status, held)
    from apertus.stl.selectors import stl_health

    assert stl_health(stl["stl"]).no_meeting_in_6_months is (status != "cumple")  # the STL pages agree


def test_statuses_while_the_plan_is_a_draft_or_in_cocreation(people):
    draft = build_plan("20", commitments=1, milestones=1, status=PlanStatus.DRAFT)
    add_document(draft, "plan")
    build_stl("20", published=False)
    report = plan_standards(draft)
    assert statuses(report) == {
        "espacio_dialogo": "no_cumple",
        "repositorio": "en_progreso",
        "participacion": "no_cumple",
        "respuesta_razonada": "en_progreso",
        "dialogo_implementacion": "en_progreso",
    }
    assert figures(report)["repositorio.documentos_publicos"] == 0
    assert figures(report)["repositorio.documentos_por_publicar"] == 1
    assert figures(report)["dialogo_implementacion.inicio_implementacion"] is None

    cocreation = build_plan("26", commitments=1, milestones=1, status=PlanStatus.COCREATION)
    process = build_process(cocreation)
    answered = propose(process, people["citizen"])
    services.proposal_respond(actor=None, proposal=answered, kind="no_incorporada", reason="No")
    assert statuses(plan_standards(cocreation))["respuesta_razonada"] == "cumple"
    propose(process, people["citizen"], title="Otra")
    assert statuses(plan_standards(cocreation))["respuesta_razonada"] == "en_progreso"
    # participation from citizens only: one sector besides the government
    assert statuses(plan_standards(cocreation))["participacion"] == "en_progreso"


def test_drafts_never_leak(people):
    public = build_plan("20", commitments=1, milestones=1)
    draft = build_plan("20", commitments=1, milestones=1, status=PlanStatus.DRAFT)
    hidden = only(EDITORS, 200, 404)
    assert_matrix(
        people,
        {
            ("GET", f"/planes/oaxaca/{public.edition}/estandares/"): everyone(200),
            ("GET", f"/planes/oaxaca/{public.edition}/estandares.csv"): everyone(200),
            ("GET", f"/api/participation/plans/{public.pk}/standards"): everyone(200),
            ("GET", f"/planes/oaxaca/{draft.edition}/estandares/"): hidden,
            ("GET", f"/planes/oaxaca/{draft.edition}/estandares.csv"): hidden,
            ("GET", f"/api/participation/plans/{draft.pk}/standards"): hidden,
            ("GET", "/planes/sonora/1/estandares/"): everyone(404),
        },
    )
    assert (
        "Plan en borrador"
        in client_for(people["stl_oaxaca"]).get(f"/planes/oaxaca/{draft.edition}/estandares/").content.decode()
    )


def _crowd(plan, process, people, n):
    """``n`` proposals, each with a support and two comments (straight to the database: set-up only)."""
    authors = [people[r] for r in ("citizen", "applicant", "fellow_oaxaca", "monitor")]
    proposals = Proposal.objects.bulk_create(
        [Proposal(process=process, author=authors[i % 4], title=f"P{i}", problem="p", solution="s") for i in range(n)]
    )
    Support.objects.bulk_create([Support(proposal=p, user=authors[(i + 1) % 4]) for i, p in enumerate(proposals)])
    ct = ContentType.objects.get_for_model(Proposal)
    Comment.objects.bulk_create(
        [
            Comment(content_type=ct, object_id=p.pk, author=authors[(i + k) % 4], body="c")
            for i, p in enumerate(proposals)
            for k in range(2)
        ]
    )
    commitment = plan.commitments.get()
    Comment.objects.bulk_create(
        [
            Comment(
                content_type=ContentType.objects.get_for_model(commitment),
                object_id=commitment.pk,
                author=authors[i % 4],
                body="c",
            )
            for i in range(n)
        ]
    )


# plan, STL (1 + 4 for its health), sessions (2), history, process, documents, participation (5 + attendance),
# responses, comments and reports since the implementation: the same whatever the amount of data.
QUERIES = 20


@pytest.mark.parametrize("n", [3, 300])
def test_the_page_runs_a_fixed_number_of_queries(client, people, django_assert_num_queries, n):
    plan = build_plan("20", commitments=1, milestones=1)
    build_stl("20", sessions_ago=(10, 50, 100))
    process = build_process(plan)
    _crowd(plan, process, people, n)
    url = f"/planes/oaxaca/{plan.edition}/estandares/"
    client.get(url)  # warm the content-type cache, as a running server has it
    with django_assert_num_queries(QUERIES):
        response = client.get(url)
    assert response.context["report"].standards[2].figures[5].value == n  # proposals


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_text_stays_inert(client, people, text):
    plan = build_plan("20", commitments=1, milestones=1)
    plan_services.plan_update(actor=None, plan=plan, expected_version=plan.version, title=text[:255])
    process = build_process(plan)
    proposal = propose(process, people["citizen"], title=text[:200], problem=text, solution=text)
    services.proposal_respond(actor=None, proposal=proposal, kind="no_incorporada", reason=text)
    comment_create(actor=people["monitor"], target=plan, body=text[:5000])
    add_document(plan, "plan", title=text[:255])
    page = client.get(f"/planes/oaxaca/{plan.edition}/estandares/").content.decode()
    main = page[page.index("<main") : page.index("</main>")]
    assert_inert(main[main.index(">") + 1 :])
    assert 'data-figure="propuestas">1<' in main
