"""The public pages: indicators (with their downloads), cohorts and a cohort's state."""

import csv
import io
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from apertus.cohorts.tests.conftest import build_example, cohort, make_course
from apertus.core.testing import client_for
from apertus.program.services import fellow_profile_update


def _emails(example) -> list[bytes]:
    people = list(example.people.values()) + example.excluded
    return [u.email.encode() for u in people]


def test_indicators_page_shows_the_worked_example_with_charts_tables_and_definitions(client, example):
    response = client.get("/programa/2017/indicadores/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-testid="applicants-total">20<' in html and 'data-testid="fellows-total">16<' in html
    assert 'data-testid="completion-total">50.0 %<' in html or 'data-testid="completion-total">50,0 %<' in html
    assert 'data-testid="certificates-total">5<' in html
    # The crossing: Sonora's two shown cells, everything else hidden, with the rule on the page.
    sonora = re.search(r'<tr data-state="26">(.*?)</tr>', html.split('data-testid="crossing-fellows"')[1]).group(1)
    assert re.findall(r'<td class="num[^"]*">([^<]*)</td>', sonora) == ["3", "3", "&lt;3", "&lt;3", "7"]
    assert "menos de 3 personas (incluido el cero)" in html
    # Charts: inline SVG with a title, geometry in presentation attributes, never inline style or script.
    assert html.count('<svg class="bar-chart"') == 7
    assert '<title id="fellows-genero-title">Agentes de cambio por género</title>' in html
    assert "style=" not in html and "<script" not in html
    assert re.search(r'<rect x="0" y="[0-9.]+" width="[0-9]+\.[0-9]" height="18"', html)
    # Definitions in plain language, and the downloads of this cohort.
    assert "figuran como completadas" in html and "calificación mínima aprobatoria" in html
    assert 'href="/programa/indicadores.csv?generacion=2017"' in html
    assert 'href="/programa/indicadores.xlsx?generacion=2017"' in html
    for email in _emails(example):
        assert email not in response.content


def test_indicators_of_all_cohorts_and_by_query_parameter(client, example):
    everyone = client.get("/programa/indicadores/").content.decode()
    assert 'data-testid="fellows-total">19<' in everyone
    assert (
        client.get("/programa/indicadores/?generacion=2018").content.decode().count('data-testid="fellows-total">3<')
        == 1
    )
    assert client.get("/programa/indicadores/?generacion=1999").status_code == 404
    assert client.get("/programa/indicadores/?generacion=abc").status_code == 404
    assert client.get("/programa/1999/indicadores/").status_code == 404


def test_csv_download_has_the_same_figures_hidden_cells_and_no_email(client, example):
    response = client.get("/programa/indicadores.csv?generacion=2017")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert 'filename="apertus-indicadores-2017.csv"' in response["Content-Disposition"]
    body = b"".join(response.streaming_content)
    rows = list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"))))
    assert {r["generacion"] for r in rows} == {"2017"}

    def value(indicator, breakdown, state="", category=""):
        [row] = [
            r
            for r in rows
            if (r["indicador"], r["desglose"], r["clave_entidad"], r["categoria"])
            == (indicator, breakdown, state, category)
        ]
        return row["valor"], row["base"], row["nota"]

    assert value("fellows", "total") == ("16", "", "")
    assert value("aspirantes", "entidad", "20") == ("8", "", "")
    assert value("fellows", "genero", category="no_declarado") == ("1", "", "")
    assert value("fellows", "sector", category="organo_garante") == ("6", "", "")
    assert value("fellows", "entidad_genero", "26", "mujer") == ("3", "", "")
    assert value("fellows", "entidad_genero", "20", "mujer") == ("<3", "", "oculto: menos de 3 personas")
    assert value("conclusion", "genero", category="mujer") == ("71.4", "7", "")
    assert value("aprobacion", "genero", category="no_binaria") == ("", "1", "oculto: menos de 3 personas")
    assert value("constancias", "total") == ("5", "", "")
    for email in _emails(example):
        assert email not in body


def test_the_open_data_catalogue_lists_the_indicators_of_every_cohort(client, example):
    assert "Indicadores del programa" in client.get("/datos/").content.decode()
    body = b"".join(client.get("/datos/indicadores-del-programa.csv").streaming_content).decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(body)))
    assert {r["generacion"] for r in rows} == {"todas", "2017", "2018"}
    total = [r for r in rows if r["generacion"] == "todas" and r["indicador"] == "fellows" and r["desglose"] == "total"]
    assert total[0]["valor"] == "19"
    for email in _emails(example):
        assert email.decode() not in body


