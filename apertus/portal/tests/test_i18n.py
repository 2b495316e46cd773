from pathlib import Path

import polib
from django.conf import settings


def test_spanish_is_the_default(client, db):
    html = client.get("/").content.decode()
    assert "Dónde trabaja el programa" in html
    assert "Where the program works" not in html


def test_language_switch_to_english_and_back(client, db):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/estados/oaxaca/"})
    assert response.status_code == 302 and response["Location"] == "/estados/oaxaca/"
    html = client.get("/").content.decode()
    assert '<html lang="en">' in html
    assert "Where the program works" in html
    assert "First phase (2017)" in html
    assert "Clean water and sanitation" in client.get("/ods/").content.decode()
    client.post("/i18n/setlang/", {"language": "es", "next": "/"})
    assert "Dónde trabaja el programa" in client.get("/").content.decode()


def test_switch_refuses_to_redirect_elsewhere(client, db):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "https://evil.example/"})
    assert "evil.example" not in response.get("Location", "")


def test_english_catalogue_is_complete_and_compiled():
    po_path = Path(settings.BASE_DIR) / "apertus/locale/en/LC_MESSAGES/django.po"
    catalogue = polib.pofile(str(po_path))
    untranslated = [e.msgid for e in catalogue.untranslated_entries()]
    fuzzy = [e.msgid for e in catalogue.fuzzy_entries()]
    assert not untranslated, untranslated[:10]
    assert not fuzzy, fuzzy[:10]
    compiled = polib.mofile(str(po_path.with_suffix(".mo")))
    po = {e.msgid: e.msgstr for e in catalogue.translated_entries() if not e.msgid_plural}
    mo = {e.msgid: e.msgstr for e in compiled if e.msgid and not e.msgid_plural}
    assert po == mo, "the .mo is stale: run `make messages`"
