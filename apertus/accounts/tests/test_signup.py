"""Registration through allauth's own views: profile, privacy consent, e-mail verification, abuse limits."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.test import Client

from apertus.accounts.models import PrivacyConsent, User
from apertus.accounts.privacy import NOTICE_VERSION
from apertus.territories.models import State

PASSWORD = "una-contraseña-larga-7"
SIGNUP = "/cuentas/signup/"


@pytest.fixture
def oaxaca(db):
    return State.objects.get(code="20")


def signup_data(state, **changes):
    data = {
        "email": "Nora.Ruiz@Ejemplo.MX",
        "password1": PASSWORD,
        "password2": PASSWORD,
        "first_name": "Nora",
        "last_name": "Ruiz Pérez",
        "state": state.pk,
        "municipality": state.municipalities.order_by("code").first().pk,
        "sector": "academia",
        "organization_name": "Colectivo Agua Limpia",
        "accept_privacy": "on",
        "sitio_web": "",
    }
    data.update(changes)
    return data


def all_mail_text() -> str:
    parts = []
    for message in mail.outbox:
        parts += [message.subject, message.body] + [content for content, _type in getattr(message, "alternatives", [])]
    return "\n".join(parts)


def test_full_signup_flow_verifies_by_email_and_never_mails_the_password(oaxaca):
    browser = Client()
    response = browser.post(SIGNUP, signup_data(oaxaca))
    assert response.status_code == 302 and response["Location"] == "/cuentas/confirm-email/"

    user = User.objects.get(email="nora.ruiz@ejemplo.mx")
    assert (user.first_name, user.last_name, user.state, user.sector) == ("Nora", "Ruiz Pérez", oaxaca, "academia")
    assert user.municipality.state == oaxaca and user.organization_name == "Colectivo Agua Limpia"
    assert not EmailAddress.objects.get(user=user).verified

    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["nora.ruiz@ejemplo.mx"]
    assert PASSWORD not in all_mail_text()
    link = re.search(r"https?://[^/\s]+(/cuentas/confirm-email/[^/\s]+/)", mail.outbox[0].body).group(1)

    # Not verified yet: the right password does not open a session.
    elsewhere = Client()
    elsewhere.post("/cuentas/login/", {"login": user.email, "password": PASSWORD})
    assert not elsewhere.get("/").context["user"].is_authenticated

    confirm = Client()
    assert confirm.get(link).status_code == 200
    assert confirm.post(link).status_code == 302
    assert EmailAddress.objects.get(user=user).verified

    fresh = Client()
    assert fresh.post("/cuentas/login/", {"login": user.email, "password": PASSWORD}).status_code == 302
    assert fresh.get("/").context["user"] == user
    assert PASSWORD not in all_mail_text()


def test_signup_stores_the_privacy_consent_with_a_hash_not_the_ip(oaxaca):
    Client(REMOTE_ADDR="203.0.113.9").post(SIGNUP, signup_data(oaxaca))
    consent = PrivacyConsent.objects.get(user__email="nora.ruiz@ejemplo.mx")
    assert consent.notice_version == NOTICE_VERSION and consent.revoked_at is None
    assert len(consent.ip_hash) == 64 and "203.0.113.9" not in consent.ip_hash
    # the same address gives the same hash (two sign-ups can be matched), another does not
    Client(REMOTE_ADDR="203.0.113.9").post(SIGNUP, signup_data(oaxaca, email="otra@ejemplo.mx"))
    Client(REMOTE_ADDR="198.51.100.1").post(SIGNUP, signup_data(oaxaca, email="tercera@ejemplo.mx"))
    hashes = dict(PrivacyConsent.objects.values_list("user__email", "ip_hash"))
    assert hashes["otra@ejemplo.mx"] == consent.ip_hash != hashes["tercera@ejemplo.mx"]


def test_signup_without_accepting_the_privacy_notice_is_refused(oaxaca):
    response = Client().post(SIGNUP, signup_data(oaxaca, accept_privacy=""))
    assert response.status_code == 200
    assert "debes aceptar el aviso de privacidad" in response.content.decode()
    assert not User.objects.filter(email="nora.ruiz@ejemplo.mx").exists()
    assert not mail.outbox


def test_municipality_of_another_state_is_refused(oaxaca):
    sonora_town = State.objects.get(code="26").municipalities.first()
    response = Client().post(SIGNUP, signup_data(oaxaca, municipality=sonora_town.pk))
    assert response.status_code == 200
    assert "El municipio no pertenece a la entidad elegida." in response.content.decode()
    assert not User.objects.filter(email="nora.ruiz@ejemplo.mx").exists()
    assert not PrivacyConsent.objects.exists() and not mail.outbox


def test_honeypot_refuses_silently_and_creates_nothing(oaxaca):
    response = Client().post(SIGNUP, signup_data(oaxaca, sitio_web="http://spam.example"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "No pudimos completar el registro" in html
    assert not User.objects.exists()
    assert not PrivacyConsent.objects.exists() and not mail.outbox


def test_signup_is_rate_limited_per_address(oaxaca, settings):
    assert settings.ACCOUNT_RATE_LIMITS["signup"] == "20/h/ip"
    bot = Client(REMOTE_ADDR="192.0.2.50")
    statuses = [bot.post(SIGNUP, {"email": f"bot{i}@ejemplo.mx"}).status_code for i in range(20)]
    assert set(statuses) == {200}  # invalid forms, but each attempt counts
    assert bot.post(SIGNUP, signup_data(oaxaca)).status_code == 429
    assert not User.objects.filter(email="nora.ruiz@ejemplo.mx").exists()
    # another address is not affected
    assert Client(REMOTE_ADDR="192.0.2.51").post(SIGNUP, signup_data(oaxaca)).status_code == 302


def test_signup_page_links_the_notice_hides_the_honeypot_and_groups_municipalities(db):
    html = Client().get(SIGNUP).content.decode()
    assert 'href="/privacidad/"' in html
    assert re.search(r'<p class="visually-hidden" aria-hidden="true">[^\n]*name="sitio_web"[^\n]*tabindex="-1"', html)
    assert '<optgroup label="Oaxaca">' in html and 'data-filter-by="id_state"' in html
    assert "style=" not in html and "<script>" not in html  # CSP: no inline style or script


def test_privacy_notice_is_public_versioned_and_says_what_is_public(db):
    response = Client().get("/privacidad/")
    assert response.status_code == 200
    html = response.content.decode()
    assert f"Versión {NOTICE_VERSION}" in html
    assert "ARCO" in html and "correo electrónico" in html
    assert 'data-testid="notice-version"' in html