def test_xlsx_download_opens_and_holds_the_figures(client, example):
    response = client.get("/programa/indicadores.xlsx?generacion=2017")
    assert response.status_code == 200
    assert 'filename="apertus-indicadores-2017.xlsx"' in response["Content-Disposition"]
    content = b"".join(response.streaming_content)
    workbook = load_workbook(io.BytesIO(content), read_only=True)
    assert workbook.sheetnames == ["Indicadores", "Diccionario"]
    rows = list(workbook["Indicadores"].iter_rows(values_only=True))
    header = rows[0]
    assert header[:5] == ("generacion", "indicador", "indicador_nombre", "desglose", "desglose_nombre")
    # Empty cells at the end of a row are not stored: pad them back.
    data = [dict(zip(header, row + (None,) * (len(header) - len(row)), strict=True)) for row in rows[1:]]
    [total] = [r for r in data if r["indicador"] == "fellows" and r["desglose"] == "total"]
    assert total["valor"] == 16 and total["generacion"] == 2017  # whole numbers are numbers
    [oaxaca_women] = [
        r
        for r in data
        if r["indicador"] == "fellows"
        and r["desglose"] == "entidad_genero"
        and r["clave_entidad"] == "20"
        and r["categoria"] == "mujer"
    ]
    assert oaxaca_women["valor"] == "<3"
    [women] = [r for r in data if r["indicador"] == "aprobacion" and r["categoria"] == "mujer"]
    assert (women["valor"], women["base"]) == (57.1, 7)
    [chihuahua] = [
        r for r in data if r["indicador"] == "aspirantes" and r["desglose"] == "entidad" and r["entidad"] == "Chihuahua"
    ]
    assert chihuahua["clave_entidad"] == "08"  # codes keep their leading zero
    dictionary = list(workbook["Diccionario"].iter_rows(values_only=True))
    assert dictionary[0] == ("Columna", "Descripción") and dictionary[1][0] == "generacion"
    workbook.close()
    emails = {u.email for u in example.people.values()}
    for row in rows:
        assert not emails & {str(v) for v in row}


def test_cohort_index_and_state_page(client, example):
    index = client.get("/programa/").content.decode()
    assert 'href="/programa/2017/"' in index and 'href="/programa/2017/oaxaca/"' in index
    cohort_page = client.get("/programa/2017/").content.decode()
    assert (
        '<tr data-state="oaxaca"><th scope="row"><a href="/programa/2017/oaxaca/">Oaxaca</a></th><td class="num">5<'
        in cohort_page
    )
    response = client.get("/programa/2017/oaxaca/")
    html = response.content.decode()
    assert response.status_code == 200
    assert 'data-testid="fellow-count">5<' in html and 'data-testid="certificate-count">3<' in html
    oax = example.people["oax_w1"]
    # Nobody consented yet: no fellow's name on the public page, only a numbered label.
    assert oax.public_name not in html and "Becario/a 1" in html and "Sociedad civil" in html
    assert "Ver perfil" not in html
    from apertus.program.services import fellow_profile_update

    fellow_profile_update(actor=oax, is_public=True, bio="Trabajo en datos abiertos.")
    html = client.get("/programa/2017/oaxaca/").content.decode()
    assert oax.public_name in html and "Ver perfil" in html
    for email in _emails(example):
        assert email not in response.content
    # The INEGI code leads to the same page; other cohorts' states and unknown states do not exist.
    assert client.get("/programa/2017/20/")["Location"] == "/programa/2017/oaxaca/"
    assert client.get("/programa/2018/oaxaca/").status_code == 404
    assert client.get("/programa/2017/atlantida/").status_code == 404
    assert client.get("/programa/2030/oaxaca/").status_code == 404


