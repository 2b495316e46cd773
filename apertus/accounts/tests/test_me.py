import re

from apertus.accounts.models import ApiToken
from apertus.core.testing import client_for


def test_my_account_needs_login_and_shows_my_roles(people, client):
    assert client.get("/mi-cuenta/").status_code == 302
    html = client_for(people["stl_oaxaca"]).get("/mi-cuenta/").content.decode()
    assert "Integrante del STL" in html and "Oaxaca" in html


def test_token_is_shown_once_and_can_be_revoked(people):
    client = client_for(people["stl_oaxaca"])
    client.post("/mi-cuenta/tokens/nuevo/", {"name": "Hoja de seguimiento"})
    first = client.get("/mi-cuenta/").content.decode()
    raw = re.search(r'data-testid="new-token">(apx_[^<]+)<', first).group(1)
    assert raw not in client.get("/mi-cuenta/").content.decode()  # gone on the next visit
    token = ApiToken.objects.get(user=people["stl_oaxaca"])
    assert token.key_hash != raw
    # someone else cannot revoke it
    assert client_for(people["stl_sonora"]).post(f"/mi-cuenta/tokens/{token.pk}/revocar/").status_code == 404
    client.post(f"/mi-cuenta/tokens/{token.pk}/revocar/")
    token.refresh_from_db()
    assert token.revoked_at is not None


def test_token_needs_a_name(people):
    client = client_for(people["citizen"])
    client.post("/mi-cuenta/tokens/nuevo/", {"name": "  "})
    assert not ApiToken.objects.exists()
