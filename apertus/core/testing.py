"""Test helpers every app uses: people in each role, and the permission matrix checker.

``people`` gives one active user per role (scoped to Oaxaca where a state applies, plus an STL
member of Sonora to try the wrong state). ``assert_matrix`` runs a roles × requests table and
reports every cell that differs, not just the first.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.test import Client

ROLE_KEYS = [
    "anonymous",
    "citizen",
    "applicant",
    "fellow_oaxaca",
    "stl_oaxaca",
    "stl_sonora",
    "facilitator",
    "advisor",
    "monitor",
    "coordinator",
]


def make_people():
    from apertus.accounts.models import Role
    from apertus.accounts.services import email_mark_verified, role_assign, user_create
    from apertus.territories.models import State

    oaxaca = State.objects.get(code="20")
    sonora = State.objects.get(code="26")
    phase = getattr(oaxaca, "participation", None)
    spec = {
        "citizen": (None, None),
        "applicant": (Role.APPLICANT, None),
        "fellow_oaxaca": (Role.FELLOW, oaxaca),
        "stl_oaxaca": (Role.STL_MEMBER, oaxaca),
        "stl_sonora": (Role.STL_MEMBER, sonora),
        "facilitator": (Role.FACILITATOR, None),
        "advisor": (Role.ADVISOR, None),
        "monitor": (Role.MONITOR, None),
        "coordinator": (Role.COORDINATOR, None),
    }
    people = {"anonymous": None}
    for key, (role, state) in spec.items():
        user = user_create(email=f"{key.replace('_', '.')}@test.apertus.mx", password="contraseña-de-prueba-1",
                           first_name=key.title(), last_name="Prueba", state=state)
        email_mark_verified(user=user)
        if role:
            role_assign(actor=None, user=user, role=role, state=state,
                        phase=phase.phase if (role == Role.FELLOW and phase) else None,
                        sector="gobierno" if role == Role.STL_MEMBER else "")
        people[key] = user
    return people


@pytest.fixture
def people(db):
    return make_people()


def client_for(user) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user, backend="allauth.account.auth_backends.AuthenticationBackend")
    return client


@dataclass
class Cell:
    role: str
    method: str
    url: str
    expected: int | tuple[int, ...]
    got: int


def assert_matrix(people: dict, matrix: dict[tuple[str, str], dict[str, int | tuple[int, ...]]], data=None) -> None:
    """``matrix[(method, url)][role] = expected status``; every role in ROLE_KEYS must be listed.

    Fails once, listing every mismatching cell, so a permission regression reads as a table.
    """
    failures: list[Cell] = []
    clients = {role: client_for(people[role]) for role in ROLE_KEYS}  # one log-in per role, not per cell
    for (method, url), expectations in matrix.items():
        missing = set(ROLE_KEYS) - set(expectations)
        assert not missing, f"{method} {url}: no expectation for {sorted(missing)}"
        for role in ROLE_KEYS:
            expected = expectations[role]
            client = clients[role]
            response = client.get(url) if method == "GET" else client.post(url, data or {})
            allowed = expected if isinstance(expected, tuple) else (expected,)
            if response.status_code not in allowed:
                failures.append(Cell(role, method, url, expected, response.status_code))
    if failures:
        lines = [f"  {c.method} {c.url} as {c.role}: expected {c.expected}, got {c.got}" for c in failures]
        pytest.fail("Permission matrix mismatches:\n" + "\n".join(lines))


def everyone(status: int | tuple[int, ...]) -> dict[str, int | tuple[int, ...]]:
    return dict.fromkeys(ROLE_KEYS, status)


def only(allowed: list[str], yes: int | tuple[int, ...], no: int | tuple[int, ...]) -> dict:
    return {role: (yes if role in allowed else no) for role in ROLE_KEYS}


def assert_inert(html: str) -> None:
    """Fail if rendered HTML could run script: tags, event handlers, or script-bearing URLs."""
    from html.parser import HTMLParser

    problems: list[str] = []

    class Checker(HTMLParser):
        def handle_starttag(self, tag, attrs):
            if tag in {"script", "iframe", "object", "embed", "svg", "math", "img", "style", "form", "input", "base", "link", "meta"}:
                problems.append(f"<{tag}>")
            for name, value in attrs:
                if name.startswith("on") or name in {"style", "srcdoc", "formaction"}:
                    problems.append(f"{tag}[{name}]")
                if name in {"href", "src", "action", "xlink:href"} and value:
                    scheme = value.strip().lower().replace("\x00", "").split(":", 1)[0]
                    if ":" in value and scheme not in {"http", "https", "mailto"}:
                        problems.append(f"{tag}[{name}={value[:30]}]")

    Checker().feed(html)
    assert not problems, f"active content survived sanitising: {problems}"