def test_state_page_links_the_published_project_stl_and_seminars(client, example):
    from datetime import timedelta

    from django.utils import timezone

    from apertus.learning.models import Seminar
    from apertus.stl.models import Stl
    from apertus.teams.models import TeamProject
    from apertus.territories.models import State

    oaxaca = State.objects.get(code="20")
    project = TeamProject.objects.create(phase=example.first.phase, state=oaxaca, title="Agua abierta")
    Seminar.objects.create(
        program=example.program,
        number=1,
        title="Seminario de Oaxaca",
        starts_at=timezone.now() - timedelta(days=90),
        place="Oaxaca de Juárez",
    )
    html = client.get("/programa/2017/oaxaca/").content.decode()
    assert "Agua abierta" not in html and "aún no se publica" in html  # drafts never leak
    assert "Seminario de Oaxaca" in html and 'href="/formacion/2017/"' in html
    project.is_published = True
    project.save()
    Stl.objects.update_or_create(state=oaxaca, defaults={"is_published": True})
    html = client.get("/programa/2017/oaxaca/").content.decode()
    assert f'href="{project.get_absolute_url()}">Agua abierta<' in html
    assert 'href="/stl/oaxaca/"' in html


def test_existing_pages_link_to_the_cohort_pages(client, db):
    assert 'href="/programa/2017/"' in client.get("/").content.decode()
    assert 'href="/programa/2017/oaxaca/"' in client.get("/estados/oaxaca/").content.decode()


def _add_fellows(group, n_per_state: int) -> None:
    """Fellows in Oaxaca and Sonora, of every gender, half of them with a public profile."""
    for state in ("20", "26"):
        for i in range(n_per_state):
            user = group.fellow(state, ["mujer", "hombre", "no_binaria"][i % 3], sector="academia")
            if i % 2:
                fellow_profile_update(actor=user, is_public=True, bio="Hola")


@pytest.mark.parametrize(
    "url",
    [
        "/programa/2017/indicadores/",
        "/programa/indicadores/",
        "/programa/2017/oaxaca/",
        "/programa/2017/",
        "/api/program/indicators/2017",
        "/api/program/fellows",
    ],
)
def test_query_count_does_not_grow_with_the_number_of_fellows(db, django_assert_num_queries, url):
    group = cohort(1)
    make_course(group.phase)
    _add_fellows(group, 2)  # 4 fellows
    client = client_for(None)
    client.get(url)  # first request of the process: warm-up
    with CaptureQueriesContext(connection) as four:
        assert client.get(url).status_code == 200
    _add_fellows(group, 4)  # 12 fellows
    with django_assert_num_queries(len(four.captured_queries)):
        assert client.get(url).status_code == 200


def test_measured_query_counts(db, django_assert_max_num_queries):
    """The budgets: the indicators page runs one query per breakdown, the state page one per part."""
    example = build_example()
    client = client_for(None)
    with django_assert_max_num_queries(8):
        assert client.get("/programa/2017/indicadores/").status_code == 200
    with django_assert_max_num_queries(9):
        assert client.get("/programa/2017/oaxaca/").status_code == 200
    profile = fellow_profile_update(actor=example.people["oax_w1"], is_public=True, bio="Hola")
    with django_assert_max_num_queries(4):  # profile, fellow roles, team projects, certificates
        assert client.get(profile.get_absolute_url()).status_code == 200
