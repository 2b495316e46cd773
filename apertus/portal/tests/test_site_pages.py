"""The footer and the pages it links to: terms, contact, accessibility statement, data licence."""

import re

import pytest
from django.test import override_settings

from apertus.accounts.demo import demo_people_load
from apertus.program.demo import fellows_demo_load

FOOTER_LINKS = ["/privacidad/", "/terminos/", "/contacto/", "/accesibilidad/", "/licencia-de-datos/"]


def _footer(html: str) -> str:
    return html[html.index('<footer class="site-footer">') :]


@pytest.mark.parametrize("url", ["/", "/datos/", "/terminos/"])
def test_every_page_has_a_footer_with_the_site_pages(client, db, url):
    footer = _footer(client.get(url).content.decode())
    assert 'aria-label="Pie de página"' in footer
    for link in FOOTER_LINKS:
        assert f'href="{link}"' in footer


@pytest.mark.parametrize(
    "url, heading",
    [
        ("/terminos/", "Términos de uso"),
        ("/contacto/", "Contacto"),
        ("/accesibilidad/", "Declaración de accesibilidad"),
        ("/licencia-de-datos/", "Licencia de datos"),
    ],
)
def test_site_pages_answer_with_their_heading_and_title(client, db, url, heading):
    response = client.get(url)
    html = response.content.decode()
    assert response.status_code == 200
    assert f"<h1>{heading}</h1>" in html
    assert f"<title>{heading} · Apertus</title>" in html


@override_settings(CONTACT_EMAIL="escribe@ejemplo.mx")
def test_contact_page_shows_the_configured_address_and_the_partners(client, db):
    demo_people_load()
    fellows_demo_load()
    html = client.get("/contacto/").content.decode()
    assert 'href="mailto:escribe@ejemplo.mx"' in html
    partners = html[html.index('data-testid="partners"') :]
    for partner in ["Programa de las Naciones Unidas para el Desarrollo", "USAID", "INAI"]:
        assert partner in partners
    assert "Implementa" in partners  # each partner's role


def test_contact_email_comes_from_the_environment(monkeypatch):
    import importlib

    import apertus.settings as settings_module

    monkeypatch.setenv("CONTACT_EMAIL", "mesa@gob.mx")
    try:
        assert importlib.reload(settings_module).CONTACT_EMAIL == "mesa@gob.mx"
        monkeypatch.delenv("CONTACT_EMAIL")
        assert "@" in importlib.reload(settings_module).CONTACT_EMAIL  # a sensible default
    finally:
        importlib.reload(settings_module)


@override_settings(CONTACT_EMAIL="accesible@ejemplo.mx")
def test_accessibility_statement_names_the_target_limitations_and_how_to_report(client, db):
    html = client.get("/accesibilidad/").content.decode()
    assert "WCAG) 2.2" in html and "nivel AA" in html
    assert "Limitaciones conocidas" in html
    assert 'id="reportar"' in html and "mailto:accesible@ejemplo.mx" in html


def test_data_licence_page_gives_cc_by_and_the_reference_data_licences(client, db):
    html = client.get("/licencia-de-datos/").content.decode()
    assert 'rel="license"' in html and "CC BY 4.0" in html
    for source in ["INEGI", "open-sdg/sdg-translations", "MIT", "@svg-maps/mexico", "LNPP-CIDE"]:
        assert source in html
    assert 'href="/datos/"' in html


def test_site_pages_are_translatable_and_render_in_english(client, db):
    client.cookies["django_language"] = "en"
    for url in ["/terminos/", "/contacto/", "/accesibilidad/", "/licencia-de-datos/"]:
        response = client.get(url, HTTP_ACCEPT_LANGUAGE="en")
        assert response.status_code == 200
        assert '<html lang="en">' in response.content.decode()


def test_site_pages_are_in_the_sitemap(client, db):
    xml = client.get("/sitemap-static.xml").content.decode()
    for link in FOOTER_LINKS:
        assert re.search(rf"<loc>https?://[^<]+{re.escape(link)}</loc>", xml), link


@pytest.mark.parametrize("url", ["/terminos/", "/contacto/", "/accesibilidad/", "/licencia-de-datos/"])
def test_site_pages_only_answer_get(client, db, url):
    assert client.post(url).status_code == 405
    assert client.get(url + "?x=%3Cscript%3E").status_code == 200  # a stray parameter is ignored


@pytest.mark.parametrize(
    "url, title",
    [
        ("/", "Gobierno abierto desde lo local para el desarrollo sostenible · Apertus"),
        ("/datos/", "Datos abiertos · Apertus"),
        ("/estados/", "Estados · Apertus"),
        ("/privacidad/", "Aviso de privacidad · Apertus"),
        ("/cuentas/login/", "Iniciar sesión · Apertus"),
    ],
)
def test_tab_titles_read_page_title_then_apertus(client, db, url, title):
    html = client.get(url).content.decode()
    assert re.search(r"<title>(.*?)</title>", html, re.S).group(1).strip() == title
