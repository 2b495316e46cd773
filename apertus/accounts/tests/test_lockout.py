"""Log-in limits: per account from any address, per address across accounts, never one for another."""

import pytest
from django.test import Client

from apertus.accounts.services import email_mark_verified, user_create

PASSWORD = "contraseña-de-prueba-1"
LOGIN = "/cuentas/login/"


def attempt(email, password, ip="10.0.0.1", forwarded=None):
    extra = {"REMOTE_ADDR": ip}
    if forwarded:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return Client().post(LOGIN, {"login": email, "password": password}, **extra)


def account(email):
    user = user_create(email=email, password=PASSWORD)
    email_mark_verified(user=user)
    return user


def logged_in(response) -> bool:
    return response.status_code == 302 and response["Location"] == "/"


@pytest.fixture
def two_accounts(db):
    account("ana@ejemplo.mx")
    account("beto@ejemplo.mx")


def test_failures_on_one_account_never_block_another_from_the_same_address(two_accounts, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT + 3):
        attempt("ana@ejemplo.mx", "equivocada")
    assert attempt("ana@ejemplo.mx", PASSWORD).status_code == 429
    assert logged_in(attempt("beto@ejemplo.mx", PASSWORD))
    assert logged_in(attempt("beto@ejemplo.mx", PASSWORD, ip="10.0.0.2"))


def test_many_addresses_against_one_account_are_limited(two_accounts, settings):
    for n in range(settings.AXES_FAILURE_LIMIT):
        attempt("ana@ejemplo.mx", "equivocada", ip=f"10.1.0.{n + 1}")
    # the account is locked from every address, even with the right password and another case
    locked = attempt("Ana@Ejemplo.MX", PASSWORD, ip="10.9.9.9")
    assert locked.status_code == 429
    assert logged_in(attempt("beto@ejemplo.mx", PASSWORD, ip="10.1.0.1"))


def test_a_locked_account_is_told_when_to_retry(two_accounts, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        attempt("ana@ejemplo.mx", "equivocada")
    locked = attempt("ana@ejemplo.mx", PASSWORD)
    assert locked.status_code == 429
    retry = int(locked["Retry-After"])
    assert 0 < retry <= settings.AXES_COOLOFF_TIME * 3600
    assert "Vuelve a intentarlo en 15 minutos" in locked.content.decode()


def test_success_resets_the_accounts_counter(two_accounts, settings):
    for _round in range(3):
        for _ in range(settings.AXES_FAILURE_LIMIT - 1):
            attempt("ana@ejemplo.mx", "equivocada")
        assert logged_in(attempt("ana@ejemplo.mx", PASSWORD))


def test_behind_the_proxy_each_client_is_its_own_address(two_accounts, settings):
    """With TRUSTED_PROXY_COUNT=1 the client is X-Forwarded-For's last entry, not the proxy."""
    from axes.models import AccessAttempt

    settings.TRUSTED_PROXY_COUNT = 1
    attempt("ana@ejemplo.mx", "equivocada", ip="192.0.2.1", forwarded="1.2.3.4, 203.0.113.7")
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"203.0.113.7"}
    settings.TRUSTED_PROXY_COUNT = 0
    attempt("ana@ejemplo.mx", "equivocada", ip="192.0.2.1", forwarded="1.2.3.4")
    assert "192.0.2.1" in set(AccessAttempt.objects.values_list("ip_address", flat=True))


def test_one_address_guessing_across_accounts_is_limited(db, settings):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "login_failed": "4/m/ip"}
    for n in range(4):
        account(f"p{n}@ejemplo.mx")
        attempt(f"p{n}@ejemplo.mx", "equivocada", ip="10.3.0.1")
    account("p9@ejemplo.mx")
    refused = attempt("p9@ejemplo.mx", PASSWORD, ip="10.3.0.1")
    assert not logged_in(refused)
    assert logged_in(attempt("p9@ejemplo.mx", PASSWORD, ip="10.3.0.2"))
