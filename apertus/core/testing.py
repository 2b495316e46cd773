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
        user = user_create(
            email=f"{key.replace('_', '.')}@test.apertus.mx",
            password="contraseña-de-prueba-1",
            first_name=key.title(),
            last_name="Prueba",
            state=state,
        )
        email_mark_verified(user=user)
        if role:
            role_assign(
                actor=None,
                user=user,
                role=role,
                state=state,
                phase=phase.phase if (role == Role.FELLOW and phase) else None,
                sector="gobierno" if role == Role.STL_MEMBER else "",
            )
        people[key] = user
    return people


@pytest.fixture
def people(db):
    return make_people()


def client_for(user) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user, backend="apertus.accounts.backends.AuthenticationBackend")
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
            if tag in {
                "script",
                "iframe",
                "object",
                "embed",
                "svg",
                "math",
                "img",
                "style",
                "form",
                "input",
                "base",
                "link",
                "meta",
            }:
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


# --- Reference and demo data, made once per test database and put back cheaply --------------------
#
# ``manage.py load_reference`` takes seconds (it reads the CSV files, upserts thousands of SDG series
# values and indexes every organisation for the search), ``load_demo`` longer. A transactional test
# (browser tests, real threads) ends by emptying every table, so the next database test needs the
# reference data back: instead of loading it again, the rows ``load_reference`` wrote are kept in
# memory once per worker, right after it ran, and written back in one transaction, ids included.
# Browser tests that show the demo data do the same with the rows ``load_demo`` adds.

Rows = list[tuple[str, list[str], list[tuple]]]
_reference_rows: Rows | None = None
_demo_rows: Rows | None = None


def _tables() -> list[str]:
    from django.db import connection

    tables = sorted(connection.introspection.django_table_names(only_existing=True, include_views=False))
    if connection.vendor == "sqlite":
        tables.append("search_fts")  # the search index's full-text table: not a model, never flushed
    return tables


def _rows_now() -> Rows:
    """Every row of every table, as the database holds them now."""
    from django.db import connection

    rows = []
    with connection.cursor() as cursor:
        for table in _tables():
            if table == "search_fts":
                cursor.execute("SELECT rowid, title, body, title_en, body_en FROM search_fts")
            else:
                cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608
            found = cursor.fetchall()
            if found:
                rows.append((table, [column[0] for column in cursor.description], found))
    return rows


def _rows_restore(kept: Rows) -> None:
    """Make every table hold exactly the kept rows, in one transaction, and forget cached pages.

    Foreign keys are checked at commit (Django creates them deferrable on SQLite and PostgreSQL), so
    the order of the tables does not matter. Sequences are moved past the restored ids. Content
    types, permissions and the site, which post_migrate makes again after a flush (new ids), are
    replaced by the kept rows too, so their ids match what Django cached before.
    """
    from django.apps import apps
    from django.core.cache import caches
    from django.core.management.color import no_style
    from django.db import connection, transaction

    quote = connection.ops.quote_name
    with transaction.atomic(), connection.cursor() as cursor:
        for table in _tables():
            cursor.execute(f"DELETE FROM {quote(table)}")  # noqa: S608
        for table, columns, rows in kept:
            names = ", ".join(quote(column) for column in columns)
            marks = ", ".join(["%s"] * len(columns))
            cursor.executemany(f"INSERT INTO {quote(table)} ({names}) VALUES ({marks})", rows)  # noqa: S608
        restored = {table for table, _columns, _rows in kept}
        models = [model for model in apps.get_models(include_auto_created=True) if model._meta.db_table in restored]
        for sql in connection.ops.sequence_reset_sql(no_style(), models):
            cursor.execute(sql)
    for cache in caches.all():
        cache.clear()


def reference_snapshot_take() -> None:
    """Keep the database as it is now: right after ``load_reference`` (conftest.py's django_db_setup)."""
    global _reference_rows
    _reference_rows = _rows_now()


def reference_data_ensure() -> None:
    """The reference data is there (one query), or is put back from the kept rows (after a flush)."""
    from apertus.territories.models import State

    if _reference_rows is None:
        raise RuntimeError("reference_snapshot_take() has not run: conftest.py's django_db_setup takes it")
    if not State.objects.exists():
        _rows_restore(_reference_rows)


def demo_data_load() -> None:
    """``load_demo``, for a test that starts with only the reference data (in a transaction or not).

    The first time in a worker it runs the command and keeps the rows; after that it writes the kept
    rows back. The demo logins' passwords stay valid: ``load_demo`` keeps them in VAR_DIR and reuses them.
    """
    from django.core.management import call_command

    global _demo_rows
    if _demo_rows is None:
        call_command("load_demo", quiet=True)
        _demo_rows = _rows_now()
    else:
        _rows_restore(_demo_rows)
