"""The test database is built from the models (``--nomigrations``), so the migrations get their own
checks: they describe the models exactly, and they apply, in order, on an empty database of the
same kind as the tests use (SQLite, or PostgreSQL when DATABASE_URL names one)."""

import os
import subprocess
import sys
import uuid
from pathlib import Path

from django.conf import settings
from django.db import connection

ROOT = Path(__file__).resolve().parents[3]


def _manage(*args: str, database_url: str) -> subprocess.CompletedProcess:
    # In its own process: pytest-django turns migrations off in this one (--nomigrations).
    env = {**os.environ, "DATABASE_URL": database_url, "APERTUS_ENV": "test"}
    return subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )


def test_the_migrations_match_the_models(tmp_path):
    result = _manage("makemigrations", "--check", "--dry-run", database_url=f"sqlite:///{tmp_path / 'x.sqlite3'}")
    assert result.returncode == 0, "models changed without a migration:\n" + result.stdout + result.stderr


def _migrate(database_url: str) -> subprocess.CompletedProcess:
    return _manage("migrate", "--noinput", "-v", "1", database_url=database_url)


def _postgres_url(name: str) -> str:
    db = settings.DATABASES["default"]
    auth = db["USER"] + (f":{db['PASSWORD']}" if db.get("PASSWORD") else "")
    return f"postgres://{auth}@{db.get('HOST') or '127.0.0.1'}:{db.get('PORT') or 5432}/{name}"


def _server(sql: str) -> None:
    """Run ``sql`` on the PostgreSQL server of the tests, outside any transaction."""
    import psycopg

    params = {**connection.get_connection_params(), "dbname": "postgres"}
    params.pop("cursor_factory", None)
    with psycopg.connect(**params, autocommit=True) as server:
        server.execute(sql)


def test_the_migrations_apply_on_an_empty_database(tmp_path):
    if connection.vendor == "sqlite":
        result = _migrate(f"sqlite:///{tmp_path / 'empty.sqlite3'}")
    else:
        name = f"apertus_migrations_{uuid.uuid4().hex[:8]}"
        _server(f'CREATE DATABASE "{name}"')
        try:
            result = _migrate(_postgres_url(name))
        finally:
            _server(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-4000:]
    assert "Applying search.0002_full_text... OK" in result.stdout
