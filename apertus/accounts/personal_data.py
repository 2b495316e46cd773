"""A person's own data, across every app: what they can download, and what goes when they leave.

Two registries, filled from each app's manifest (``AppManifest.personal_data`` and
``AppManifest.account_deletion``) by ``register_from_manifests`` when the accounts app is ready:

``personal_data={name: fn}``
    ``fn(user)`` returns JSON-serialisable data (dicts, lists, strings, numbers, dates) with
    everything the app holds about ``user``: their proposals, comments, supports, follows,
    notification preferences, table registrations... Only that person's own records, and never
    secrets (password or token hashes). ``name`` becomes the key in the download, in Spanish
    (``"propuestas"``, ``"comentarios"``). Example, in ``apertus/surveys/apps.py``::

        manifest = AppManifest(personal_data={"cuestionarios_y_encuestas": "apertus.surveys.personal_data.personal_data"},
                               account_deletion=("apertus.surveys.personal_data.forget",))

``account_deletion=(fn, ...)``
    ``fn(user)`` removes what must not outlive the account (follows, notification preferences,
    pending e-mails). It runs inside ``account_delete``'s transaction, before the person is
    anonymised. Contributions (proposals, comments, supports) are NOT deleted: they stay, and
    their author, now "Persona eliminada", is what public pages show.

``/mi-cuenta/datos.json`` serves ``personal_data_for(request.user)``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.utils import timezone

from apertus.core.manifest import app_manifests, resolve

DataProvider = Callable[[Any], Any]
DeletionHook = Callable[[Any], None]

_PROVIDERS: dict[str, DataProvider] = {}
_DELETION_HOOKS: list[DeletionHook] = []


def register_personal_data(name: str, fn: DataProvider) -> None:
    if name in _PROVIDERS and _PROVIDERS[name] is not fn:
        raise ValueError(f"personal data {name!r} is registered twice")
    _PROVIDERS[name] = fn


def register_account_deletion(fn: DeletionHook) -> None:
    if fn not in _DELETION_HOOKS:
        _DELETION_HOOKS.append(fn)


def register_from_manifests() -> None:
    for _config, manifest in app_manifests():
        for name, ref in manifest.personal_data.items():
            register_personal_data(name, resolve(ref))
        for ref in manifest.account_deletion:
            register_account_deletion(resolve(ref))


def personal_data_for(user) -> dict:
    from apertus.accounts.privacy import NOTICE_VERSION

    return {
        "generado": timezone.now(),
        "aviso_de_privacidad_vigente": NOTICE_VERSION,
        "datos": {name: fn(user) for name, fn in _PROVIDERS.items()},
    }


def run_deletion_hooks(user) -> None:
    for hook in _DELETION_HOOKS:
        hook(user)


# What the accounts app itself holds.


def _named(obj, attr: str = "short_name"):
    return getattr(obj, attr) if obj is not None else None


def _profile(user) -> dict:
    from apertus.accounts.models import User

    return {
        "correo": user.email,
        "nombre": user.first_name,
        "apellidos": user.last_name,
        "entidad": _named(user.state),
        "municipio": _named(user.municipality, "name"),
        "sector": user.sector,
        "organizacion": _named(user.organization, "name"),
        "organizacion_declarada": user.organization_name,
        "alta": user.date_joined,
        # From the database: the person a request carries may be kept from before their latest log-in
        # (accounts/backends.py).
        "ultimo_acceso": User.objects.filter(pk=user.pk).values_list("last_login", flat=True).first(),
        "activa": user.is_active,
    }


def _roles(user) -> list[dict]:
    from apertus.accounts.models import RoleAssignment

    rows = (
        RoleAssignment.objects.filter(user=user).select_related("state", "phase", "organization").order_by("starts_on")
    )
    return [
        {
            "rol": r.role,
            "entidad": _named(r.state),
            "fase": str(r.phase) if r.phase_id else None,
            "organizacion": _named(r.organization, "name"),
            "sector": r.sector,
            "desde": r.starts_on,
            "hasta": r.ends_on,
        }
        for r in rows
    ]


def _consents(user) -> list[dict]:
    return [
        {"version": c.notice_version, "aceptado": c.accepted_at, "revocado": c.revoked_at, "huella_ip": c.ip_hash}
        for c in user.privacy_consents.order_by("accepted_at")
    ]


def _emails(user) -> list[dict]:
    from allauth.account.models import EmailAddress

    return [
        {"correo": e.email, "verificado": e.verified, "principal": e.primary}
        for e in EmailAddress.objects.filter(user=user).order_by("email")
    ]


def _tokens(user) -> list[dict]:
    # Names and dates only: the hash (and the prefix, part of the secret) never leave the server.
    return [
        {"nombre": t.name, "creado": t.created_at, "ultimo_uso": t.last_used_at, "revocado": t.revoked_at}
        for t in user.api_tokens.order_by("created_at")
    ]


register_personal_data("cuenta", _profile)
register_personal_data("roles", _roles)
register_personal_data("consentimientos_de_privacidad", _consents)
register_personal_data("correos", _emails)
register_personal_data("tokens_api", _tokens)
