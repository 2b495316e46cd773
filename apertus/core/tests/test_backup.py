"""Backup and restore, end to end, on the engine the suite runs on (SQLite or PostgreSQL).

A populated instance (the demo data plus uploaded documents) is backed up, restored into an empty
database and media folder, and every table (every row, compared as a multiset) and every file
(by SHA-256) is compared with the original. A corrupt or partial backup, or a non-empty target,
is refused with nothing changed.
"""

import hashlib
import os
import shutil
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from unittest import mock
from uuid import UUID

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection

from apertus.core.backup import BackupError, backup_create, backup_restore
from apertus.core.backup.database import other_connection
from apertus.core.backup.manifest import row_digest
from apertus.core.testing import demo_data_load
from apertus.documents.tests.files import image, pdf, upload

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return tmp_path / "media"


@pytest.fixture
def target(tmp_path, settings):
    """An empty database of the same engine (a connection of its own), and an empty media folder."""
    config = dict(connection.settings_dict)
    if connection.vendor == "sqlite":
        config.update(NAME=str(tmp_path / "restored.sqlite3"))
    else:
        config.update(NAME=f"{config['NAME']}_restore")
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{config["NAME"]}"')
            cursor.execute(f'CREATE DATABASE "{config["NAME"]}"')
    restored = other_connection(connection, **config)
    yield restored, tmp_path / "restored-media"
    restored.close()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{config["NAME"]}"')


def every_table(conn) -> dict[str, list]:
    """Every row of every table, sorted: two databases are equal when these are."""
    quote = conn.ops.quote_name
    tables = {}
    with conn.cursor() as cursor:
        for table in conn.introspection.table_names(cursor):
            cursor.execute(f"SELECT * FROM {quote(table)}")  # noqa: S608
            tables[table] = sorted(cursor.fetchall(), key=repr)
    return tables


def every_file(root: Path) -> dict[str, str]:
    return {
        path.relative_to(root).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in root.rglob("*")
        if path.is_file()
    }


def upload_documents(count: int = 3) -> None:
    from apertus.documents.services import document_create
    from apertus.territories.models import State

    oaxaca = State.objects.get(code="20")
    for i in range(count):
        content, name = (pdf(), f"minuta-{i}.pdf") if i % 2 == 0 else (image(), f"foto-{i}.png")
        document_create(
            actor=None,
            upload=upload(content, name),
            title=f"Documento {i}",
            kind="minuta",
            date=date(2026, 11, i + 1),
            state=oaxaca,
            is_public=bool(i % 2),
        )


def restore_into(target, folder: Path, settings, **options):
    restored, restored_media = target
    settings.MEDIA_ROOT = str(restored_media)
    return backup_restore(folder, connection=restored, **options)


def test_a_populated_instance_is_restored_exactly(media_root, target, tmp_path, settings):
    demo_data_load()  # load_demo once per worker, then its rows written back (core/testing.py)
    upload_documents()
    source_tables, source_files = every_table(connection), every_file(media_root)
    assert len(source_files) >= 3
    assert sum(1 for rows in source_tables.values() if rows) > 60  # really populated
    folder = tmp_path / "backup"

    manifest = backup_create(folder)

    assert set(manifest["database"]["tables"]) == set(source_tables)
    assert {t: m["rows"] for t, m in manifest["database"]["tables"].items()} == {
        t: len(rows) for t, rows in source_tables.items()
    }
    assert {f: m["sha256"] for f, m in manifest["media"]["files"].items()} == source_files
    restored, restored_media = target
    report = restore_into(target, folder, settings)

    assert report["tables"] == len(source_tables) and report["files"] == len(source_files)
    restored_tables = every_table(restored)
    assert set(restored_tables) == set(source_tables)
    different = [t for t in source_tables if restored_tables[t] != source_tables[t]]
    assert different == []
    assert every_file(restored_media) == source_files

    # A second restore onto the now populated target is refused; --force replaces it.
    with pytest.raises(BackupError, match="not empty"):
        restore_into(target, folder, settings)
    report = restore_into(target, folder, settings, force=True)
    assert every_table(restored) == restored_tables
    assert every_file(restored_media) == source_files
    assert any("previous media folder was kept" in w for w in report["warnings"])


