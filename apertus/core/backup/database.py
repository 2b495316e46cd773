"""Copying the database out and back in, per engine.

SQLite: the online backup API copies a consistent snapshot while the site keeps running; the copy
is fingerprinted by opening it, so counts and hashes describe exactly what was saved.
PostgreSQL: one REPEATABLE READ transaction exports its snapshot, ``pg_dump --snapshot`` dumps that
snapshot in the custom format, and the same transaction fingerprints the tables, so the dump and
the manifest agree even while people keep writing. ``pg_restore`` loads it in a single transaction.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from django.db.utils import ConnectionHandler

from apertus.core.backup.manifest import BOOKKEEPING_TABLES, BackupError, table_fingerprints

SQLITE_FILE = "database.sqlite3"
POSTGRES_FILE = "database.dump"


def engine_of(connection) -> str:
    vendor = connection.vendor
    if vendor not in {"sqlite", "postgresql"}:
        raise BackupError(f"motor {vendor!r} no soportado / unsupported database engine")
    return vendor


def other_connection(connection, **changes):
    """A separate connection like ``connection`` (e.g. to a copied SQLite file), closed by the caller."""
    # A handler of its own (whose one alias must be called "default"): never the site's connections.
    handler = ConnectionHandler({"default": {**connection.settings_dict, **changes}})
    return handler["default"]


def user_tables_with_rows(connection) -> list[str]:
    """Tables holding data beyond what ``migrate`` writes by itself (empty list: an empty database)."""
    if connection.vendor == "sqlite" and not _sqlite_exists(connection):
        return []
    quote = connection.ops.quote_name
    found = []
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.table_names(cursor)):
            if table in BOOKKEEPING_TABLES:
                continue
            cursor.execute(f"SELECT 1 FROM {quote(table)} LIMIT 1")  # noqa: S608 - name from introspection
            if cursor.fetchone():
                found.append(table)
    return found


def _sqlite_exists(connection) -> bool:
    name = str(connection.settings_dict["NAME"])
    return name == ":memory:" or name.startswith("file:") or Path(name).exists()


# --- SQLite -------------------------------------------------------------------------------------


def sqlite_dump(connection, folder: Path) -> dict:
    target = folder / SQLITE_FILE
    connection.ensure_connection()
    copy = sqlite3.connect(target)
    try:
        with copy:
            connection.connection.backup(copy)
    finally:
        copy.close()
    _fsync_file(target)
    snapshot = other_connection(connection, NAME=str(target), OPTIONS={})
    try:
        return {"file": SQLITE_FILE, "tables": table_fingerprints(snapshot)}
    finally:
        snapshot.close()


def sqlite_load(connection, source: Path, expected: dict, compare) -> None:
    """Verify a copy of ``source`` against the manifest, then put it in place of the database file."""
    name = str(connection.settings_dict["NAME"])
    if name == ":memory:" or name.startswith("file:"):
        raise BackupError("no se restaura en una base SQLite en memoria / cannot restore into an in-memory SQLite")
    target = Path(name)
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = target.with_name(f".{target.name}.restoring")
    shutil.copyfile(source, staging)
    _fsync_file(staging)
    check = other_connection(connection, NAME=str(staging), OPTIONS={})
    try:
        problems = compare(expected, table_fingerprints(check))
    finally:
        check.close()
    if problems:
        staging.unlink()
        raise BackupError(
            "la copia de la base no coincide con el manifiesto / the database copy does not match "
            "its manifest:\n  " + "\n  ".join(problems[:20])
        )
    connection.close()
    for suffix in ("-wal", "-shm", "-journal"):  # a stale log would be replayed onto the restored file
        Path(f"{target}{suffix}").unlink(missing_ok=True)
    os.replace(staging, target)
    _fsync_dir(target.parent)


# --- PostgreSQL ---------------------------------------------------------------------------------


def _pg_env(settings_dict) -> dict:
    env = dict(os.environ)
    options = settings_dict.get("OPTIONS") or {}
    mapping = {
        "PGHOST": settings_dict.get("HOST"),
        "PGPORT": settings_dict.get("PORT"),
        "PGUSER": settings_dict.get("USER"),
        "PGPASSWORD": settings_dict.get("PASSWORD"),
        "PGDATABASE": settings_dict.get("NAME"),
        "PGSSLMODE": options.get("sslmode"),
    }
    env.update({key: str(value) for key, value in mapping.items() if value})
    return env


def pg_binary(name: str) -> str:
    folder = os.environ.get("PG_BIN_DIR", "")
    path = os.path.join(folder, name) if folder else shutil.which(name)
    if not path or not os.access(path, os.X_OK):
        raise BackupError(
            f"no se encontró {name}: instala el cliente de PostgreSQL (apt-get install "
            f"postgresql-client) o indica su carpeta en PG_BIN_DIR / {name} not found: install the "
            f"PostgreSQL client or set PG_BIN_DIR"
        )
    return path


def _run(args: list[str], env: dict, what: str) -> None:
    done = subprocess.run(args, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if done.returncode != 0:
        raise BackupError(f"{what} falló / failed ({done.returncode}): {done.stderr.strip()[-2000:]}")


def postgres_dump(connection, folder: Path) -> dict:
    from django.db import transaction

    target = folder / POSTGRES_FILE
    with transaction.atomic(using=connection.alias):
        with connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            cursor.execute("SELECT pg_export_snapshot(), current_setting('server_version')")
            snapshot, server_version = cursor.fetchone()
        _run(
            [
                pg_binary("pg_dump"),
                "--format=custom",
                f"--snapshot={snapshot}",
                "--no-owner",
                "--no-privileges",
                f"--file={target}",
            ],
            _pg_env(connection.settings_dict),
            "pg_dump",
        )
        tables = table_fingerprints(connection)
    _fsync_file(target)
    return {"file": POSTGRES_FILE, "tables": tables, "server_version": server_version}


def postgres_load(connection, source: Path) -> None:
    """Replace the public schema with the dump's. The caller has checked the database is empty
    (only what ``migrate`` writes) or that the operator asked to replace it."""
    with connection.cursor() as cursor:
        cursor.execute("DROP SCHEMA IF EXISTS public CASCADE")
        cursor.execute("CREATE SCHEMA public")
    connection.close()
    _run(
        [
            pg_binary("pg_restore"),
            "--no-owner",
            "--no-privileges",
            "--exit-on-error",
            "--single-transaction",
            f"--dbname={connection.settings_dict['NAME']}",
            str(source),
        ],
        _pg_env(connection.settings_dict),
        "pg_restore",
    )


def _fsync_file(path: Path) -> None:
    with open(path, "rb") as handle:
        os.fsync(handle.fileno())


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
