import pytest

from apertus.accounts.demo import demo_people_load
from apertus.core.testing import assert_matrix, everyone, only
from apertus.program.demo import fellows_demo_load

PUBLIC_PAGES = [
    "/",
    "/estados/",
    "/estados/oaxaca/",
    "/estados/aguascalientes/",
    "/ods/",
    "/ods/16/",
    "/organizaciones/",
    "/datos/",
    "/acerca-de-los-datos/",
    "/api/states/",
    "/privacidad/",
    "/terminos/",
    "/contacto/",
    "/accesibilidad/",
    "/licencia-de-datos/",
]


def test_home_shows_the_program_computed_from_the_database(client, db):
    demo_people_load()
    fellows_demo_load()
    response = client.get("/")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="es-MX">' in html
    assert 'data-testid="count-states">15<' in html
    assert 'data-testid="count-fellows">60<' in html
    # the map: 32 outlines, 15 of them links to their state page, coloured by phase
    assert html.count('class="map-state') == 32
    assert html.count('class="map-link"') == 15
    assert 'href="/estados/oaxaca/"' in html and 'fill="#0b5f8a"' in html and 'fill="#b34700"' in html
    assert 'href="/estados/aguascalientes/" class="map-link"' not in html
    for partner in ["PNUD", "USAID", "INAI", "GESOC", "ProSociedad", "Gobierno Fácil"]:
        assert partner in html


def test_home_counts_follow_the_data(client, db):
    html = client.get("/").content.decode()
    assert 'data-testid="count-fellows">0<' in html  # no demo loaded: nothing invented


# The SDG and state pages also read what serves the goal and the state's SDG context (results app):
# a few more queries, still a fixed number (apertus/results/tests checks them at ×10 data).
# /datos/ counts the rows of each registered dataset when the data changed (then cached): a cost that
# follows the number of datasets, not the number of records (on PostgreSQL each dataset is read in
# its own transaction with its SET LOCAL settings: 98 statements today).
BUDGET = {"/datos/": 100, "/ods/16/": 16, "/estados/oaxaca/": 14, "/estados/aguascalientes/": 14}


@pytest.mark.parametrize("url", PUBLIC_PAGES)
def test_public_pages_run_a_bounded_number_of_queries(client, db, django_assert_max_num_queries, url):
    with django_assert_max_num_queries(BUDGET.get(url, 10)):
        assert client.get(url).status_code == 200


def test_state_page_shows_phase_guarantor_members_and_population(client, db):
    html = client.get("/estados/morelos/").content.decode()
    assert "Primera fase (2017)" in html
    assert "Instituto Morelense de Información Pública y Estadística" in html
    assert "COPARMEX" in html  # a real member institution from the program data
    assert "1,971,520" in html or "1971520" in html or "1 971 520" in html


def test_non_participating_state_says_so(client, db):
    assert "no participa" in client.get("/estados/zacatecas/").content.decode()


def test_sdg_page_lists_targets_and_indicators(client, db):
    html = client.get("/ods/6/").content.decode()
    assert "Agua Limpia y Saneamiento" in html
    assert "Meta 6.1" in html and "6.1.1" in html
    assert html.count('class="target"') == 8


def test_unknown_pages_give_a_styled_404_in_the_users_language(client, db):
    response = client.get("/no-existe/")
    assert response.status_code == 404
    assert "No encontramos esta página" in response.content.decode()
    assert 'class="site-header"' in response.content.decode()
    client.cookies["apertus_language"] = "en"
    response = client.get("/no-existe/")
    assert response.status_code == 404
    assert "We could not find this page" in response.content.decode()
    for url in [
        "/estados/atlantida/",
        "/ods/18/",
        "/ods/vocabulario/sdg_goal/",
        "/organizaciones/nadie/",
        "/datos/nada.csv",
    ]:
        assert client.get(url).status_code == 404, url


def test_foundation_permission_matrix(people):
    matrix = {
        ("GET", url): everyone(200)
        for url in [
            "/",
            "/estados/oaxaca/",
            "/ods/16/",
            "/datos/",
            "/terminos/",
            "/contacto/",
            "/accesibilidad/",
            "/licencia-de-datos/",
        ]
    }
    matrix[("GET", "/admin/")] = only(["coordinator"], 200, 302)
    matrix[("GET", "/admin/accounts/user/")] = only(["coordinator"], 200, 302)
    matrix[("GET", "/admin/organizations/organization/")] = only(["coordinator"], 200, 302)
    matrix[("POST", "/")] = everyone(405)
    matrix[("POST", "/contacto/")] = everyone(405)
    assert_matrix(people, matrix)


def test_admin_is_in_spanish(people):
    from apertus.core.testing import client_for

    html = client_for(people["coordinator"]).get("/admin/").content.decode()
    assert "Coordinación del programa" in html and "Organizaciones" in html


def test_security_headers(client, db):
    response = client.get("/")
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