def test_corrupt_or_partial_backups_are_refused_and_nothing_changes(media_root, target, tmp_path, settings):
    upload_documents(2)
    folder = tmp_path / "backup"
    backup_create(folder)
    restored, restored_media = target

    def refused(broken: Path, message: str):
        with pytest.raises(BackupError, match=message):
            restore_into(target, broken, settings)
        assert not restored_media.exists()
        with restored.cursor() as cursor:
            assert restored.introspection.table_names(cursor) == []

    # A media file changed after the backup was written.
    bad = tmp_path / "bad-media"
    shutil.copytree(folder, bad)
    victim = next(p for p in (bad / "media").rglob("*") if p.is_file())
    victim.write_bytes(victim.read_bytes()[:-1] + b"X")
    refused(bad, "corrupt or partial")

    # A truncated database file.
    bad = tmp_path / "bad-db"
    shutil.copytree(folder, bad)
    dump = next(p for p in bad.iterdir() if p.name.startswith("database."))
    dump.write_bytes(dump.read_bytes()[: dump.stat().st_size // 2])
    refused(bad, "database.* size or SHA-256 differs")

    # A missing file.
    bad = tmp_path / "bad-missing"
    shutil.copytree(folder, bad)
    victim = next(p for p in (bad / "media").rglob("*") if p.is_file())
    victim.unlink()
    refused(bad, "missing")

    # No manifest: an interrupted copy or not a backup at all.
    bad = tmp_path / "bad-manifest"
    shutil.copytree(folder, bad)
    (bad / "manifest.json").unlink()
    refused(bad, "partial")
    (bad / "manifest.json").write_text("{ not json")
    refused(bad, "corrupt")

    # The command says the same, as a CommandError.
    with pytest.raises(CommandError, match="corrupt"):
        call_command("restore", str(bad))


def test_backup_is_written_atomically(media_root, tmp_path):
    upload_documents(1)
    folder = tmp_path / "backup"
    with (
        mock.patch("apertus.core.backup.write_json", side_effect=OSError("disk full")),
        pytest.raises(OSError, match="disk full"),
    ):
        backup_create(folder)
    assert list(tmp_path.iterdir()) == [media_root]  # neither the folder nor a half-written one is left
    backup_create(folder)
    with pytest.raises(BackupError, match="already exists"):
        backup_create(folder)
    assert (folder / "manifest.json").is_file()
    assert oct(folder.stat().st_mode & 0o777) == "0o700"


def test_secret_key_travels_only_when_asked(media_root, tmp_path):
    plain = backup_create(tmp_path / "plain")
    assert not (tmp_path / "plain" / "secret_key").exists()
    assert settings.SECRET_KEY not in (tmp_path / "plain" / "manifest.json").read_text()
    assert plain["secret_key"]["included"] is False and len(plain["secret_key"]["fingerprint"]) == 64
    assert "SECRET_KEY" in plain["environment"]["secrets_to_set"]

    backup_create(tmp_path / "with-secret", include_secret=True)
    secret = tmp_path / "with-secret" / "secret_key"
    assert secret.read_text().strip() == settings.SECRET_KEY
    assert oct(os.stat(secret).st_mode & 0o777) == "0o600"


def test_restore_warns_when_the_secret_key_differs(media_root, target, tmp_path, settings):
    folder = tmp_path / "backup"
    backup_create(folder, include_secret=True)
    settings.SECRET_KEY = "another-" + "k" * 60
    restored, restored_media = target
    report = restore_into(target, folder, settings)
    assert any("SECRET_KEY differs" in w and "secret_key file" in w for w in report["warnings"])


def test_a_backup_from_before_a_squash_has_no_migration_pending(settings):
    """A database migrated before a squashed migration existed records only the migrations it replaces."""
    settings.MIGRATION_MODULES = {}  # the tests turn migrations off (--nomigrations)
    from django.db.migrations.loader import MigrationLoader

    from apertus.core.backup import _pending_migrations

    migrations = MigrationLoader(None, ignore_no_migrations=True).disk_migrations
    squashed = {f"{app}.{name}" for (app, name), migration in migrations.items() if migration.replaces}
    everything = {f"{app}.{name}" for app, name in migrations}
    assert squashed and _pending_migrations(everything) == []
    assert _pending_migrations(everything - squashed) == []
    assert _pending_migrations(everything - squashed - {"search.0005_title_index"}) == [
        "search.0001_squashed_0005_title_index",
        "search.0005_title_index",
    ]


@pytest.mark.parametrize(
    ("row", "digest"),
    [
        (("texto", 7, 2.5, None, True, False), "a06d192387e2b948a8997dbed93071d645fc2b52b44f4db1e478ddfbe3c4fd9b"),
        (
            (
                datetime(2026, 1, 2, 3, 4, 5),
                date(2026, 1, 2),
                Decimal("1.50"),
                b"\x00\x01",
                {"b": 1, "a": [1]},
                UUID(int=5),
            ),
            "87c4b6f80f8a4b43c1501dfb35dfca5498e2c0ff3f5659576dcfe208feb17cc4",
        ),
        (("", 0, -0.0, 10**20, 1e-7, "ñ"), "246e74f0ceadd68fa48a88d0d79c99e286d46a33a55e687086faf364b1d3bfcb"),
    ],
)
def test_a_rows_fingerprint_stays_what_earlier_backups_recorded(row, digest):
    """A backup's manifest holds each table's fingerprint; the same rows must give the same one in every
    later version, or restoring an older backup would report every table as changed."""
    assert row_digest(row) == int(digest, 16)
