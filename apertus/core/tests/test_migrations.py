"""The test database is built from the models (``--nomigrations``), so the migrations get their own
checks: they describe the models exactly, and they apply, in order, on an empty database of the
same kind as the tests use (SQLite, or PostgreSQL when DATABASE_URL names one)."""

import os
import subprocess
import sys
import uuid
from contextlib import closing
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

ROOT = Path(__file__).resolve().parents[3]


# Both checks in one process, which saves a Django start: migrate the empty database, then look for
# model changes that no migration describes (as ``manage.py migrate`` and ``makemigrations --check``).
_MIGRATE_THEN_CHECK = """
import django
from django.core.management import call_command

django.setup()
call_command("migrate", interactive=False, verbosity=1)
print(MIGRATED, flush=True)
call_command("makemigrations", check_changes=True, dry_run=True, verbosity=1)
"""
MIGRATED = "-- migrated --"


def _migrate_then_check(database_url: str) -> subprocess.CompletedProcess:
    # In its own process: pytest-django turns migrations off in this one (--nomigrations).
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "APERTUS_ENV": "test",
        "DJANGO_SETTINGS_MODULE": "apertus.settings",
    }
    return subprocess.run(  # noqa: S603
        [sys.executable, "-c", f"MIGRATED = {MIGRATED!r}\n" + _MIGRATE_THEN_CHECK],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )


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


def _sqlite_full_text(path: Path) -> set[str]:
    """The columns of the FTS5 table that search/migrations/0002_full_text creates on SQLite."""
    import sqlite3

    with closing(sqlite3.connect(path)) as db:
        (sql,) = db.execute("SELECT sql FROM sqlite_master WHERE name = 'search_fts'").fetchone() or ("",)
        assert "USING fts5" in sql, sql
        return {row[1] for row in db.execute("PRAGMA table_info(search_fts)")}


def _postgres_full_text(name: str) -> set[str]:
    """The tsvector columns and the GIN indexes that 0002_full_text and 0005_title_index create."""
    import psycopg

    params = {**connection.get_connection_params(), "dbname": name}
    params.pop("cursor_factory", None)
    with psycopg.connect(**params) as db:
        columns = db.execute(
            "SELECT column_name FROM information_schema.columns "
            "WHERE table_name = 'search_searchdocument' AND data_type = 'tsvector'"
        ).fetchall()
        indexes = db.execute(
            "SELECT indexname FROM pg_indexes WHERE indexdef LIKE '%USING gin%' "
            "AND tablename IN ('search_searchdocument', 'search_searchword')"
        ).fetchall()
    return {row[0] for row in columns + indexes}


@pytest.mark.slow
def test_the_migrations_apply_on_an_empty_database_and_match_the_models(tmp_path):
    if connection.vendor == "sqlite":
        path = tmp_path / "empty.sqlite3"
        result = _migrate_then_check(f"sqlite:///{path}")
        full_text = _sqlite_full_text(path) if MIGRATED in result.stdout else set()
        expected = {"title", "body", "title_en", "body_en"}
    else:
        name = f"apertus_migrations_{uuid.uuid4().hex[:8]}"
        _server(f'CREATE DATABASE "{name}"')
        try:
            result = _migrate_then_check(_postgres_url(name))
            full_text = _postgres_full_text(name) if MIGRATED in result.stdout else set()
        finally:
            _server(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        expected = {
            "vector_es",
            "vector_en",
            "search_document_vector_es",
            "search_document_vector_en",
            "search_document_title_es",
            "search_document_title_en",
            "search_word_trigram",
        }
    migrated, _, checked = result.stdout.partition(MIGRATED)
    assert MIGRATED in result.stdout, "the migrations failed:\n" + migrated[-2000:] + result.stderr[-4000:]
    # An empty database gets search's squashed migration, which runs 0002_full_text's SQL (and 0005's).
    assert "Applying search.0001_squashed_0005_title_index... OK" in migrated
    assert expected <= full_text, f"full-text schema missing: {sorted(expected - full_text)}"
    assert result.returncode == 0, "models changed without a migration:\n" + checked + result.stderr[-4000:]
    assert "No changes detected" in checked
